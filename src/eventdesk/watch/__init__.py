"""Watch: live feeds in, watchlists and alerts out, and a threat-to-site view.

One module per job, in the order a poll runs them:

- ``feeds``: what to watch (URLs, folders, a YAML list) -> ``FeedSpec``;
- ``fetch``: polite bounded HTTP (conditional GET, robots.txt, per-host delay, caps);
- ``parse``: a feed's entries (feedparser); ``article``: an entry's page -> ``Document``;
- ``state``: feed state and seen items in the store; ``watcher``: the poll loop;
- ``watchlists``: saved filters; ``alerts``: changes that match them, once each;
- ``atom``, ``webhook``, ``mail``, ``delivery``: where alerts go;
- ``site``: incidents and threats near a site over 7/30/90 days;
- ``settings``: every knob, in one place.

Library use::

    from eventdesk.store import Store
    from eventdesk import watch
    with Store("eventdesk.db") as store:
        watch.save_watchlist(store, watch.make_watchlist("kabul", near="34.53,69.17", radius_km=30))
        with watch.Watcher(store, watch.load_feeds(["feeds.yaml"])) as watcher:
            report = watcher.poll()
        watch.alerts(store)
"""
from .alerts import Alert, alerts, raise_alerts
from .atom import alerts_atom
from .delivery import deliver
from .feeds import FeedConfigError, FeedSpec, load_feeds
from .settings import DEFAULT_SETTINGS, WatchSettings
from .site import Site, site_from_watchlist, site_summary
from .state import feed_states
from .watcher import PollReport, Watcher
from .watchlists import (Watchlist, WatchlistError, delete_watchlist, get_watchlist, list_watchlists,
                         make_watchlist, save_watchlist)

__all__ = ["Alert", "DEFAULT_SETTINGS", "FeedConfigError", "FeedSpec", "PollReport", "Site", "WatchSettings",
           "Watcher", "Watchlist", "WatchlistError", "alerts", "alerts_atom", "delete_watchlist", "deliver",
           "feed_states", "get_watchlist", "list_watchlists", "load_feeds", "make_watchlist", "raise_alerts",
           "save_watchlist", "site_from_watchlist", "site_summary"]
