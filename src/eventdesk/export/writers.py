"""Serialise fused event records (as ``Store.events()`` returns them) in analysts' formats."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import IO, Any, Iterable, Optional, Union

FORMATS = ("jsonl", "csv", "geojson", "parquet")

# ACLED's column names where a field has one (ACLED export codebook, 2023), in ACLED's order.
ACLED_COLUMNS = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                 "notes", "fatalities")
# eventdesk's own columns after them.
OWN_COLUMNS = ("kind", "date_precision", "fatalities_low", "fatalities_high", "injuries", "target", "target_type",
               "claimed_by", "sources", "doc_ids", "mention_ids", "confidence", "disagreements", "rules")
CSV_COLUMNS = ACLED_COLUMNS + OWN_COLUMNS

# ACLED time_precision: 1 = the day is known, 2 = within a week or so, 3 = only the month (or coarser).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def csv_row(event: dict) -> dict[str, Any]:
    row = {
        "event_id_cnty": event.get("id"),
        "event_date": event.get("event_date"),
        "time_precision": TIME_PRECISION.get(event.get("date_precision") or ""),
        "source": "; ".join(event.get("outlets") or []),
        "notes": event.get("notes"),
    }
    for col in CSV_COLUMNS:
        if col in row:
            continue
        value = event.get(col)
        if isinstance(value, (list, dict)):
            value = ";".join(map(str, value)) if col in ("doc_ids", "mention_ids") else json.dumps(value, ensure_ascii=False)
        row[col] = value
    return row


def to_geojson(events: Iterable[dict]) -> dict:
    features = []
    for ev in events:
        lat, lon = ev.get("latitude"), ev.get("longitude")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": ev.get("id"), "geometry": geometry,
                         "properties": {k: v for k, v in ev.items() if k not in ("latitude", "longitude")}})
    return {"type": "FeatureCollection", "features": features}


def to_arrow(events: Iterable[dict]):
    """One row per event; ids as lists, nested rules/disagreements as JSON text."""
    import pyarrow as pa

    rows = []
    for ev in events:
        row = dict(ev)
        for key in ("rules", "disagreements"):
            row[key] = json.dumps(row.get(key) or ({} if key == "rules" else []), ensure_ascii=False)
        rows.append(row)
    schema = pa.schema([
        ("id", pa.string()), ("kind", pa.string()), ("event_date", pa.string()), ("date_precision", pa.string()),
        ("event_type", pa.string()), ("sub_event_type", pa.string()), ("actor1", pa.string()), ("actor2", pa.string()),
        ("target", pa.string()), ("target_type", pa.string()), ("claimed_by", pa.string()),
        ("country", pa.string()), ("admin1", pa.string()), ("location", pa.string()),
        ("latitude", pa.float64()), ("longitude", pa.float64()), ("geo_precision", pa.int64()),
        ("fatalities", pa.int64()), ("fatalities_low", pa.int64()), ("fatalities_high", pa.int64()),
        ("injuries", pa.int64()), ("attacker_fatalities", pa.int64()), ("casualties", pa.int64()),
        ("confidence", pa.float64()), ("sources", pa.int64()), ("outlets", pa.list_(pa.string())),
        ("notes", pa.string()),
        ("doc_ids", pa.list_(pa.string())), ("mention_ids", pa.list_(pa.string())),
        ("rules", pa.string()), ("disagreements", pa.string()),
    ])
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


def write(events: Iterable[dict], fmt: str, out: Union[str, IO, None] = None) -> int:
    """Write events in ``fmt`` to a path, a stream, or stdout (None or "-"). Returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    events = list(events)
    if fmt == "parquet":
        import pyarrow.parquet as pq
        if out in (None, "-"):
            raise ValueError("parquet needs an output file (-o FILE)")
        pq.write_table(to_arrow(events), out)
        return len(events)
    stream, close = _open(out)
    try:
        if fmt == "jsonl":
            for ev in events:
                stream.write(json.dumps(ev, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=list(CSV_COLUMNS), extrasaction="ignore")
            writer.writeheader()
            for ev in events:
                writer.writerow(csv_row(ev))
        else:
            json.dump(to_geojson(events), stream, ensure_ascii=False)
            stream.write("\n")
    finally:
        if close:
            stream.close()
    return len(events)


def _open(out: Union[str, IO, None]) -> tuple[IO, bool]:
    if out in (None, "-"):
        return sys.stdout, False
    if isinstance(out, (str, bytes)) or hasattr(out, "__fspath__"):
        return open(out, "w", encoding="utf-8", newline=""), True
    return out, False
