"""Store.events as one paged query (limit, offset, literal LIKE) and Store.event_day_counts, on
SQLite and PostgreSQL alike: the CLI and the dashboard's API both read through them."""
import pytest

from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store

# (doc id, day, town, admin1, lat, lon, actor, kind, killed): distinct incidents in Somalia and Kenya.
REPORTS = [
    ("hiiraan-01", "2023-05-02", "Mogadishu", "Banaadir", 2.04, 45.34, "Al Shabaab", "event", 3),
    ("hiiraan-02", "2023-05-02", "Baidoa", "Bay", 3.11, 43.65, "Al Shabaab", "event", 1),
    ("garowe-03", "2023-05-04", "Kismayo", "Lower Juba", -0.36, 42.55, "Military Forces of Somalia (2022-)",
     "event", 5),
    ("nation-04", "2023-05-04", "Mandera", "Mandera", 3.94, 41.86, "Al Shabaab", "event", 2),
    ("nation-05", "2023-05-09", "Garissa", "Garissa", -0.45, 39.65, "Police Forces of Kenya (2022-)", "event", 0),
    ("star-06", "2023-05-11", "Lamu", "Lamu", -2.27, 40.90, "Al Shabaab", "threat", None),
    ("hiiraan-07", "2023-05-11", "Beledweyne", "Hiran", 4.74, 45.20, "Clan Militia (Somalia)", "event", 4),
    ("garowe-08", None, "Bosaso", "Bari", 11.28, 49.18, "Islamic State Somalia Province", "event", 1),
]


def stored(store_url):
    store = Store(store_url)
    for doc_id, day, town, admin1, lat, lon, actor, kind, killed in REPORTS:
        country = "Kenya" if admin1 in ("Mandera", "Garissa", "Lamu") else "Somalia"
        sentence = f"{actor} attacked {town} on {day or 'an unknown day'}."
        store.add(Document(doc_id, sentence, title=f"Attack in {town}"), [Event(
            doc_id=doc_id, kind=kind, event_date=day, date_precision="day" if day else None,
            event_type=None if kind == "threat" else "Violence against civilians", actor1=actor,
            country=country, admin1=admin1, location=town, latitude=lat, longitude=lon, geo_precision=1,
            fatalities=killed, confidence=0.8, evidence=[Evidence(0, len(sentence), sentence, ["event"])])])
    return store


@pytest.fixture
def store(store_url):
    with stored(store_url) as s:
        yield s


def test_pages_follow_the_full_order_without_gaps_or_repeats(store):
    everything = store.events()
    assert len(everything) == len(REPORTS) and everything[-1]["event_date"] is None
    pages = [store.events(limit=3, offset=o) for o in range(0, len(REPORTS) + 3, 3)]
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in everything]
    assert pages[-1] == [] and store.events(offset=6) == everything[6:]


def test_pages_of_a_filtered_query(store):
    shabaab = store.events(actor="shabaab")
    assert len(shabaab) == 4
    assert store.events(actor="shabaab", limit=2, offset=2) == shabaab[2:]


@pytest.mark.parametrize("pattern", ["%", "_", "%%", "Sh_baab", "\\", "Sha%baab"])
def test_like_wildcards_in_an_actor_are_literal(store, pattern):
    assert store.events(actor=pattern) == []


def test_day_counts_cover_every_matching_event_by_kind(store):
    counts = store.event_day_counts()
    assert sum(c["count"] for c in counts) == len(REPORTS)
    assert counts[-1] == {"day": None, "kind": "event", "count": 1}
    days = [c["day"] for c in counts if c["day"]]
    assert days == sorted(days)
    assert {"day": "2023-05-11", "kind": "threat", "count": 1} in counts
    assert {"day": "2023-05-11", "kind": "event", "count": 1} in counts
    kenya = store.event_day_counts(country="Kenya", kind="event")
    assert kenya == [{"day": "2023-05-04", "kind": "event", "count": 1}, {"day": "2023-05-09", "kind": "event", "count": 1}]
    assert store.event_day_counts(actor="%") == []
