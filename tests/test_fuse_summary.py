"""An event's running summary: the fused record of its members in any order, kept up to date as
reports join, so a join never re-reads the event's members (issue 11: flat cost per document)."""
import json
import random
from dataclasses import replace
from datetime import date

from eventdesk.fuse import DEFAULT_SETTINGS, fuse_mentions
from eventdesk.fuse.merge import FusedSummary
from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store

OUTLETS = ["Pajhwok", "TOLOnews", "Reuters", "AFP", "Ariana News", "Khaama Press"]
WORDING = [
    "A suicide attacker blew himself up inside the Imam Bargah mosque in Kandahar during Friday prayers, killing {n} worshippers.",
    "At least {n} people were killed when an explosion tore through a Shiite mosque in Kandahar city on Friday.",
    "The death toll from Friday's bombing of a Kandahar mosque has risen to {n}, a provincial health official said.",
    "Islamic State claimed the attack on the Kandahar mosque that killed {n} people at Friday prayers.",
]


def report(k: int) -> tuple[Document, Event]:
    """The k-th article on one bombing: tolls rise as reports come in, wording and outlets vary."""
    toll = 16 + k // 3
    sentence = WORDING[k % len(WORDING)].format(n=toll)
    doc = Document(f"kdr-{k:03d}", sentence, title=f"Kandahar mosque bombing ({OUTLETS[k % len(OUTLETS)]})",
                   source=OUTLETS[k % len(OUTLETS)], published=date(2021, 10, 15 + min(k // 10, 3)))
    ev = Event(doc_id=doc.id, event_date="2021-10-15", date_precision="day" if k % 5 else "week",
               event_type="Explosions/Remote violence", sub_event_type="Suicide bomb", country="Afghanistan",
               admin1="Kandahar", location="Kandahar" if k % 4 else None, latitude=31.61 if k % 4 else None,
               longitude=65.71 if k % 4 else None, geo_precision=1 if k % 4 else 3, fatalities=toll,
               injuries=30 + k if k % 2 else None, target="Imam Bargah mosque" if k % 3 == 0 else "a mosque",
               actor1="Islamic State (Afghanistan)" if k % 4 == 3 else None,
               confidence=0.6 + 0.01 * (k % 7), evidence=[Evidence(0, len(sentence), sentence, ["event"])])
    return doc, ev


def members(n: int) -> list[tuple[str, dict]]:
    out = []
    for k in range(n):
        doc, ev = report(k)
        rec = ev.to_dict()
        rec["doc_published"] = doc.published.isoformat()
        out.append((f"{doc.id}#0", rec))
    return out


def test_a_summary_built_in_any_order_is_the_fused_record():
    mentions = members(24)
    expected = fuse_mentions(mentions)
    assert expected["fatalities"] == 16 + 23 // 3 and expected["rules"]["fatalities"] == "latest_report"
    rng = random.Random(5)
    for _ in range(10):
        rng.shuffle(mentions)
        summary = FusedSummary()
        for mid, rec in mentions:
            summary.add(mid, rec)
        assert summary.record() == expected


def test_the_summary_follows_each_join():
    """After every added report the summary is the fused record of the reports so far."""
    mentions = members(12)
    summary = FusedSummary()
    for i, (mid, rec) in enumerate(mentions, 1):
        summary.add(mid, rec)
        assert summary.record() == fuse_mentions(mentions[:i])


def stored(store: Store) -> dict:
    (event,) = store.events(kind=None)
    return event


def ingest(store: Store, n: int) -> None:
    pairs = [report(k) for k in range(n)]
    by_id = {doc.id: [ev] for doc, ev in pairs}
    store.ingest([doc for doc, _ in pairs], lambda d: [replace(e) for e in by_id[d.id]])


def test_reports_joining_one_stored_event_read_only_themselves(tmp_path, monkeypatch):
    with Store(str(tmp_path / "one.db")) as store:
        ingest(store, 20)
        asked: list[int] = []
        real = Store._records_for
        monkeypatch.setattr(Store, "_records_for", lambda self, ids: asked.append(len(ids)) or real(self, ids))
        doc, ev = report(20)
        store.add(doc, [ev])
        assert asked == [1]   # the new report's record; none of the 20 members'
        event = stored(store)
        assert len(event["doc_ids"]) == 21 and len(event["merges"]) == 20
        assert [s["fatalities"] for s in event["fatalities_by_source"]][-1] == 16 + 20 // 3


def test_the_joined_record_is_what_a_rebuild_computes(tmp_path):
    with Store(str(tmp_path / "one.db")) as store:
        ingest(store, 30)
        incremental = stored(store)
        records = [(m, store._records_for([m])[0][1]) for m in incremental["mention_ids"]]
        fused = fuse_mentions(records)
        for field in ("event_date", "location", "fatalities", "fatalities_low", "fatalities_high", "injuries",
                      "target", "actor1", "doc_ids", "notes", "disagreements", "fatalities_by_source"):
            assert incremental[field] == fused[field], field
        assert incremental["outlets"] == sorted(OUTLETS)
        store.rebuild()
        rebuilt = stored(store)
        # (a rebuild tells its merges anew, so the record's update stamp may move to its second)
        changing = ("merges", "timestamp", "updated")
        assert {k: v for k, v in rebuilt.items() if k not in changing} == \
            {k: v for k, v in incremental.items() if k not in changing}


def test_a_small_event_cache_gives_the_same_events(tmp_path):
    """Two incidents reported alternately with room for one event's state: each join finds the
    other's state gone and makes it again from the store."""
    tight = replace(DEFAULT_SETTINGS, cached_events=1, cached_mentions=2, cached_records=2)
    results = []
    for settings in (DEFAULT_SETTINGS, tight):
        with Store(str(tmp_path / f"c{settings.cached_events}.db"), settings=settings) as store:
            docs, found = [], {}
            for k in range(10):
                doc, ev = report(k)
                if k % 2:   # the other incident: Herat, two days later
                    ev = replace(ev, admin1="Herat", location="Herat", latitude=34.35, longitude=62.20,
                                 geo_precision=1, event_date="2021-10-17", date_precision="day")
                    doc = replace(doc, text=doc.text.replace("Kandahar", "Herat"), title=doc.title.replace("Kandahar", "Herat"))
                docs.append(doc)
                found[doc.id] = [ev]
            store.ingest(docs, lambda d: [replace(e) for e in found[d.id]])
            results.append(sorted(json.dumps({k: v for k, v in e.items() if k not in ("timestamp", "updated")},
                                                 sort_keys=True)
                                  for e in store.events(kind=None)))
    assert results[0] == results[1] and len(results[0]) == 2


def stored_whole(store, eid: str) -> str:
    """A stored event's record as readers return it (its lists put back), but ``updated``, as JSON."""
    record = store.event(eid)
    record.pop("updated")
    return json.dumps(record, ensure_ascii=False)


def test_the_stored_record_is_the_record_encoded_whole(tmp_path):
    """The joined event's record, its head in the events table and its growing lists put back
    from its member and merge rows, is byte for byte the record encoded at once (the key order
    and spacing of json.dumps); the head holds none of the lists."""
    from eventdesk.store.store import Store as S
    with S(str(tmp_path / "s.db")) as store:
        for k in range(12):
            store.add(*(lambda d, e: (d, [e]))(*report(k)))
        (eid, head), = [(r[0], json.loads(r[1])) for r in store._all("SELECT id, record FROM events")]
        state = store._states[eid]
        full = state.fused.record(DEFAULT_SETTINGS)
        by_source = full.pop("fatalities_by_source")
        expected = {"id": eid, **full, "outlets": sorted(state.outlets), "merges": state.merges,
                    "fatalities_by_source": by_source}
        assert stored_whole(store, eid) == json.dumps(expected, ensure_ascii=False)
        assert list(head) == list(expected)
        assert all(head[k] is None for k in ("doc_ids", "mention_ids", "outlets", "merges", "fatalities_by_source"))
        assert all(isinstance(d, str) for d in head["disagreements"])
        assert len(state.merges) == 11 and len(json.loads(stored_whole(store, eid))["mention_ids"]) == 12
        assert store._one("SELECT COUNT(*) FROM event_members WHERE event_id = ?", (eid,))[0] == 12
        assert store._one("SELECT COUNT(*) FROM event_merges WHERE event_id = ?", (eid,))[0] == 11


def test_a_bounded_cache_drops_its_oldest_entry():
    from eventdesk.store.store import BoundedCache
    cache = BoundedCache(3)
    for k in range(10):
        cache[k] = k
        cache[k] = -k   # an update keeps its place and evicts nothing
    assert list(cache.items()) == [(7, -7), (8, -8), (9, -9)]


def disputed(k: int) -> tuple[Document, Event]:
    """The k-th report of one attack on which the sources disagree about everything the record
    lists without vetoing one another: the day (a week, and a day just after it), the place
    (towns 40 km apart), the type, the attacker and the toll; many repeat one sentence word for
    word (wire copy) in capitals or not."""
    doc, ev = report(k)
    far = k % 7 == 3
    ev = replace(ev, event_date="2021-10-23" if k % 9 == 4 else "2021-10-15",
                 date_precision="day" if k % 9 == 4 else "week",
                 location="Daman" if far else ev.location, geo_precision=1 if far else ev.geo_precision,
                 latitude=31.61 if far else ev.latitude, longitude=66.13 if far else ev.longitude,
                 event_type="Battles" if k % 8 == 6 else ev.event_type,
                 actor1=["Taliban", "Islamic State (Afghanistan)", "TALIBAN", None][k % 4])
    if k % 3:
        wire = "Wire: a BOMB hit a mosque in Kandahar." if k % 2 else "wire: a bomb hit a mosque in Kandahar."
        ev = replace(ev, evidence=[Evidence(0, len(wire), wire, ["event"])])
    return doc, ev


def test_a_disputed_event_is_encoded_whole_after_every_join(tmp_path):
    """Disagreements over every field (their values put back from the members' rows), the notes
    and the place check, kept up to date join by join: the stored record is at every step the
    record encoded at once, and the record is the fused record of the reports so far."""
    from eventdesk.store.store import Store as S
    order = list(range(40))
    random.Random(3).shuffle(order)
    with S(str(tmp_path / "d.db")) as store:
        seen = []
        for k in order:
            doc, ev = disputed(k)
            store.add(doc, [ev])
            seen.append(k)
            for eid in [r[0] for r in store._all("SELECT id FROM events")]:
                text = stored_whole(store, eid)
                state = store._states.get(eid) or store._event_state(eid)
                full = state.fused.record(DEFAULT_SETTINGS)
                by_source = full.pop("fatalities_by_source", None)
                expected = {"id": eid, **full, "outlets": sorted(state.outlets), "merges": state.merges}
                if by_source is not None:
                    expected["fatalities_by_source"] = by_source
                assert text == json.dumps(expected, ensure_ascii=False)
        events = store.events(kind=None)
        fields = {d["field"] for e in events for d in e["disagreements"]}
        assert len(events) == 1 and fields == {"event_date", "location", "event_type", "actor1", "fatalities"}
        for e in events:
            records = [(m, store._records_for([m])[0][1]) for m in e["mention_ids"]]
            assert {k: v for k, v in e.items() if k not in ("id", "merges", "outlets", "updated")} == \
                fuse_mentions(records)


def test_notes_are_the_first_distinct_sentences_by_mention_id():
    """The first three sentences that differ (case aside), each as its first member wrote it."""
    mentions = [(f"m{k:02d}", {"doc_id": f"d{k}", "evidence": [{"text": text}]}) for k, text in enumerate(
        ["Bomb  hit.", "bomb hit.", "A raid.", "BOMB HIT.", "a raid.", "Shots fired.", "More news."])]
    for order in (mentions, mentions[::-1], mentions[3:] + mentions[:3]):
        summary = FusedSummary()
        for mid, rec in order:
            summary.add(mid, rec)
        assert summary.record()["notes"] == "Bomb hit. | A raid. | Shots fired."
