"""Gazetteer load time and memory, and (optionally) location accuracy on a gold set.

    python benchmarks/gazetteer_load.py                       # load time + resident memory
    python benchmarks/gazetteer_load.py --accuracy ../shared/dev/gtd ../shared/dev/acled

Load is measured in a fresh interpreter: import, open the index, run a first lookup and a first
resolution. Accuracy: for each gold document (one event each), ``resolve_location`` over the whole
text; admin1_or_country = admin1 equal after folding, or within 25 km of the gold point, or the
country when the gold has no admin1; within_50km over gold events that have coordinates.
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

# Peak resident memory of this process. /proc's VmHWM starts afresh at exec, unlike
# getrusage's ru_maxrss, which Linux carries over from the forking parent.
PEAK_RSS = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"

LOAD_PROBE = r"""
import time
t = time.perf_counter()
from eventdesk.geo import GeoContext, get_gazetteer, resolve_location
g = get_gazetteer()
g.lookup("Kabul")
text = "A bomb exploded in Jalalabad, Nangarhar, Afghanistan."
resolve_location(text, 0, len(text), GeoContext.from_text(text))
elapsed = time.perf_counter() - t
print(f"{elapsed:.3f} {PEAK:.1f}")
""".replace("PEAK", PEAK_RSS)


def measure_load() -> None:
    from eventdesk.geo import build_gazetteer

    build_gazetteer()                         # make sure the index exists (not timed)
    baseline = subprocess.run([sys.executable, "-c", f"print({PEAK_RSS})"],
                              capture_output=True, text=True, check=True).stdout.strip()
    out = subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True,
                         check=True).stdout.split()
    print(f"load+first resolution: {float(out[0]):.3f} s, peak RSS {out[1]} MB "
          f"(bare interpreter {float(baseline):.1f} MB)")


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def measure_accuracy(directory: Path, verbose: bool) -> None:
    from eventdesk.geo import GeoContext, resolve_location
    from eventdesk.geo.names import fold

    docs = {}
    for line in (directory / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs[d["id"]] = d["text"]
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))
    n = admin_ok = coord_n = coord_ok = 0
    for entry in gold["documents"]:
        if not entry["events"] or entry["doc"] not in docs:
            continue
        event, text = entry["events"][0], docs[entry["doc"]]
        loc = resolve_location(text, 0, len(text), GeoContext.from_text(text))
        n += 1
        dist = None
        if loc and loc.latitude is not None and event.get("latitude") is not None:
            dist = _km(loc.latitude, loc.longitude, event["latitude"], event["longitude"])
        if event.get("admin1"):
            ok = bool(loc and loc.admin1 and fold(loc.admin1) == fold(event["admin1"])) or (
                dist is not None and dist <= 25)
        else:
            ok = bool(loc and loc.country and fold(loc.country) == fold(event["country"] or ""))
        admin_ok += ok
        if event.get("latitude") is not None:
            coord_n += 1
            coord_ok += dist is not None and dist <= 50
        if verbose and (not ok or (event.get("latitude") is not None and not (dist and dist <= 50))):
            got = (loc.country, loc.admin1, loc.location, loc.geo_precision) if loc else None
            print(f"  {entry['doc']}: gold {event['country']}/{event['admin1']}/{event['location']} "
                  f"got {got} dist={dist and round(dist)} | {text[:110]!r}")
    print(f"{directory}: n={n} admin1_or_country={admin_ok / n:.3f} "
          f"within_50km={coord_ok / max(coord_n, 1):.3f} (of {coord_n} with coordinates)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accuracy", nargs="*", type=Path, default=[],
                        help="directories with docs.jsonl and gold.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    measure_load()
    for directory in args.accuracy:
        measure_accuracy(directory, args.verbose)


if __name__ == "__main__":
    main()
