"""Export formats: the ACLED layout in CSV, JSON Lines and Parquet (one id in all three), UCDP
GED-style rows, GeoJSON points, and the Parquet folder read back as a dataset."""
import csv
import io
import json
import os

import pandas
import pyarrow.dataset as ds
import pytest

from eventdesk.export import ACLED_COLUMNS, COLUMNS, UCDP_COLUMNS, event_id_cnty, store_event_id, write

KABUL = {
    "id": "EVD95D01AF4A48B", "kind": "event", "event_date": "2022-09-05", "date_precision": "day",
    "date_lo": "2022-09-05", "date_hi": "2022-09-05",
    "event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb",
    "actor1": "Islamic State Khorasan Province", "actor2": None, "target": "Russian embassy",
    "target_type": "Diplomatic", "country": "Afghanistan", "admin1": "Kabul", "location": "Kabul",
    "latitude": 34.53, "longitude": 69.17, "geo_precision": 1, "fatalities": 2, "fatalities_low": 2,
    "fatalities_high": 6, "attacker_fatalities": 1, "casualties": None, "injuries": 11, "sources": 2,
    "doc_ids": ["a", "b"], "mention_ids": ["a#0", "b#0"], "outlets": ["reuters.example", "tolo.example"],
    "notes": "A suicide bomber struck the Russian embassy.", "confidence": 0.9,
    "rules": {"fatalities": "most_reported_then_lowest"},
    "disagreements": [{"field": "fatalities", "values": [{"value": 2, "doc_ids": ["a"]},
                                                         {"value": 6, "doc_ids": ["b"]}]}],
}
PROTEST = {
    "id": "EVD00000000002A", "kind": "event", "event_date": "2023-03-01", "date_precision": "month",
    "event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Ivory Coast)",
    "country": "Ivory Coast", "admin1": "Abidjan", "location": "Abidjan", "latitude": 5.35,
    "longitude": -4.01, "geo_precision": 1, "fatalities": None, "doc_ids": ["c"], "sources": 1,
}
THREAT = {"id": "EVD0000000000FF", "kind": "threat", "doc_ids": ["d"], "sources": 1}
EVENTS = [KABUL, PROTEST, THREAT]
STAMP = 1_700_000_000


def no_admin2(event):
    return None


def test_pandas_reads_acled_columns_first_in_order_then_ours(tmp_path):
    path = tmp_path / "events.csv"
    write(EVENTS, "csv", str(path), timestamp=STAMP)
    frame = pandas.read_csv(path)
    assert tuple(frame.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert len(ACLED_COLUMNS) == 31 and tuple(frame.columns) == COLUMNS
    assert {"attacker_fatalities", "casualties", "outlets", "fatalities_low", "fatalities_high"} <= set(frame.columns)
    kabul = frame.iloc[0]
    assert kabul["event_id_cnty"].startswith("AFG") and kabul["year"] == 2022 and kabul["time_precision"] == 1
    assert (kabul["inter1"], kabul["inter2"], kabul["interaction"]) == (2, 0, 20)
    assert (kabul["iso"], kabul["region"], kabul["disorder_type"]) == (4, "South Asia", "Political violence")
    assert kabul["source"] == "reuters.example; tolo.example" and kabul["timestamp"] == STAMP
    assert (kabul["fatalities"], kabul["fatalities_high"], kabul["attacker_fatalities"]) == (2, 6, 1)
    assert kabul["admin2"] == "Kabul"                     # the district, from the gazetteer
    assert json.loads(kabul["disagreements"])[0]["field"] == "fatalities"
    protest = frame.iloc[1]
    assert (protest["iso"], protest["region"], protest["inter1"], protest["interaction"]) == (384, "Western Africa", 6, 60)
    assert protest["time_precision"] == 3 and protest["disorder_type"] == "Demonstrations"
    assert protest["fatalities"] == 0                     # ACLED's 0 when no death is reported


def test_one_id_in_csv_jsonl_and_parquet(tmp_path):
    write(EVENTS, "csv", str(tmp_path / "e.csv"), admin2=no_admin2)
    write(EVENTS, "jsonl", str(tmp_path / "e.jsonl"), admin2=no_admin2)
    write(EVENTS, "parquet", str(tmp_path / "parquet"), admin2=no_admin2)
    from_csv = list(pandas.read_csv(tmp_path / "e.csv")["event_id_cnty"])
    from_jsonl = [json.loads(line)["event_id_cnty"] for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    from_parquet = list(pandas.read_parquet(tmp_path / "parquet")["event_id_cnty"])
    assert from_csv == from_jsonl == from_parquet
    assert from_csv[2].startswith("XXX")                  # no country known for the threat
    assert [store_event_id(i) for i in from_csv] == [e["id"] for e in EVENTS]
    assert all("id" not in json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines())


def test_event_id_cnty_is_country_code_and_a_stable_number():
    first = event_id_cnty("EVD95D01AF4A48B", "Afghanistan")
    assert first == event_id_cnty("EVD95D01AF4A48B", "Afghanistan") == f"AFG{int('95D01AF4A48B', 16)}"
    assert event_id_cnty("EVD95D01AF4A48B", "Kosovo").startswith("XKX")
    assert store_event_id(first) == "EVD95D01AF4A48B" and store_event_id("EVD95D01AF4A48B") == "EVD95D01AF4A48B"


def test_parquet_is_a_dataset_folder_pandas_and_pyarrow_read(tmp_path):
    out = tmp_path / "events"
    assert write(EVENTS, "parquet", str(out), admin2=no_admin2) == 3
    assert all(name.endswith(".parquet") for name in os.listdir(out))
    table = ds.dataset(str(out), format="parquet").to_table()
    assert table.column_names[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert table.column("doc_ids").to_pylist() == [["a", "b"], ["c"], ["d"]]
    frame = pandas.read_parquet(out)
    assert list(frame["fatalities_high"].astype("Int64").astype(object).where(frame["fatalities_high"].notna(), None)) \
        == [6, None, None]
    assert str(frame["event_date"].iloc[0]) == "2022-09-05"
    write(EVENTS[:1], "parquet", str(out), admin2=no_admin2)      # rewriting replaces the dataset
    assert len(pandas.read_parquet(out)) == 1
    with pytest.raises(ValueError, match="parquet"):
        write(EVENTS, "parquet", None)


def test_ucdp_rows_for_organised_violence_with_deaths_only():
    out = io.StringIO()
    assert write(EVENTS, "ucdp", out, admin2=no_admin2) == 1      # not the protest nor the threat
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(out.getvalue().splitlines()[0].split(",")) == UCDP_COLUMNS
    assert row["type_of_violence"] == "3"     # a group against an embassy, no armed opponent: one-sided
    assert (row["side_a"], row["side_b"]) == ("Islamic State Khorasan Province", "Civilians")
    assert (row["best"], row["low"], row["high"]) == ("3", "3", "7")      # the bomber's death counted
    assert (row["deaths_a"], row["deaths_civilians"], row["where_prec"], row["date_prec"]) == ("1", "2", "1", "1")
    assert row["id"] == event_id_cnty(KABUL["id"], "Afghanistan") and row["region"] == "Asia"
    checkpoint = dict(KABUL, target_type="Military/Police", event_type="Battles", sub_event_type="Armed clash")
    out = io.StringIO()
    write([checkpoint], "ucdp", out, admin2=no_admin2)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["type_of_violence"] == "1"     # against the state's forces: state-based, the state as side A
    assert (row["side_a"], row["side_b"]) == ("Government of Afghanistan", "Islamic State Khorasan Province")
    assert (row["deaths_b"], row["deaths_unknown"]) == ("1", "2")

def test_geojson_points_are_lon_lat_and_unplaced_events_have_no_geometry():
    out = io.StringIO()
    write(EVENTS, "geojson", out, admin2=no_admin2)
    features = json.loads(out.getvalue())["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [69.17, 34.53]}
    assert features[0]["id"] == features[0]["properties"]["event_id_cnty"]
    assert features[2]["geometry"] is None
