"""The output folder of a scaled run, and how its files are written and read back.

    OUT/events/part-000012.jsonl      event records, one JSON object a line (as `eventdesk extract`)
    OUT/events.parquet/part-000012.parquet
                                      the same records as Parquet (with parquet=True): a folder of
                                      Parquet files only, which pandas, pyarrow and DuckDB read as
                                      one dataset (pandas.read_parquet("OUT/events.parquet"))
    OUT/documents/part-000012.jsonl   each document read: metadata, text, reference date, event count
    OUT/manifest/part-000012.json     written last: the partition is finished (key, counts, errors)
    OUT/errors.jsonl                  every input that failed: doc_id, path, line, message, partition
    OUT/run.json                      the last run's report

Every part file is written under a temporary name and renamed, so a killed run leaves either a
complete file or none; the manifest is renamed into place after the parts, so a partition with a
manifest is complete. Workers write the parts themselves: OUT must be a folder every worker and
the client can reach (the same machine, or a shared file system).
"""
from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from datetime import date
from typing import Any, Iterator, Optional

from ..model import Document, Event

EVENTS, DOCUMENTS, MANIFEST = "events", "documents", "manifest"
EVENTS_PARQUET = "events.parquet"
ERRORS_FILE, REPORT_FILE = "errors.jsonl", "run.json"
TEMP_MARK = ".tmp-"


def part_path(out_dir: str, folder: str, name: str, extension: str) -> str:
    return os.path.join(out_dir, folder, f"{name}.{extension}")


def manifest_path(out_dir: str, name: str) -> str:
    return part_path(out_dir, MANIFEST, name, "json")


@contextmanager
def atomic_file(path: str, mode: str = "w"):
    """Write ``path`` under a temporary name; rename it into place only if the block succeeds."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temp = f"{path}{TEMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        with open(temp, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def write_json(path: str, value: Any) -> None:
    with atomic_file(path) as stream:
        json.dump(value, stream, ensure_ascii=False, indent=1)


def json_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) + "\n"


def remove_temporaries(out_dir: str) -> int:
    """Leftovers of a killed run's writes. Returns how many were removed."""
    removed = 0
    for folder in (EVENTS, EVENTS_PARQUET, DOCUMENTS, MANIFEST, ""):
        path = os.path.join(out_dir, folder)
        if not os.path.isdir(path):
            continue
        for name in os.listdir(path):
            if TEMP_MARK in name:
                os.remove(os.path.join(path, name))
                removed += 1
    return removed


# -- documents ----------------------------------------------------------------------------------

def document_record(doc: Document, events: int) -> dict[str, Any]:
    """All a store needs to hold the document again without reading the input."""
    iso = lambda d: d.isoformat() if isinstance(d, date) else d
    return {"id": doc.id, "title": doc.title, "url": doc.url, "source": doc.source, "path": doc.path,
            "line": doc.line, "published": iso(doc.published), "reference_date": iso(doc.reference_date),
            "reference_date_method": doc.reference_date_method, "events": events, "text": doc.text}


def document_from_record(record: dict[str, Any]) -> Document:
    day = lambda v: date.fromisoformat(v) if v else None
    return Document(id=record["id"], text=record["text"], published=day(record.get("published")),
                    title=record.get("title"), url=record.get("url"), source=record.get("source"),
                    path=record.get("path"), line=record.get("line"),
                    reference_date=day(record.get("reference_date")),
                    reference_date_method=record.get("reference_date_method"))


# -- Parquet ------------------------------------------------------------------------------------

def events_schema():
    import pyarrow as pa

    text, integer, real = pa.string(), pa.int64(), pa.float64()
    evidence = pa.struct([("start", integer), ("end", integer), ("text", text), ("fields", pa.list_(text))])
    columns = [(name, text) for name in ("doc_id", "kind", "event_date", "date_precision", "event_type",
                                          "sub_event_type", "actor1", "actor2", "target", "target_type",
                                          "country", "admin1", "location")]
    columns += [("latitude", real), ("longitude", real), ("geo_precision", integer)]
    columns += [(name, integer) for name in ("fatalities", "fatalities_low", "fatalities_high", "injuries",
                                             "attacker_fatalities", "casualties")]
    columns += [("claimed_by", text), ("confidence", real), ("evidence", pa.list_(evidence)),
                ("provenance", pa.map_(text, text))]
    return pa.schema(columns)


def write_parquet(path: str, records: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = events_schema()
    table = pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in records], schema=schema)
    with atomic_file(path, "wb") as stream:
        pq.write_table(table, stream)


# -- reading a finished run back ----------------------------------------------------------------

def manifests(out_dir: str) -> list[dict[str, Any]]:
    """Manifests of the finished partitions, in partition order."""
    folder = os.path.join(out_dir, MANIFEST)
    if not os.path.isdir(folder):
        return []
    found = []
    for name in os.listdir(folder):
        if name.endswith(".json") and TEMP_MARK not in name:
            with open(os.path.join(folder, name), encoding="utf-8") as stream:
                found.append(json.load(stream))
    return sorted(found, key=lambda m: m["partition"])


def read_manifest(out_dir: str, name: str) -> Optional[dict[str, Any]]:
    try:
        with open(manifest_path(out_dir, name), encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):
        return None


def _lines(path: str) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def iter_event_records(out_dir: str) -> Iterator[dict[str, Any]]:
    """Every event record of the finished partitions, in input order."""
    for manifest in manifests(out_dir):
        yield from _lines(part_path(out_dir, EVENTS, manifest["name"], "jsonl"))


def iter_results(out_dir: str) -> Iterator[tuple[Document, list[Event], dict[str, Any]]]:
    """(document, its events, its partition's manifest) for every document of the finished
    partitions, in input order."""
    for manifest in manifests(out_dir):
        events = _lines(part_path(out_dir, EVENTS, manifest["name"], "jsonl"))
        for record in _lines(part_path(out_dir, DOCUMENTS, manifest["name"], "jsonl")):
            own = [Event.from_dict(next(events)) for _ in range(record["events"])]
            yield document_from_record(record), own, manifest


def iter_errors(out_dir: str) -> Iterator[dict[str, Any]]:
    for manifest in manifests(out_dir):
        yield from manifest.get("errors", [])
