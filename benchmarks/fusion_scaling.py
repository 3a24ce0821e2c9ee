"""Ingest and fusion cost per document as the store grows: 1k, 10k, 100k synthetic mentions.

Each synthetic document reports one mention of a synthetic real-world event; events are spread
over 60 countries and six years and reported by 1-4 outlets with jittered dates, tolls and
wording, so blocking and scoring do real work. Extraction is replaced by a lookup: this measures
the store and fusion only.

    .venv/bin/python benchmarks/fusion_scaling.py [--sizes 1000 10000 100000] [--memory-only]
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta

from eventdesk.fuse import fuse_events
from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store

VERBS = ["killed", "left dead", "claimed the lives of"]
ATTACKERS = ["gunmen", "a suicide bomber", "militants", "an armed group", "unknown assailants"]
TARGETS = ["a police checkpoint", "a market", "a mosque", "a bus station", "a school", "an army convoy"]


def synthetic(n_mentions: int, seed: int = 7) -> list[tuple[Document, Event]]:
    rng = random.Random(seed)
    out: list[tuple[Document, Event]] = []
    event_no = 0
    while len(out) < n_mentions:
        event_no += 1
        country = f"Country{rng.randrange(60)}"
        day = date(2018, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        lat, lon = rng.uniform(-30, 50), rng.uniform(-20, 120)
        who, target, toll = rng.choice(ATTACKERS), rng.choice(TARGETS), rng.randrange(1, 40)
        for k in range(rng.choice([1, 1, 2, 3, 4])):
            if len(out) >= n_mentions:
                break
            doc_id = f"e{event_no}-s{k}"
            jitter = rng.choice([0, 0, 0, 1])
            reported_toll = toll + rng.choice([0, 0, 1, 2])
            sentence = f"{who.capitalize()} attacked {target} in town {event_no % 997}, {rng.choice(VERBS)} {reported_toll} people."
            doc = Document(doc_id, f"Story {doc_id}. {sentence}", published=day + timedelta(days=1 + jitter))
            ev = Event(doc_id=doc_id, event_date=(day + timedelta(days=jitter)).isoformat(), date_precision="day",
                       event_type="Violence against civilians", country=country, location=f"Town{event_no % 997}",
                       latitude=lat + rng.uniform(-0.05, 0.05), longitude=lon + rng.uniform(-0.05, 0.05),
                       geo_precision=1, fatalities=reported_toll, target=target, confidence=0.8,
                       evidence=[Evidence(0, len(sentence), sentence, ["event"])])
            out.append((doc, ev))
    return out


def bench_store(pairs, path: str) -> float:
    by_id = {d.id: [e] for d, e in pairs}
    with Store(path) as store:
        start = time.perf_counter()
        summary = store.ingest((d for d, _ in pairs), lambda d: by_id[d.id])
        elapsed = time.perf_counter() - start
        assert not summary.errors
        events = store.counts()["events"]
    return elapsed, events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--memory-only", action="store_true", help="skip the SQLite store, time in-memory fusion only")
    a = ap.parse_args()
    print(f"{'mentions':>9} {'store ms/doc':>13} {'events':>8} {'memory ms/mention':>18}")
    for n in a.sizes:
        pairs = synthetic(n)
        start = time.perf_counter()
        fused = fuse_events([e for _, e in pairs])
        memory = (time.perf_counter() - start) / n * 1000
        store_ms, events = float("nan"), len(fused)
        if not a.memory_only:
            with tempfile.TemporaryDirectory() as tmp:
                elapsed, events = bench_store(pairs, os.path.join(tmp, "bench.db"))
                store_ms = elapsed / n * 1000
        print(f"{n:>9} {store_ms:>13.3f} {events:>8} {memory:>18.3f}", flush=True)


if __name__ == "__main__":
    main()
