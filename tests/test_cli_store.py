"""The store commands end to end through click: ingest, events, export, show."""
import json

import pytest
from click.testing import CliRunner

from eventdesk.cli import main

ARTICLES = {
    "wire.txt": "Gunmen killed 4 people in Kandahar on 2023-01-11. Police sealed off the bazaar.\n",
    "paper.txt": "Local officials said attackers killed 5 people in Kandahar on 2023-01-11.\n",
    "radio.txt": "A suicide bomber bombed a mosque in Herat on 2023-02-03 and killed 9 worshippers.\n",
}


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(__file__).parent))
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", path,
                                       "--extractor", "test_store_toy_extractor:extract"])
    assert result.exit_code == 0, result.output
    return path


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_events_table_and_machine_formats(db):
    table = run("events", "--db", db)
    assert "Kandahar" in table and "Herat" in table and "2 events" in table
    lines = run("events", "--db", db, "--admin1", "Kandahar", "--format", "jsonl").strip().splitlines()
    (record,) = [json.loads(x) for x in lines]
    assert record["sources"] == 2 and record["fatalities_low"] == 4
    assert run("events", "--db", db, "--search", "worshippers", "--format", "csv").count("\n") == 2


def test_export_jsonl_to_file_and_db_from_environment(db, tmp_path, monkeypatch):
    out = tmp_path / "fused.jsonl"
    monkeypatch.setenv("EVENTDESK_DB", db)
    run("export", "--format", "jsonl", "-o", str(out))
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(len(r["doc_ids"]) for r in records) == [1, 2]


def test_show_prints_every_source_and_its_evidence(db):
    (record,) = [json.loads(x) for x in run("events", "--db", db, "--admin1", "Kandahar", "--format", "jsonl")
                 .strip().splitlines()]
    shown = run("show", record["event_id_cnty"], "--db", db)
    assert "sources disagree on fatalities" in shown
    assert "> Gunmen killed 4 people in Kandahar" in shown and "paper" in shown
    assert CliRunner().invoke(main, ["show", "EVDNOPE", "--db", db]).exit_code != 0


def test_second_ingest_changes_nothing(db, tmp_path):
    before = run("export", "--db", db)
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", db,
                                       "--extractor", "test_store_toy_extractor:extract"])
    assert "3 unchanged" in result.output
    assert run("export", "--db", db) == before


def test_a_postgresql_url_selects_the_postgres_backend(tmp_path, monkeypatch, postgres_url):
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(__file__).parent))
    folder = tmp_path / "pg-in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("EVENTDESK_DB", postgres_url)
    for _ in range(2):  # the second run changes nothing
        result = CliRunner().invoke(main, ["ingest", str(folder), "--extractor", "test_store_toy_extractor:extract"])
        assert result.exit_code == 0, result.output
    assert "3 unchanged" in result.output
    out = tmp_path / "fused.jsonl"
    run("export", "--format", "jsonl", "-o", str(out))
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(len(r["doc_ids"]) for r in records) == [1, 2]
    assert "Herat" in run("events", "--search", "worshippers")
