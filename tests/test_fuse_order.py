"""Order independence: the same documents in any order, in memory or through the store (incremental
or rebuilt), give the same events."""
import random
from datetime import date

import pytest

from eventdesk.fuse import fuse_events
from eventdesk.model import Document
from eventdesk.store import Store
from test_store_toy_extractor import extract

ARTICLES = {
    "wire-1": "Gunmen killed 4 people in Kandahar on 2023-01-11. Police sealed off the bazaar.",
    "paper-2": "Local officials said attackers killed 5 people in Kandahar on 2023-01-11.",
    "radio-3": "Attackers killed 6 people in Kandahar on 2023-01-12, a day after the first attack.",
    "tv-4": "Gunmen killed 3 people in Kandahar on 2023-01-13 near the bazaar.",
    "blog-5": "A suicide bomber bombed a mosque in Herat on 2023-02-03 and killed 9 worshippers.",
    "site-6": "A bomber bombed a Herat mosque on 2023-02-03, witnesses said; the attack killed 11.",
    "post-7": "Gunmen killed 2 people in Kabul on 2023-01-12.",
    "desk-8": "Witnesses said gunmen attacked a checkpoint and killed 4 in Kandahar.",
    "desk-9": "Militants attacked a bus in Jalalabad on 2023-01-11 and killed 7.",
}


def documents(order):
    return [Document(n, ARTICLES[n], title=f"Report {n}", published=date(2023, 1, 14)) for n in order]


def grouping(events):
    return sorted(tuple(sorted(ev["doc_ids"])) for ev in events)


def test_memory_fusion_is_the_same_for_every_shuffle():
    mentions = [ev for doc in documents(sorted(ARTICLES)) for ev in extract(doc)]
    expected = grouping(fuse_events(mentions))
    rng = random.Random(3)
    for _ in range(20):
        rng.shuffle(mentions)
        assert grouping(fuse_events(mentions)) == expected


@pytest.fixture
def store_url_factory(tmp_path):
    counter = iter(range(1000))
    return lambda: str(tmp_path / f"order-{next(counter)}.db")


def test_store_ingest_in_any_order_gives_the_same_events_and_rebuild_agrees(store_url_factory):
    names = sorted(ARTICLES)
    results = []
    rng = random.Random(11)
    for _ in range(6):
        order = names[:]
        rng.shuffle(order)
        with Store(store_url_factory()) as store:
            store.ingest(documents(order), extract)
            incremental = grouping(store.events(kind=None))
            store.rebuild()
            assert grouping(store.events(kind=None)) == incremental
            results.append(incremental)
    assert all(r == results[0] for r in results)
    # No chaining: the Kandahar reports of days 11, 12 and 13 never make one event.
    for group in results[0]:
        assert not {"wire-1", "tv-4"} <= set(group)


def test_rebuild_is_deterministic_and_keeps_ids(store_url_factory):
    with Store(store_url_factory()) as store:
        store.ingest(documents(sorted(ARTICLES)), extract)
        before = {ev["id"]: ev["doc_ids"] for ev in store.events(kind=None)}
        store.rebuild()
        assert {ev["id"]: ev["doc_ids"] for ev in store.events(kind=None)} == before


def test_rebuild_of_an_over_merged_store_gives_consistent_events(store_url_factory):
    """A store fused by older rules (here: every mention in one event) is re-fused into events
    whose records list exactly their mentions, one id per event."""
    with Store(store_url_factory()) as store:
        store.ingest(documents(sorted(ARTICLES)), extract)
        fresh = grouping(store.events(kind=None))
        (first,) = store._one("SELECT MIN(id) FROM events")
        store._exec("UPDATE mentions SET event_id = ?", (first,))
        store._exec("DELETE FROM events WHERE id <> ?", (first,))
        store.conn.commit()
        store.rebuild()
        assert grouping(store.events(kind=None)) == fresh
        for ev in store.events(kind=None):
            members = sorted(r[0] for r in store._all("SELECT id FROM mentions WHERE event_id = ?", (ev["id"],)))
            assert members == ev["mention_ids"]
