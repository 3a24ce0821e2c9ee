"""Ingest and fusion cost per document as the store grows (1k ... 1M synthetic mentions), and as
one incident gathers many reports; peak memory (max RSS) of each run, each size in its own process.

Each synthetic document reports one mention of a synthetic real-world event; events are spread
over 60 countries and six years and reported by 1-4 outlets with jittered dates, tolls and
wording, so blocking and scoring do real work. Extraction is replaced by a lookup: this measures
the store and fusion only.

    .venv/bin/python benchmarks/fusion_scaling.py [--sizes 1000 10000 100000 1000000] [--memory-only]
                                                  [--store-limit N] [--incident-sizes 10 100 400]
    .venv/bin/python benchmarks/fusion_scaling.py --one-event 2000 [--window 250]
    .venv/bin/python benchmarks/fusion_scaling.py --constant-density [--sizes ...]

``--constant-density``: the events' days span 6 years per 10,000 mentions (the 10k store's
events per country-day at every size, as an archive growing over time) instead of a fixed six
years, in which a larger store is a denser one and each mention has more candidates to compare.

``--one-event N`` is issue 11's bar: N reports of one event ingested one by one into a store; it
prints the cost per document of the first, middle and last ``--window`` reports (each document
timed on its own) and their ratio, which should stay near 1 (flat: a join does not re-read the
event's members).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

from eventdesk.fuse import fuse_events
from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store

VERBS = ["killed", "left dead", "claimed the lives of"]
ATTACKERS = ["gunmen", "a suicide bomber", "militants", "an armed group", "unknown assailants"]
TARGETS = ["a police checkpoint", "a market", "a mosque", "a bus station", "a school", "an army convoy"]


SPAN_DAYS = 6 * 365
DENSITY_MENTIONS = 10_000   # --constant-density: SPAN_DAYS per this many mentions


def density_days(n_mentions: int) -> int:
    return max(SPAN_DAYS, SPAN_DAYS * n_mentions // DENSITY_MENTIONS)


def synthetic(n_mentions: int, seed: int = 7, days: int = SPAN_DAYS) -> list[tuple[Document, Event]]:
    return list(stream(n_mentions, seed, days))


def stream(n_mentions: int, seed: int = 7, days: int = SPAN_DAYS):
    """The synthetic (document, mention) pairs one at a time: the store benchmark holds none in
    memory. ``days``: how many days the events' dates span from 2018-01-01."""
    rng = random.Random(seed)
    made = 0
    event_no = 0
    while made < n_mentions:
        event_no += 1
        country = f"Country{rng.randrange(60)}"
        day = date(2018, 1, 1) + timedelta(days=rng.randrange(days))
        lat, lon = rng.uniform(-30, 50), rng.uniform(-20, 120)
        who, target, toll = rng.choice(ATTACKERS), rng.choice(TARGETS), rng.randrange(1, 40)
        for k in range(rng.choice([1, 1, 2, 3, 4])):
            if made >= n_mentions:
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
            made += 1
            yield doc, ev


def rss_mb() -> tuple[float, float]:
    """(resident now, peak) in MB, from /proc (Linux); NaN elsewhere."""
    found = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    found[line.split(":")[0]] = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return found.get("VmRSS", float("nan")), found.get("VmHWM", float("nan"))


PROGRESS_EVERY = 50_000


def bench_store(pairs, path: str, progress: int = PROGRESS_EVERY) -> tuple[float, float, int]:
    """Ingest ``pairs`` (any iterable, consumed lazily) with extraction replaced by a lookup.
    Returns (wall seconds, CPU seconds of this process, events). Every ``progress`` documents a
    line on stderr: the cost per document since the last line and memory now (how the cost moves
    as the store grows, within one run)."""
    current: dict[str, list[Event]] = {}
    mark = [time.perf_counter(), time.process_time(), 0]

    def documents():
        for n, (doc, ev) in enumerate(pairs):
            if progress and n and n % progress == 0:
                now, cpu = time.perf_counter(), time.process_time()
                rss, peak = rss_mb()
                done = n - mark[2]
                print(f"  {n:>9} stored: {(now - mark[0]) / done * 1000:.3f} ms/doc wall, "
                      f"{(cpu - mark[1]) / done * 1000:.3f} CPU, over the last {done:,}; "
                      f"RSS {rss:.0f} MB (peak {peak:.0f})", file=sys.stderr, flush=True)
                mark[:] = [now, cpu, n]
            current.clear()
            current[doc.id] = [ev]
            yield doc

    with Store(path) as store:
        start, cpu = time.perf_counter(), time.process_time()
        summary = store.ingest(documents(), lambda d: current[d.id])
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert not summary.errors
        events = store.counts()["events"]
    return elapsed, cpu, events


def one_incident(n_reports: int) -> list[tuple[Document, Event]]:
    """``n_reports`` articles on one attack (same town and day, wording and tolls varying)."""
    rng = random.Random(n_reports)
    out = []
    for k in range(n_reports):
        doc_id = f"big-s{k}"
        toll = 10 + k // 10
        sentence = f"{rng.choice(ATTACKERS).capitalize()} attacked the market in Town1, {rng.choice(VERBS)} {toll} people."
        doc = Document(doc_id, f"Story {doc_id}. {sentence}", published=date(2020, 5, 2))
        out.append((doc, Event(doc_id=doc_id, event_date="2020-05-01", date_precision="day",
                               event_type="Violence against civilians", country="Country1", location="Town1",
                               latitude=10.0, longitude=20.0, geo_precision=1, fatalities=toll, target="a market",
                               confidence=0.8, evidence=[Evidence(0, len(sentence), sentence, ["event"])])))
    return out


WARM_UP_REPORTS = 50


def warm_up() -> None:
    """Store and fuse a few reports in a throwaway store first, so what is loaded or compiled
    once a process (modules, gazetteers, regular expressions) is not counted in the first window."""
    current: dict[str, list[Event]] = {}

    def documents():
        for doc, ev in one_incident(WARM_UP_REPORTS):
            current.clear()
            current[doc.id] = [ev]
            yield doc

    with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "warm.db")) as store:
        store.ingest(documents(), lambda d: current[d.id])


def one_event_costs(n_reports: int) -> tuple[list[float], list[float]]:
    """Seconds each of ``n_reports`` reports of one event takes to store and fuse, in order:
    wall time and this process's CPU time (after a warm-up)."""
    warm_up()
    pairs = one_incident(n_reports)
    current: dict[str, list[Event]] = {}
    costs: list[float] = []
    cpu_costs: list[float] = []
    last = [None, None]

    def documents():
        for doc, ev in pairs:
            now, cpu = time.perf_counter(), time.process_time()
            if last[0] is not None:   # the time since the previous document was handed over
                costs.append(now - last[0])
                cpu_costs.append(cpu - last[1])
            current.clear()
            current[doc.id] = [ev]
            last[:] = [time.perf_counter(), time.process_time()]
            yield doc

    with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "one.db")) as store:
        store.ingest(documents(), lambda d: current[d.id])
        costs.append(time.perf_counter() - last[0])
        cpu_costs.append(time.process_time() - last[1])
        assert store.counts()["events"] == 1
    return costs, cpu_costs


def one_event(n_reports: int, window: int) -> None:
    out = json.loads(subprocess.run([sys.executable, __file__, "--child", "flat", str(n_reports), "store"],
                                    check=True, stdout=subprocess.PIPE, text=True).stdout)
    for label, costs in (("wall", out["costs"]), ("CPU", out["cpu_costs"])):
        middle = (len(costs) - window) // 2
        spans = {"first": costs[:window], "middle": costs[middle:middle + window], "last": costs[-window:]}
        ms = {k: sum(v) / len(v) * 1000 for k, v in spans.items()}
        print(f"{n_reports} reports of one event: ms/document ({label}), reports 1-{window}: {ms['first']:.2f}, "
              f"{middle + 1}-{middle + window}: {ms['middle']:.2f}, {len(costs) - window + 1}-{len(costs)}: "
              f"{ms['last']:.2f}; last/first {ms['last'] / ms['first']:.2f}; max RSS {out['max_rss_mb']:.0f} MB")


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child(kind: str, n: int, mode: str, db: str = None) -> dict:
    if kind == "flat":
        costs, cpu_costs = one_event_costs(n)
        return {"costs": costs, "cpu_costs": cpu_costs, "max_rss_mb": max_rss_mb()}
    if kind in ("store", "density"):
        days = density_days(n) if kind == "density" else SPAN_DAYS
        pairs = stream(n, days=days) if mode == "store" else synthetic(n, days=days)
    else:
        pairs = one_incident(n)
    out = {}
    if mode == "memory":
        start, cpu = time.perf_counter(), time.process_time()
        out["events"] = len(fuse_events([e for _, e in pairs]))
        out["ms"] = (time.perf_counter() - start) / n * 1000
        out["cpu_ms"] = (time.process_time() - cpu) / n * 1000
    elif db:   # kept, to look into or profile ingest into afterwards
        elapsed, cpu, out["events"] = bench_store(pairs, db)
        out["ms"], out["cpu_ms"] = elapsed / n * 1000, cpu / n * 1000
    else:
        with tempfile.TemporaryDirectory() as tmp:
            elapsed, cpu, out["events"] = bench_store(pairs, os.path.join(tmp, "bench.db"))
            out["ms"], out["cpu_ms"] = elapsed / n * 1000, cpu / n * 1000
    out["max_rss_mb"] = max_rss_mb()
    return out


def run_child(kind: str, n: int, mode: str, db: str = None) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, str(n), mode] + (["--db", db] if db else [])
    # stderr passes through: the child's progress lines
    return json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000, 1000000])
    ap.add_argument("--store-limit", type=int, default=10**9, help="time in memory only above this many mentions")
    ap.add_argument("--incident-sizes", type=int, nargs="*", default=[10, 100, 400, 1000])
    ap.add_argument("--memory-only", action="store_true", help="skip the SQLite store, time in-memory fusion only")
    ap.add_argument("--store-only", action="store_true", help="skip in-memory fusion")
    ap.add_argument("--one-event", type=int, metavar="N", help="only: N reports of one event, cost per document "
                                                                   "of the first, middle and last --window")
    ap.add_argument("--window", type=int, default=250)
    ap.add_argument("--constant-density", action="store_true",
                    help="events span 6 years per 10,000 mentions (constant events per country-day)")
    ap.add_argument("--db", metavar="PATH", help="one size only: write its store here and keep it "
                                                   "(the path must not exist)")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "N", "MODE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], int(a.child[1]), a.child[2], a.db)))
        return
    if a.db and (len(a.sizes) != 1 or os.path.exists(a.db)):
        ap.error("--db takes one --sizes value and a path that does not exist yet")
    if a.one_event:
        one_event(a.one_event, a.window)
        return
    print(f"{'':9} {'mentions':>9} {'store ms/doc':>13} {'CPU ms':>7} {'RSS MB':>7} {'events':>8} "
          f"{'memory ms/mention':>18} {'CPU ms':>7} {'RSS MB':>7}")
    runs = [("density" if a.constant_density else "store", n) for n in a.sizes] + \
        [("incident", n) for n in a.incident_sizes]
    nan = {"ms": float("nan"), "cpu_ms": float("nan"), "max_rss_mb": float("nan"), "events": 0}
    for kind, n in runs:
        db = a.db if kind in ("store", "density") else None
        st = nan if a.memory_only or n > a.store_limit else run_child(kind, n, "store", db)
        mem = nan if a.store_only else run_child(kind, n, "memory")
        label = {"store": "growth", "density": "density"}.get(kind, "1 event")
        print(f"{label:9} {n:>9} {st['ms']:>13.3f} {st['cpu_ms']:>7.3f} {st['max_rss_mb']:>7.0f} "
              f"{max(st['events'], mem['events']):>8} {mem['ms']:>18.3f} {mem['cpu_ms']:>7.3f} "
              f"{mem['max_rss_mb']:>7.0f}", flush=True)


if __name__ == "__main__":
    main()
