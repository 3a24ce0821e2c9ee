"""The dashboard under load: a synthetic store of 100,000 events, 20 concurrent clients for 30 s
on loopback, latency per endpoint (p50, p95, max), errors, and the server's peak memory.

The bar (issue 11): ``/api/events`` (default page) p95 < 300 ms, ``/api/facets`` p95 < 500 ms,
no errors, server < 500 MB. The server runs as ``eventdesk serve`` in its own process (so its
memory is its own); each client is a process of its own too (so the clients' GIL does not add
to the latencies), looping over what the dashboard asks for on a load: the default events page,
the facets, the timeline's day counts, and a page of the table further in under a filter.

    .venv/bin/python benchmarks/web_load.py [--events 100000] [--clients 20] [--seconds 30]
                                            [--db FILE (kept and reused)]

Building the store takes about 1 ms an event (fusion included); pass ``--db`` to keep it.
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store

COUNTRIES = ["Afghanistan", "Pakistan", "India", "Iraq", "Syria", "Yemen", "Somalia", "Sudan", "Nigeria", "Mali",
             "Burkina Faso", "Niger", "Cameroon", "Democratic Republic of Congo", "Ethiopia", "Kenya", "Mozambique",
             "Myanmar", "Philippines", "Colombia", "Mexico", "Ukraine", "Lebanon", "Libya", "Chad"]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Explosions/Remote violence", "Suicide bomb"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Violence against civilians", "Attack"), ("Violence against civilians", "Abduction/forced disappearance"),
         ("Protests", "Peaceful protest"), ("Riots", "Violent demonstration")]
ACTORS = ["Islamic State", "Al Shabaab", "Boko Haram", "Taliban", "JNIM", "ADF", "Houthis", "Unidentified Armed Group",
          "Rapid Support Forces", "Arakan Army", "Protesters", "Rioters", "Police Forces", "Military Forces",
          "Clan Militia", "Ethnic Militia"]


def build(path: str, n: int, seed: int = 11) -> None:
    """``n`` distinct incidents over 25 countries, 6 years and 400 towns a country (none fuse)."""
    rng = random.Random(seed)
    start = time.perf_counter()
    with Store(path) as store:
        have = store.counts()["events"]
        for i in range(n):
            country = COUNTRIES[i % len(COUNTRIES)]
            town = f"{country[:4]} town {rng.randrange(400)}"
            day = date(2018, 1, 1) + timedelta(days=rng.randrange(6 * 365))
            etype, sub = rng.choice(TYPES)
            actor = f"{rng.choice(ACTORS)} ({country})"
            toll = None if etype == "Protests" else rng.randrange(0, 30)
            lat, lon = rng.uniform(-30, 50), rng.uniform(-80, 125)
            if i < have:          # already stored: the generator still draws the same numbers
                continue
            text = f"{actor} were blamed for an incident in {town} on {day.isoformat()}; {toll or 0} people died."
            doc = Document(f"doc{i}", text, title=f"Incident {i}", published=day + timedelta(days=1), source="Wire")
            event = Event(doc_id=doc.id, event_date=day.isoformat(), date_precision="day", event_type=etype,
                          sub_event_type=sub, actor1=actor, country=country, admin1=f"{country[:4]} region {i % 37}",
                          location=town, latitude=lat, longitude=lon, geo_precision=1, fatalities=toll,
                          confidence=0.8, evidence=[Evidence(0, len(text), text, ["event"])])
            store.add(doc, [event])
            if (i + 1) % 10_000 == 0:
                print(f"  {i + 1:,} events ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)


# (name in the report, path); {country} and {offset} are drawn per request.
REQUESTS = [("/api/events", "/api/events"), ("/api/facets", "/api/facets"), ("/api/timeline", "/api/timeline"),
            ("/api/events?country=&offset=&limit=50", "/api/events?country={country}&offset={offset}&limit=50")]


def client(host: str, port: int, seconds: float, seed: int, out) -> None:
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {name: [] for name, _ in REQUESTS}
    errors: list[str] = []
    end = time.monotonic() + seconds
    i = seed
    while time.monotonic() < end:
        name, path = REQUESTS[i % len(REQUESTS)]
        i += 1
        path = path.format(country=rng.choice(COUNTRIES).replace(" ", "+"), offset=50 * rng.randrange(60))
        begin = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("GET", path, headers={"Host": f"{host}:{port}"})
            res = conn.getresponse()
            body = res.read()
            conn.close()
        except OSError as exc:
            errors.append(f"{path}: {exc}")
            continue
        if res.status != 200 or not body:
            errors.append(f"{path}: {res.status}")
            continue
        samples[name].append(time.perf_counter() - begin)
    out.put((samples, errors))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--db", help="the store to build (or reuse, topped up to --events)")
    args = parser.parse_args()
    db = args.db or os.path.join(tempfile.mkdtemp(prefix="eventdesk-load-"), "load.db")
    print(f"store {db}: building up to {args.events:,} events", file=sys.stderr)
    build(db, args.events)
    with Store(db) as store:
        counts = store.counts()
    print(f"store: {counts['events']:,} events, {counts['documents']:,} documents", file=sys.stderr)

    server = subprocess.Popen([sys.executable, "-m", "eventdesk", "serve", "--db", db, "--port", "0", "--quiet",
                               "--read-only"], stderr=subprocess.PIPE, text=True)
    try:
        url = server.stderr.readline().split(" at ", 1)[1].split()[0]
        host, port = url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
        queue = multiprocessing.Queue()
        procs = [multiprocessing.Process(target=client, args=(host, int(port), args.seconds, k, queue))
                 for k in range(args.clients)]
        for p in procs:
            p.start()
        results = [queue.get() for _ in procs]
        for p in procs:
            p.join()
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)

    merged: dict[str, list[float]] = {name: [] for name, _ in REQUESTS}
    errors: list[str] = []
    for samples, errs in results:
        for name, values in samples.items():
            merged[name] += values
        errors += errs
    report = {"events": counts["events"], "clients": args.clients, "seconds": args.seconds,
              "errors": len(errors), "server_peak_rss_mb": round(rss, 1), "endpoints": {}}
    for name, values in merged.items():
        report["endpoints"][name] = {"requests": len(values), "p50_ms": round(1000 * percentile(values, 0.5), 1),
                                     "p95_ms": round(1000 * percentile(values, 0.95), 1),
                                     "max_ms": round(1000 * max(values, default=float("nan")), 1)}
    print(json.dumps(report, indent=2))
    for e in errors[:5]:
        print("error:", e, file=sys.stderr)
    bars = {"/api/events p95 < 300 ms": report["endpoints"]["/api/events"]["p95_ms"] < 300,
            "/api/facets p95 < 500 ms": report["endpoints"]["/api/facets"]["p95_ms"] < 500,
            "no errors": not errors, "server < 500 MB": rss < 500}
    for bar, ok in bars.items():
        print(f"{'meets' if ok else 'MISSES'}: {bar}", file=sys.stderr)
    return 0 if all(bars.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
