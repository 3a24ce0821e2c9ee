"""Export formats: JSONL with doc_ids, ACLED-named CSV, GeoJSON points, Parquet."""
import csv
import io
import json

import pyarrow.parquet as pq

from eventdesk.export import ACLED_COLUMNS, write

EVENT = {
    "id": "EVD0001", "kind": "event", "event_date": "2022-09-05", "date_precision": "day",
    "event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb", "actor1": "Islamic State Khorasan",
    "actor2": None, "target": "Russian embassy", "country": "Afghanistan", "admin1": "Kabul", "location": "Kabul",
    "latitude": 34.53, "longitude": 69.17, "geo_precision": 1, "fatalities": 2, "fatalities_low": 2,
    "fatalities_high": 6, "sources": 2, "doc_ids": ["a", "b"], "mention_ids": ["a#0", "b#0"],
    "outlets": ["reuters.example", "tolo.example"], "notes": "A suicide bomber struck the Russian embassy.",
    "rules": {"fatalities": "most_reported_then_lowest"},
    "disagreements": [{"field": "fatalities", "values": [{"value": 2, "doc_ids": ["a"]}, {"value": 6, "doc_ids": ["b"]}]}],
}
UNPLACED = {"id": "EVD0002", "kind": "threat", "doc_ids": ["c"], "sources": 1}


def test_jsonl_records_carry_doc_ids():
    out = io.StringIO()
    assert write([EVENT, UNPLACED], "jsonl", out) == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["doc_ids"] for r in records] == [["a", "b"], ["c"]]


def test_csv_uses_acled_column_names_then_ours():
    out = io.StringIO()
    write([EVENT], "csv", out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    header = out.getvalue().splitlines()[0].split(",")
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert row["event_id_cnty"] == "EVD0001" and row["time_precision"] == "1"
    assert row["source"] == "reuters.example; tolo.example" and row["fatalities"] == "2"
    assert row["fatalities_high"] == "6" and row["doc_ids"] == "a;b"
    assert json.loads(row["disagreements"])[0]["field"] == "fatalities"


def test_geojson_points_are_lon_lat_and_unplaced_events_have_no_geometry():
    out = io.StringIO()
    write([EVENT, UNPLACED], "geojson", out)
    features = json.loads(out.getvalue())["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [69.17, 34.53]}
    assert features[1]["geometry"] is None


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "events.parquet"
    write([EVENT, UNPLACED], "parquet", str(path))
    table = pq.read_table(path)
    assert table.column("doc_ids").to_pylist() == [["a", "b"], ["c"]]
    assert table.column("fatalities_high").to_pylist() == [6, None]
