"""Scale: documents/s of the in-process Pipeline against ``eventdesk.scale.run`` on a Dask
LocalCluster of 1 and 2 worker processes, on the same synthetic corpus, in one process.

    python benchmarks/scale_throughput.py                  # 1,000 documents, partitions of 50
    python benchmarks/scale_throughput.py --docs 5000 --partition-size 200 --workers 1 2 4

The corpus repeats the project's samples/ (plus ../shared dev documents and seeds when a
``../shared`` folder sits beside the project) until it holds ``--docs`` documents, written as
JSONL files of 250 lines each, each copy with its own id. Every contender reads that corpus from
disk and writes its events to disk:

1. **in-process**: ``read_inputs`` -> ``Pipeline().run`` -> one events JSONL file (what
   ``eventdesk extract`` does), after a warm-up that loads the models;
2. **dask N**: ``scale.run`` on a ``LocalCluster(n_workers=N, threads_per_worker=1)`` started
   beforehand and warmed up (each worker has loaded its pipeline), so the figure is the steady
   rate; the cold figure (cluster start and model loading included) is printed beside it.

Ratios are dask/in-process documents per second: the overhead of partitioning and part files at
1 worker, and how far extra cores pay at N. Expect at most N x on an N-core machine, less with
other work running. Documents per CPU-second (workers plus client, scheduler excluded) are
printed too: that figure does not move with other work on the machine, and its ratio is the
cost of the distributed path itself.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import sys
import tempfile
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(PROJECT, "src"))  # runs from a checkout without installing

from eventdesk.ingest import IngestError, read_inputs  # noqa: E402

LINES_PER_FILE = 250


def source_paths() -> list[str]:
    shared = os.path.join(os.path.dirname(PROJECT), "shared")
    paths = [os.path.join(PROJECT, "samples")]
    paths += sorted(glob.glob(os.path.join(shared, "dev", "*", "docs.jsonl")))
    paths += [p for p in [os.path.join(shared, "seeds")] if os.path.isdir(p)]
    return paths


def build_corpus(folder: str, wanted: int, sources: list[str]) -> int:
    """JSONL files holding ``wanted`` documents: the sources repeated, ids made unique."""
    documents = [d for d in read_inputs(sources) if not isinstance(d, IngestError)]
    if not documents:
        raise SystemExit("no documents in the sources")
    written = 0
    while written < wanted:
        with open(os.path.join(folder, f"corpus-{written // LINES_PER_FILE:05d}.jsonl"), "w", encoding="utf-8") as out:
            for _ in range(min(LINES_PER_FILE, wanted - written)):
                doc = documents[_spread(written, wanted, len(documents))]
                out.write(json.dumps({"id": f"{doc.id}#{written}", "text": doc.text, "title": doc.title,
                                      "published": doc.published.isoformat() if doc.published else None},
                                     ensure_ascii=False) + "\n")
                written += 1
    return len(documents)


def _spread(i: int, wanted: int, distinct: int) -> int:
    """The i-th document of the corpus: evenly spaced over the sources when fewer are wanted than
    there are (so every source stays represented), all of them repeated otherwise."""
    return int(i * distinct / wanted) if wanted <= distinct else i % distinct


def _cpu_seconds() -> float:
    """CPU time of the calling process (run on each worker with ``client.run``)."""
    return time.process_time()


def in_process(corpus: str, out_path: str) -> tuple[float, float, int]:
    """(seconds, CPU seconds, documents)."""
    from eventdesk import Pipeline

    pipeline = Pipeline()
    for doc in list(read_inputs([corpus]))[:5]:     # warm-up: models and lexicons load lazily
        pipeline.process(doc)
    started, cpu = time.perf_counter(), time.process_time()
    documents = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for result in pipeline.run(read_inputs([corpus])):
            if result.error is None:
                documents += 1
                for event in result.events:
                    out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    return time.perf_counter() - started, time.process_time() - cpu, documents


def on_dask(corpus: str, out_dir: str, workers: int, partition_size: int) -> tuple[float, float, float, int]:
    """(steady seconds, cold seconds, CPU seconds of the workers and this client, documents)."""
    from distributed import Client, LocalCluster

    from eventdesk import scale
    from eventdesk.scale.runner import worker_environment
    from eventdesk.scale.worker import warm_up

    cold_start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        addresses = list(client.scheduler_info(n_workers=-1)["workers"])
        client.gather([client.submit(warm_up, worker_environment(), workers=[a], pure=False) for a in addresses])
        cpu_before = sum(client.run(_cpu_seconds).values()) + time.process_time()
        warm = time.perf_counter()
        report = scale.run([corpus], out_dir, scheduler=client, partition_size=partition_size)
        done = time.perf_counter()
        cpu = sum(client.run(_cpu_seconds).values()) + time.process_time() - cpu_before
    if report.failed or report.errors:
        print(f"  dask {workers}: {report}", file=sys.stderr)
    return done - warm, done - cold_start, cpu, report.documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the synthetic corpus")
    parser.add_argument("--partition-size", type=int, default=50, help="documents per Dask partition")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="cluster sizes to time")
    parser.add_argument("--sources", nargs="+", metavar="PATH", help="documents to repeat (default: samples/ "
                        "and ../shared dev sets and seeds when present)")
    args = parser.parse_args(argv)

    work = tempfile.mkdtemp(prefix="eventdesk-scale-bench-")
    try:
        corpus = os.path.join(work, "corpus")
        os.mkdir(corpus)
        sources = args.sources or source_paths()
        distinct = build_corpus(corpus, args.docs, sources)
        how = f"{distinct} distinct, repeated" if args.docs > distinct else f"spread over {distinct}"
        print(f"corpus: {args.docs} documents ({how}) from {len(sources)} path(s); "
              f"{os.cpu_count()} core(s), load average {os.getloadavg()[0]:.1f} before the run "
              f"(other work on the cores caps what extra workers can win); partitions of {args.partition_size}")
        seconds, cpu, documents = in_process(corpus, os.path.join(work, "in-process.jsonl"))
        base, base_cpu = documents / seconds, documents / cpu
        print(f"in-process Pipeline:  {base:8.1f} docs/s   {seconds:7.1f} s for {documents} documents; "
              f"{base_cpu:.1f} docs per CPU-second")
        for workers in args.workers:
            steady, cold, cpu, documents = on_dask(corpus, os.path.join(work, f"dask-{workers}"), workers,
                                                   args.partition_size)
            rate = documents / steady
            print(f"dask, {workers} worker(s):   {rate:8.1f} docs/s   {steady:7.1f} s warm "
                  f"({cold:.1f} s with cluster start and model loading); {documents / cpu:.1f} docs per "
                  f"CPU-second   ratio to in-process: {rate / base:.2f} (per CPU-second {documents / cpu / base_cpu:.2f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
