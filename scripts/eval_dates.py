"""Measure the time stage on the shared dev sets (a script, not a test: it needs ../shared).

    python scripts/eval_dates.py [--shared ../shared] [-v]

- acled: reference_date(text, published), then the first find_dates() mention with a value
  (else fallback_date) against the gold event date, +-1 day (month/year gold: same month/year).
- gtd: undated summaries, so the fallback date against the gold date, +-1 day.
- seeds: reference_date(text) with no publication date against the annotators' estimate.
"""
from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from eventdesk.time import fallback_date, find_dates, mention_date, reference_date


def date_ok(gold: str, gold_precision: str | None, predicted: str | None) -> bool:
    if not predicted:
        return False
    if gold_precision == "year":
        return predicted[:4] == gold[:4]
    if gold_precision == "month":
        return predicted[:7] == gold[:7]
    return abs((date.fromisoformat(gold[:10]) - date.fromisoformat(predicted[:10])).days) <= 1


def first_event_date(text: str, published: date | None) -> tuple[str | None, str | None, str]:
    ref = reference_date(text, published)
    for mention in find_dates(text, ref.date):
        iso, precision = mention_date(mention, ref)
        if iso:
            return iso, precision, mention.text
    iso, precision = fallback_date(ref)
    return iso, precision, "(fallback)"


def score_dev(name: str, shared: Path, verbose: bool) -> None:
    docs = [json.loads(line) for line in open(shared / "dev" / name / "docs.jsonl", encoding="utf-8")]
    gold = {d["doc"]: d["events"] for d in json.load(open(shared / "dev" / name / "gold.json"))["documents"]}
    hits = total = 0
    started = time.perf_counter()
    for doc in docs:
        published = date.fromisoformat(doc["published"]) if doc.get("published") else None
        iso, precision, source = first_event_date(doc["text"], published)
        for event in gold.get(doc["id"], []):
            if not event.get("date"):
                continue
            total += 1
            ok = date_ok(event["date"], event.get("date_precision"), iso)
            hits += ok
            if verbose and not ok:
                print(f"  miss {doc['id']}: gold {event['date']} got {iso} {precision} from {source!r}")
    elapsed = time.perf_counter() - started
    print(f"{name}: {hits}/{total} = {hits / max(total, 1):.3f} dates within +-1 day "
          f"({1000 * elapsed / len(docs):.2f} ms/doc)")


def score_seeds(shared: Path) -> None:
    gold = {d["doc"]: d for d in json.load(open(shared / "gold" / "seeds.gold.json"))["documents"]}
    for path in sorted((shared / "seeds").glob("*.txt")):
        ref = reference_date(path.read_text(encoding="utf-8"))
        estimate = gold.get(path.name, {}).get("published_estimate")
        print(f"seeds {path.name}: {ref.date} {ref.method} ({ref.precision}); annotators' estimate {estimate}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    score_dev("acled", args.shared, args.verbose)
    score_dev("gtd", args.shared, args.verbose)
    score_seeds(args.shared)


if __name__ == "__main__":
    main()
