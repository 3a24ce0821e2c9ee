"""What runs on a Dask worker: one partition in, its part files and manifest out.

The pipeline (spaCy model, gazetteer, lexicons) is loaded once per worker thread and kept in
this module, so every partition after the first on a worker pays nothing for it. Workers are
best run with one thread each: extraction is Python code that holds the GIL, so more threads in
one process add memory, not speed.
"""
from __future__ import annotations

import os
import threading
import time
from datetime import date
from typing import Any, Optional

from ..ingest.settings import DEFAULT_SETTINGS, IngestSettings
from .output import (DOCUMENTS, EVENTS, EVENTS_PARQUET, atomic_file, document_record, json_line, manifest_path, part_path,
                     write_json, write_parquet)
from .partitions import Partition, read_partition

_local = threading.local()
_loads_lock = threading.Lock()
_loads = 0


def apply_environment(env: dict[str, str]) -> None:
    """Give this worker the client's eventdesk settings (``EVENTDESK_CACHE`` above all: the
    gazetteer index is built once into it and then only opened) before the pipeline loads."""
    for name, value in env.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def worker_pipeline():
    """This thread's pipeline, loaded on first use."""
    global _loads
    pipeline = getattr(_local, "pipeline", None)
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = _local.pipeline = Pipeline()
        with _loads_lock:
            _loads += 1
    return pipeline


def pipeline_loads() -> int:
    """How many pipelines this process has loaded (one per worker thread, if all is well)."""
    return _loads


def warm_up(env: dict[str, str]) -> int:
    """Load the pipeline and run it once (models, gazetteer) so timing starts warm. Returns the pid."""
    apply_environment(env)
    worker_pipeline().extract("Gunmen killed two people in Kabul on Monday.", published="2023-01-10")
    return os.getpid()


def process_partition(partition: Partition, out_dir: str, published: Optional[date] = None,
                      parquet: bool = False, env: Optional[dict[str, str]] = None,
                      settings: IngestSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """Extract one partition and write its parts; returns (and writes, last) its manifest.

    A document that cannot be read or extracted becomes an error entry; the rest go on.
    """
    started = time.perf_counter()
    apply_environment(env or {})
    pipeline = worker_pipeline()
    name = partition.name
    documents = events = 0
    errors: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    with atomic_file(part_path(out_dir, EVENTS, name, "jsonl")) as event_out, \
            atomic_file(part_path(out_dir, DOCUMENTS, name, "jsonl")) as doc_out:
        for result in pipeline.run(read_partition(partition, published, settings)):
            if result.error is not None:
                errors.append({"doc_id": result.document.id if result.document else None,
                               "path": result.error.path, "line": result.error.line,
                               "message": result.error.message, "partition": partition.index})
                continue
            documents += 1
            doc_out.write(json_line(document_record(result.document, len(result.events))))
            for event in result.events:
                record = event.to_dict()
                event_out.write(json_line(record))
                if parquet:
                    records.append(record)
                events += 1
        if parquet:
            write_parquet(part_path(out_dir, EVENTS_PARQUET, name, "parquet"), records)
    from ..store.store import default_extractor_version

    manifest = {"partition": partition.index, "name": name, "key": partition.key(published),
                "documents": documents, "events": events, "errors": errors, "parquet": parquet,
                "extractor_version": default_extractor_version(),
                "seconds": round(time.perf_counter() - started, 3), "pid": os.getpid()}
    write_json(manifest_path(out_dir, name), manifest)
    return manifest
