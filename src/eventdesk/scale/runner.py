"""``run()``: plan partitions on the client, extract them on a Dask cluster, collect the report."""
from __future__ import annotations

import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Optional, Union

from ..ingest.settings import DEFAULT_SETTINGS, IngestSettings
from .output import (DOCUMENTS, ERRORS_FILE, EVENTS, EVENTS_PARQUET, MANIFEST, REPORT_FILE, atomic_file, json_line,
                     manifests, part_path, read_manifest, remove_temporaries, write_json)
from .partitions import Partition, plan_partitions

DEFAULT_PARTITION_SIZE = 500
# Without an explicit size, a local run cuts its input into about this many partitions per worker
# (at most DEFAULT_PARTITION_SIZE documents each, at least MIN_AUTO_PARTITION): 300 documents on 2
# workers make 8 partitions of 38, so both work to the end instead of one taking them all.
AUTO_PARTITIONS_PER_WORKER = 4
MIN_AUTO_PARTITION = 25
# Partitions in flight per worker: enough to keep every worker busy while results come back,
# few enough that a plan of a million documents is never all on the scheduler at once.
IN_FLIGHT_PER_WORKER = 3
# Environment the workers need to behave like the client (the gazetteer cache above all).
FORWARDED_PREFIX = "EVENTDESK_"
# Seconds to wait for a first worker on a cluster that has none yet (workers still starting).
WAIT_FOR_WORKERS = 120


@dataclass
class RunReport:
    out_dir: str
    partitions: int = 0
    resumed: int = 0            # finished by an earlier run and skipped
    processed: int = 0          # extracted by this run
    failed: int = 0             # lost to a worker crash: rerun to retry them
    documents: int = 0          # read and extracted, over all finished partitions
    events: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    workers: int = 0
    seconds: float = 0.0
    partition_size: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed

    @property
    def errors_path(self) -> str:
        return os.path.join(self.out_dir, ERRORS_FILE)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["errors"] = len(self.errors)
        return out

    def __str__(self) -> str:
        resumed = f" ({self.resumed} finished earlier)" if self.resumed else ""
        failed = f", {self.failed} partition(s) failed: rerun to retry" if self.failed else ""
        workers = f" on {self.workers} worker(s)" if self.workers else ""
        return (f"{self.documents} documents, {self.events} events in {self.partitions} partitions{resumed}"
                f"{workers} in {self.seconds:.1f} s; {len(self.errors)} error(s){failed}")


def auto_partition_size(inputs: list[str], workers: int, settings: IngestSettings = DEFAULT_SETTINGS) -> int:
    """A partition size that gives every local worker several partitions: the same for the same
    inputs and workers, so a rerun resumes."""
    total = sum(p.documents for p in plan_partitions(inputs, DEFAULT_PARTITION_SIZE, settings))
    wanted = -(-total // (max(1, workers) * AUTO_PARTITIONS_PER_WORKER))
    return max(MIN_AUTO_PARTITION, min(DEFAULT_PARTITION_SIZE, wanted))


def worker_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_PREFIX)}


def run(inputs: Union[str, Iterable[str]], out_dir: str, *, scheduler: Any = None, n_workers: Optional[int] = None,
        partition_size: Optional[int] = None, published: Optional[date] = None, parquet: bool = False,
        settings: IngestSettings = DEFAULT_SETTINGS,
        on_partition: Optional[Callable[[dict[str, Any]], None]] = None,
        on_plan: Optional[Callable[[int], None]] = None) -> RunReport:
    """Extract events from ``inputs`` (files, directories, globs) on a Dask cluster into ``out_dir``.

    ``scheduler``: None starts a ``LocalCluster`` of ``n_workers`` processes (default: one per
    core) for this run; an address (``"tcp://host:8786"``) or a ``distributed.Client`` uses that
    cluster, whose workers must reach the inputs and ``out_dir`` by the same paths.

    Rerunning with the same inputs and ``partition_size`` skips the partitions already finished,
    so a killed run resumes; partitions whose inputs changed are redone. ``partition_size`` None:
    sized from the input and the local workers (``auto_partition_size``), or 500 on a cluster.
    ``on_plan(n)`` is told how many partitions this run will extract; ``on_partition`` each one
    finished.
    """
    started = time.perf_counter()
    out_dir = os.path.abspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    remove_temporaries(out_dir)
    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    if partition_size is None:
        partition_size = (auto_partition_size(inputs, n_workers or os.cpu_count() or 1, settings)
                          if scheduler is None else DEFAULT_PARTITION_SIZE)
    plan = plan_partitions(inputs, partition_size, settings)
    _remove_stale(out_dir, plan, published)
    todo = [p for p in plan if not _finished(out_dir, p, published, parquet)]
    report = RunReport(out_dir, partitions=len(plan), resumed=len(plan) - len(todo), partition_size=partition_size)
    if on_plan:
        on_plan(len(todo))
    env = worker_environment()
    if todo:
        _prepare_gazetteer()
        _prepare_model()
        with _connect(scheduler, n_workers, env) as client:
            report.workers = len(client.scheduler_info(n_workers=-1)["workers"])
            for outcome in _submit(client, todo, out_dir, published, parquet, env, settings, report.workers):
                if isinstance(outcome, dict):
                    report.processed += 1
                    if on_partition:
                        on_partition(outcome)
                else:
                    partition, exc = outcome
                    report.failed += 1
                    report.errors.append({"doc_id": None, "path": ", ".join(sorted({p.path for p in partition.pieces})),
                                          "line": None, "partition": partition.index,
                                          "message": f"partition failed: {type(exc).__name__}: {exc}"})
    finished = manifests(out_dir)
    report.documents = sum(m["documents"] for m in finished)
    report.events = sum(m["events"] for m in finished)
    report.errors = [e for m in finished for e in m["errors"]] + report.errors
    report.seconds = round(time.perf_counter() - started, 3)
    with atomic_file(os.path.join(out_dir, ERRORS_FILE)) as stream:
        for error in report.errors:
            stream.write(json_line(error))
    write_json(os.path.join(out_dir, REPORT_FILE), report.to_dict())
    return report


def _finished(out_dir: str, partition: Partition, published: Optional[date], parquet: bool) -> bool:
    manifest = read_manifest(out_dir, partition.name)
    if manifest is None or manifest.get("key") != partition.key(published):
        return False
    wanted = [(EVENTS, "jsonl"), (DOCUMENTS, "jsonl")] + ([(EVENTS_PARQUET, "parquet")] if parquet else [])
    return all(os.path.exists(part_path(out_dir, folder, partition.name, ext)) for folder, ext in wanted)


def _remove_stale(out_dir: str, plan: list[Partition], published: Optional[date]) -> None:
    """Parts of partitions that are not in this plan (fewer inputs, another partition size) would
    be read back as results: remove them. Parts of planned partitions are overwritten when redone."""
    planned = {p.name for p in plan}
    for folder in (MANIFEST, EVENTS, EVENTS_PARQUET, DOCUMENTS):  # manifest first: a part without one is never read
        path = os.path.join(out_dir, folder)
        if os.path.isdir(path):
            for name in os.listdir(path):
                if name.startswith("part-") and name.split(".", 1)[0] not in planned:
                    os.remove(os.path.join(path, name))
    for partition in plan:  # a changed partition loses its manifest before it is redone
        manifest = read_manifest(out_dir, partition.name)
        if manifest is not None and manifest.get("key") != partition.key(published):
            os.remove(os.path.join(out_dir, MANIFEST, f"{partition.name}.json"))


def _prepare_model() -> None:
    """Likewise the relevance-and-type model: built (or loaded) once here, into the shared cache."""
    from ..textcat import default_classifier

    default_classifier()


def _prepare_gazetteer() -> None:
    """Build the gazetteer index once here rather than in every worker at the same moment (each
    build takes seconds and the index is shared through ``$EVENTDESK_CACHE``). Workers on other
    machines build their own on first use."""
    from ..geo.gazetteer import build_gazetteer, imported_index_path

    if not imported_index_path().exists():
        build_gazetteer()


class _connect:
    """A client for ``scheduler``; a LocalCluster of our own (closed afterwards) when None."""

    def __init__(self, scheduler: Any, n_workers: Optional[int], env: dict[str, str]) -> None:
        self.scheduler, self.n_workers, self.env = scheduler, n_workers, env
        self.cluster = self.client = None
        self.own_client = True

    def __enter__(self):
        from distributed import Client, LocalCluster

        if isinstance(self.scheduler, Client):
            self.own_client = False
            self.client = self.scheduler
        elif self.scheduler is None:
            workers = self.n_workers or os.cpu_count() or 1
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, env=self.env)
            self.client = Client(self.cluster)
        else:
            self.client = Client(self.scheduler)
        if self.cluster is None and not self.client.scheduler_info(n_workers=-1)["workers"]:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        return self.client

    def __exit__(self, *exc) -> None:
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _submit(client, todo: list[Partition], out_dir: str, published: Optional[date], parquet: bool,
            env: dict[str, str], settings: IngestSettings, workers: int):
    """Yield each partition's manifest as it finishes (or ``(partition, exception)`` when it
    failed), keeping a bounded number of partitions in flight."""
    from distributed import as_completed

    from .worker import process_partition

    pending = iter(todo)
    limit = max(1, workers) * IN_FLIGHT_PER_WORKER
    owner = {}

    def submit(partition: Partition):
        future = client.submit(process_partition, partition, out_dir, published, parquet, env, settings,
                               key=f"eventdesk-{partition.name}-{uuid.uuid4().hex}")
        owner[future.key] = partition
        return future

    first = [submit(p) for _, p in zip(range(limit), pending)]
    queue = as_completed(first)
    for future in queue:
        partition = owner.pop(future.key)
        try:
            yield future.result()
        except Exception as exc:  # a worker crash costs this partition, not the run
            yield partition, exc
        future.release()
        following = next(pending, None)
        if following is not None:
            queue.add(submit(following))
