"""Commands of the watch stage: ``watch``, ``feeds``, ``watchlist add|list|delete``, ``alerts``,
``site`` (registered on import)."""
from __future__ import annotations

import json
import sys

import click

from . import main
from .store_cmd import _cut, _load_extractor, db_option


def _settings(**options):
    from ..watch import DEFAULT_SETTINGS

    return DEFAULT_SETTINGS.with_(**options)


def _smtp(value):
    if not value:
        return None, None
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("expected HOST:PORT", param_hint="--smtp")
    return host, int(port)


dashboard_option = click.option("--dashboard-url", metavar="URL", default=None,
                                help="Where alert links point (default http://127.0.0.1:8000/).")


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@db_option
@click.option("--once", is_flag=True, help="Poll every feed once, deliver the alerts, and exit.")
@click.option("--interval", type=float, default=None, metavar="SECONDS",
              help="Seconds between polls of a feed (default 300; a feed's YAML entry may set its own).")
@click.option("--per-host-delay", type=float, default=None, metavar="SECONDS",
              help="At least this long between two requests to one host (default 1).")
@click.option("--timeout", type=float, default=None, metavar="SECONDS", help="Per request (default 20).")
@click.option("--max-body-bytes", type=int, default=None, help="Largest feed or page read (default 5 MB).")
@click.option("--smtp", metavar="HOST:PORT", help="SMTP server for e-mail digests (default localhost:25).")
@click.option("--mail-from", metavar="ADDRESS", help="Sender of e-mail digests.")
@click.option("--digest-every", type=float, default=None, metavar="SECONDS",
              help="At most one e-mail digest per recipient per this many seconds (default: one per poll).")
@dashboard_option
@click.option("--extractor", metavar="MODULE:FUNCTION",
              help="Use another extractor: a function Document -> list[Event] (default: eventdesk's pipeline).")
def watch(feeds, db, once, interval, per_host_delay, timeout, max_body_bytes, smtp, mail_from, digest_every,
          dashboard_url, extractor):
    """Watch FEEDS (RSS/Atom URLs, folders files arrive in, or a YAML list of feeds): store each
    new article with fusion, raise alerts for matching watchlists, deliver them.

    Safe to stop at any moment (even kill -9) and restart: seen articles, feed state and alerts
    are in the store. A bad feed is reported (see `eventdesk feeds`) and the others go on.
    """
    from ..store import Store
    from ..watch import FeedConfigError, Watcher, load_feeds

    try:
        specs = load_feeds(feeds)
    except FeedConfigError as exc:
        raise click.ClickException(str(exc))
    host, port = _smtp(smtp)
    settings = _settings(interval=interval, per_host_delay=per_host_delay, timeout=timeout,
                         max_body_bytes=max_body_bytes, smtp_host=host, smtp_port=port, mail_from=mail_from,
                         digest_interval=digest_every, dashboard_url=dashboard_url)
    extract = _load_extractor(extractor) if extractor else None
    say = lambda message: click.echo(f"eventdesk: {message}", err=True)
    with Store(db) as store, Watcher(store, specs, settings, extract, on_message=say) as watcher:
        if once:
            report = watcher.poll()
            counts = store.counts()
            say(f"{report.stored} article(s) stored, {report.alerts} alert(s) raised, "
                f"{report.delivery.sent} delivered; store now holds {counts['documents']} documents, "
                f"{counts['events']} fused events")
            if any(f.error for f in report.feeds):
                sys.exit(1)
            return
        say(f"watching {len(specs)} feed(s) (Ctrl-C stops)")
        try:
            watcher.run()
        except KeyboardInterrupt:
            pass


@main.command()
@db_option
@click.option("--items", is_flag=True, help="Also list the articles that failed, with their errors.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per feed.")
def feeds(db, items, as_json):
    """The watched feeds: last poll, status, errors, articles stored, pending and failed."""
    from dataclasses import asdict

    from ..store import Store
    from ..watch import feed_states

    with Store(db) as store:
        states = feed_states(store)
        failed = store._all("SELECT feed_url, url, error FROM feed_items WHERE status = 'failed' ORDER BY seq") \
            if items else []
    if as_json:
        for s in states:
            click.echo(json.dumps(asdict(s), ensure_ascii=False))
        return
    header = ("FEED", "LAST POLL", "STATUS", "ERR", "STORED", "PEND", "FAIL", "LAST ERROR")
    widths = (40, 25, 12, 3, 6, 4, 4, 60)
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    for s in states:
        cells = (s.name or s.url, s.last_poll or "never", s.status or "", s.errors, s.stored, s.pending, s.failed,
                 s.last_error or "")
        click.echo("  ".join(_cut(str(c), w).ljust(w) for c, w in zip(cells, widths)).rstrip())
    for feed_url, url, error in failed:
        click.echo(f"  failed: {url}: {error}")
    click.echo(f"{len(states)} feed(s)")


@main.group()
def watchlist():
    """Saved filters that raise alerts: add, list, delete."""


@watchlist.command("add")
@click.argument("name")
@db_option
@click.option("--country")
@click.option("--admin1")
@click.option("--near", metavar="LAT,LON", help="A point; with --radius-km (default 50).")
@click.option("--radius-km", type=float)
@click.option("--actor", help="Part of an actor's or claimant's name.")
@click.option("--type", "type_", metavar="TYPE", help="ACLED event type or sub-event type.")
@click.option("--kind", type=click.Choice(["event", "threat"]))
@click.option("--target-type", help="Diplomatic, Government, Business, NGO/International, ...")
@click.option("--words", help="Words that must all occur in one evidence sentence.")
@click.option("--webhook", metavar="URL", help="POST each alert here as signed JSON.")
@click.option("--secret", help="HMAC-SHA256 secret for the webhook signature.")
@click.option("--email", metavar="ADDRESS", help="Send e-mail digests of its alerts here.")
def watchlist_add(name, db, country, admin1, near, radius_km, actor, type_, kind, target_type, words, webhook,
                  secret, email):
    """Create (or replace) the watchlist NAME."""
    from ..store import Store
    from ..watch import WatchlistError, make_watchlist, save_watchlist

    try:
        wl = make_watchlist(name, webhook, secret, email, country=country, admin1=admin1, near=near,
                            radius_km=radius_km, actor=actor, type=type_, kind=kind, target_type=target_type,
                            words=words)
    except WatchlistError as exc:
        raise click.ClickException(str(exc))
    with Store(db) as store:
        save_watchlist(store, wl)
    click.echo(f"watchlist {wl.name}: {wl.describe()}")


@watchlist.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True)
def watchlist_list(db, as_json):
    """List the watchlists."""
    from ..store import Store
    from ..watch import list_watchlists

    with Store(db) as store:
        lists = list_watchlists(store)
    for wl in lists:
        if as_json:
            click.echo(json.dumps(wl.to_dict(), ensure_ascii=False))
            continue
        where = ", ".join(x for x in (f"webhook {wl.webhook_url}" if wl.webhook_url else "",
                                      f"e-mail {wl.email}" if wl.email else "") if x)
        click.echo(f"{wl.name}: {wl.describe()}" + (f"  -> {where}" if where else ""))


@watchlist.command("delete")
@click.argument("name")
@db_option
def watchlist_delete(name, db):
    """Delete the watchlist NAME (its past alerts stay)."""
    from ..store import Store
    from ..watch import delete_watchlist

    with Store(db) as store:
        if not delete_watchlist(store, name):
            raise click.ClickException(f"no watchlist {name!r}")
    click.echo(f"deleted watchlist {name}")


@main.command()
@db_option
@click.option("--watchlist", "watchlist_name", metavar="NAME", help="Only this watchlist's alerts.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "atom"]), default="table", show_default=True)
@dashboard_option
def alerts(db, watchlist_name, limit, fmt, dashboard_url):
    """List alerts, newest first; each links to its event's page on the dashboard."""
    from ..store import Store
    from ..watch import alerts as stored_alerts
    from ..watch import alerts_atom
    from ..watch.alerts import event_link

    settings = _settings(dashboard_url=dashboard_url)
    with Store(db) as store:
        rows = stored_alerts(store, watchlist_name, limit=limit)
    if fmt == "atom":
        sys.stdout.buffer.write(alerts_atom(rows, settings.dashboard_url))
        return
    for a in rows:
        link = event_link(settings.dashboard_url, a.event_id)
        if fmt == "jsonl":
            click.echo(json.dumps({**a.to_dict(), "link": link}, ensure_ascii=False))
        else:
            click.echo(f"{a.seq:>5}  {a.created or '':25}  [{a.watchlist}] {a.summary}\n       {link}")
    if fmt == "table":
        click.echo(f"{len(rows)} alert(s)")


@main.command()
@click.argument("name", required=False)
@db_option
@click.option("--at", "point", metavar="LAT,LON", help="The site's coordinates.")
@click.option("--radius-km", type=float, default=50.0, show_default=True)
@click.option("--watchlist", "watchlist_name", metavar="NAME", help="Use a watchlist's point, radius and filters.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Last day of the periods (default today).")
@click.option("--json", "as_json", is_flag=True)
def site(name, db, point, radius_km, watchlist_name, as_of, as_json):
    """Incidents and threats near a site over the last 7, 30 and 90 days, against the period before."""
    from datetime import date

    from ..store import Store
    from ..watch import Site, WatchlistError, site_from_watchlist, site_summary
    from ..watch.watchlists import parse_point

    if as_of:
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise click.BadParameter(f"not a YYYY-MM-DD date: {as_of!r}", param_hint="--as-of")
    with Store(db) as store:
        try:
            if watchlist_name:
                where = site_from_watchlist(store, watchlist_name)
            elif point:
                lat, lon = parse_point(point)
                where = Site(name or point, lat, lon, radius_km)
            else:
                raise click.UsageError("give --at LAT,LON or --watchlist NAME")
        except WatchlistError as exc:
            raise click.ClickException(str(exc))
        summary = site_summary(store, where, as_of)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    s = summary["site"]
    click.echo(f"{s['name']}: within {s['radius_km']:g} km of {s['latitude']:g},{s['longitude']:g}, "
               f"as of {summary['as_of']}")
    for p in summary["periods"]:
        ch = p["change"]
        click.echo(f"  last {p['days']:>2} days: {p['incidents']} incident(s) ({ch['incidents']:+d}), "
                   f"{p['threats']} threat(s) ({ch['threats']:+d}), {p['fatalities']} killed ({ch['fatalities']:+d})")
        if p["by_type"]:
            click.echo("    by type: " + ", ".join(f"{k} {v}" for k, v in p["by_type"].items()))
        if p["by_actor"]:
            click.echo("    by actor: " + ", ".join(f"{k} {v}" for k, v in p["by_actor"].items()))
    for e in summary["events"]:
        what = e.get("sub_event_type") or e.get("event_type") or e["kind"]
        click.echo(f"  {e.get('event_date') or '?':10}  {e['distance_km']:>6.1f} km  {what}: "
                   f"{e.get('location') or ''} {'' if e.get('fatalities') is None else str(e['fatalities']) + ' killed'}"
                   f"  [{e['id']}]".rstrip())
