"""Watchlists and alerts in the store (SQLite and PostgreSQL): saved filters, matching, one
alert per watchlist for a new event and one for each article that changes it, never twice."""
import pytest

from eventdesk.store import Store
from eventdesk.watch import (FeedSpec, Watcher, WatchlistError, alerts, delete_watchlist, list_watchlists,
                             make_watchlist, raise_alerts, save_watchlist)
from eventdesk.watch.settings import WatchSettings
from eventdesk.watch.watchlists import matches

from test_store_toy_extractor import extract as toy_extract

KABUL_ATTACK = {"id": "EVD1", "kind": "event", "event_type": "Violence against civilians", "sub_event_type": "Attack",
                "country": "Afghanistan", "admin1": "Kabul", "location": "Kabul", "latitude": 34.53,
                "longitude": 69.17, "actor1": "Unidentified Armed Group (Afghanistan)",
                "claimed_by": "Islamic State Khorasan Province", "target_type": "Business"}


@pytest.mark.parametrize("filters, expected", [
    ({"country": "afghanistan"}, True), ({"country": "Pakistan"}, False),
    ({"near": "34.60,69.20", "radius_km": 20}, True), ({"near": "31.61,65.71", "radius_km": 100}, False),
    ({"actor": "islamic state"}, True), ({"type": "Attack"}, True), ({"type": "Battles"}, False),
    ({"kind": "threat"}, False), ({"target_type": "business"}, True), ({"target_type": "Diplomatic"}, False),
    ({"admin1": "Kabul", "kind": "event"}, True),
])
def test_a_watchlist_matches_when_every_filter_holds(filters, expected):
    assert matches(make_watchlist("w", **filters), KABUL_ATTACK) is expected


@pytest.mark.parametrize("filters, message", [
    ({"kind": "rumour"}, "kind must be"), ({"near": "91,0"}, "within -90..90"), ({"radius_km": 5}, "needs a point"),
    ({"target_type": "Hotels"}, "target_type must be"), ({"colour": "red"}, "unknown filter"),
])
def test_a_bad_watchlist_is_refused_saying_why(filters, message):
    with pytest.raises(WatchlistError, match=message):
        make_watchlist("w", **filters)
    with pytest.raises(WatchlistError, match="name"):
        make_watchlist("../etc")


def write(folder, name, text, published):
    import json
    line = {"id": name, "text": text, "published": published}
    (folder / f"{name}.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")


def test_alerts_once_per_new_event_and_per_changing_article(store_url, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with Store(store_url) as store:
        save_watchlist(store, make_watchlist("kabul", near="34.53,69.17", radius_km=25))
        save_watchlist(store, make_watchlist("herat-words", country="Afghanistan", words="checkpoint"))
        save_watchlist(store, make_watchlist("nigeria", country="Nigeria"))
        assert [w.name for w in list_watchlists(store)] == ["kabul", "herat-words", "nigeria"]
        watcher = Watcher(store, [FeedSpec(str(inbox), kind="folder")], WatchSettings(), toy_extract)
        write(inbox, "a", "Gunmen killed 3 people in Kabul on 2023-03-06 outside a hotel.", "2023-03-06")
        write(inbox, "b", "Gunmen attacked a police checkpoint in Herat on 2023-03-06 at night.", "2023-03-06")
        assert watcher.poll().alerts == 2
        write(inbox, "c", "Officials said gunmen killed 5 people in Kabul on 2023-03-06 near the hotel.", "2023-03-07")
        report = watcher.poll()
        assert report.alerts == 1
        (update,) = alerts(store, "kabul", limit=1)
        assert update.change == "update" and "fatalities revised 3 to 5" in update.summary
        assert [c[0] for c in update.changes] == ["fatalities", "source"]
        assert watcher.poll().alerts == 0
        # Raising again for the same events changes nothing: the same change never alerts twice.
        store._begin()
        again = raise_alerts(store, [e["id"] for e in store.events()])
        store._commit()
        assert again == []
        got = [(a.watchlist, a.change) for a in alerts(store, newest_first=False)]
        assert got == [("kabul", "new"), ("herat-words", "new"), ("kabul", "update")]
        assert delete_watchlist(store, "kabul") and not delete_watchlist(store, "kabul")
        assert len(alerts(store)) == 3   # past alerts stay
        watcher.close()
