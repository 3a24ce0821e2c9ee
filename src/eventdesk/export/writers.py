"""Serialise fused event records (as ``Store.events()`` returns them) in analysts' formats.

Every format carries the same rows (``acled.acled_row``: ACLED's columns, then eventdesk's) and
so the same id, ``event_id_cnty``; only the spelling of values differs (CSV: lists joined, dicts
as JSON text; JSONL and Parquet: native lists and numbers). ``ucdp`` writes UCDP GED rows.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from typing import IO, Any, Iterable, Optional, Union

from .acled import ACLED_COLUMNS, COLUMNS, AdminLookup, acled_row
from .ucdp import UCDP_COLUMNS, ucdp_row

FORMATS = ("jsonl", "csv", "ucdp", "geojson", "parquet")
CSV_COLUMNS = COLUMNS
# CSV spells these lists with a separator: outlets as ACLED's source column does, ids plainly.
LIST_SEPARATORS = {"outlets": "; ", "doc_ids": ";", "mention_ids": ";"}
PARQUET_PART = "part-{i}.parquet"


def csv_row(event: dict, admin2=None, timestamp: Optional[int] = None) -> dict[str, Any]:
    """One event as CSV cells: ACLED's columns, then eventdesk's."""
    return _csv_cells(acled_row(event, admin2, timestamp))


def _csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for col, value in row.items():
        if isinstance(value, list) and col in LIST_SEPARATORS:
            value = LIST_SEPARATORS[col].join(map(str, value))
        elif isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        out[col] = value
    return out


def to_geojson(rows: Iterable[dict]) -> dict:
    features = []
    for row in rows:
        lat, lon = row.get("latitude"), row.get("longitude")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": row.get("event_id_cnty"), "geometry": geometry,
                         "properties": {k: v for k, v in row.items() if k not in ("latitude", "longitude")}})
    return {"type": "FeatureCollection", "features": features}


def arrow_schema():
    import pyarrow as pa

    text, integer, real = pa.string(), pa.int64(), pa.float64()
    types = {
        "event_date": pa.date32(), "year": integer, "time_precision": integer, "inter1": integer, "inter2": integer,
        "interaction": integer, "iso": integer, "latitude": real, "longitude": real, "geo_precision": integer,
        "fatalities": integer, "timestamp": integer, "fatalities_low": integer, "fatalities_high": integer,
        "attacker_fatalities": integer, "casualties": integer, "injuries": integer, "sources": integer,
        "confidence": real, "outlets": pa.list_(text), "doc_ids": pa.list_(text), "mention_ids": pa.list_(text),
    }
    return pa.schema([(c, types.get(c, text)) for c in COLUMNS])


def to_arrow(events: Iterable[dict], admin2=None, timestamp: Optional[int] = None):
    """One row per event, ACLED's columns first; rules and disagreements as JSON text."""
    import pyarrow as pa
    from datetime import date

    rows = []
    for ev in events:
        row = acled_row(ev, admin2, timestamp)
        for key in ("rules", "disagreements"):
            row[key] = json.dumps(row[key], ensure_ascii=False)
        row["event_date"] = date.fromisoformat(row["event_date"][:10]) if row["event_date"] else None
        rows.append(row)
    schema = arrow_schema()
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


def write_parquet_dataset(table, folder: Union[str, os.PathLike]) -> None:
    """A folder of Parquet part files that pandas, pyarrow and DuckDB read as one dataset. The
    folder is written beside the target and renamed over it, so readers never see half of it."""
    import pyarrow.parquet as pq

    folder = os.fspath(folder)
    if os.path.isfile(folder):
        raise ValueError(f"{folder} is a file; parquet output is a folder (a dataset of part files)")
    tmp = f"{folder}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    pq.write_table(table, os.path.join(tmp, PARQUET_PART.format(i=0)))
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.replace(tmp, folder)


def write(events: Iterable[dict], fmt: str, out: Union[str, IO, None] = None, *, admin2=None,
          timestamp: Optional[int] = None) -> int:
    """Write events in ``fmt`` to a path, a stream, or stdout (None or "-"). Returns the count of
    rows written. ``admin2``: finds an event's district (default: the gazetteer); ``timestamp``:
    ACLED's timestamp column for every row (default: each event's last update in the store)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    admin2 = admin2 or AdminLookup()
    stamp = timestamp
    events = list(events)
    if fmt == "parquet":
        if out in (None, "-") or not isinstance(out, (str, os.PathLike)):
            raise ValueError("parquet needs an output folder (-o DIR)")
        write_parquet_dataset(to_arrow(events, admin2, stamp), out)
        return len(events)
    stream, close = _open(out)
    count = 0
    try:
        if fmt == "jsonl":
            for ev in events:
                stream.write(json.dumps(acled_row(ev, admin2, stamp), ensure_ascii=False) + "\n")
                count += 1
        elif fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=list(COLUMNS))
            writer.writeheader()
            for ev in events:
                writer.writerow(_csv_cells(acled_row(ev, admin2, stamp)))
                count += 1
        elif fmt == "ucdp":
            writer = csv.DictWriter(stream, fieldnames=list(UCDP_COLUMNS))
            writer.writeheader()
            for ev in events:
                row = ucdp_row(ev, admin2)
                if row is not None:
                    writer.writerow(row)
                    count += 1
        else:
            json.dump(to_geojson(acled_row(ev, admin2, stamp) for ev in events), stream, ensure_ascii=False)
            stream.write("\n")
            count = len(events)
    finally:
        if close:
            stream.close()
    return count


def _open(out: Union[str, IO, None]) -> tuple[IO, bool]:
    if out in (None, "-"):
        return sys.stdout, False
    if isinstance(out, (str, bytes)) or hasattr(out, "__fspath__"):
        return open(out, "w", encoding="utf-8", newline=""), True
    return out, False


__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "FORMATS", "UCDP_COLUMNS", "csv_row", "to_arrow", "to_geojson", "write",
           "write_parquet_dataset"]
