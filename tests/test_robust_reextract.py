"""Re-extraction and extractor upgrades leave the store as a fresh ingest of the new version
would: the same documents, mentions, links and events (ids, records, members), listed in the
same order, on SQLite and PostgreSQL; through the library and through `eventdesk ingest`."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventdesk.model import Document
from eventdesk.store import Store
from test_store_toy_extractor import extract

TESTS = Path(__file__).parent

# One attack on 2023-05-02 told by two outlets (one event of two documents) and another the same
# day told once; the order of the documents decides the order the two events are listed in.
TEXTS = {
    "herat-1": "Gunmen killed 3 people in Herat on 2023-05-02. Shops stayed shut.",
    "kandahar-wire": "Gunmen killed 4 people in Kandahar on 2023-05-02. Police sealed the road.",
    "kandahar-paper": "Residents said attackers killed 4 people in Kandahar on 2023-05-02. More later.",
    "kabul-2": "A bomber bombed a checkpoint in Kabul on 2023-05-03 and killed 2 guards.",
    "threat-3": "The group threatened to strike hotels in Kabul.",
}
ORDERS = {
    "single event first": ["herat-1", "kandahar-wire", "kandahar-paper", "kabul-2", "threat-3"],
    "shared event first": ["kandahar-wire", "herat-1", "kandahar-paper", "threat-3", "kabul-2"],
}


def docs(order):
    return [Document(name, TEXTS[name], title=f"Report {name}", source=name.split("-")[0] + ".example")
            for name in order]


def contents(store: Store) -> dict:
    """What a fresh ingest decides, in comparable form: every row but the time an event was last
    written; events as listed (their order is what their ingest sequence decides)."""
    q = lambda sql: [tuple(r[k] for k in r.keys()) for r in store._all(sql)]
    listed = store.events(kind=None)
    for event in listed:
        event.pop("updated")
    return {
        "documents": q("SELECT * FROM documents ORDER BY id"),
        "mentions": q("SELECT * FROM mentions ORDER BY id"),
        "evidence": q("SELECT * FROM evidence ORDER BY mention_id, ordinal"),
        "links": q("SELECT * FROM links ORDER BY a, b"),
        "story_terms": q("SELECT term, df FROM story_terms WHERE df > 0 ORDER BY term"),
        "events": q("SELECT id, kind, record FROM events ORDER BY id"),
        "members": q("SELECT event_id, id FROM mentions ORDER BY event_id, id"),
        "event_members": q("SELECT * FROM event_members ORDER BY event_id, mention_id"),
        "event_merges": q("SELECT * FROM event_merges ORDER BY event_id, ordinal"),
        "listed": listed,
    }


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
def test_reextraction_and_an_upgrade_leave_a_fresh_ingest(store_url, tmp_path, order):
    with Store(store_url) as store:
        store.ingest(docs(order), extract, extractor_version="v1")
        (shared,) = [e for e in store.events() if len(e["doc_ids"]) == 2]
        assert shared["location"] == "Kandahar"
        again = store.ingest(docs(order), extract, extractor_version="v1", reextract=True)
        assert (again.replaced, again.errors) == (5, [])
        reextracted = contents(store)
        upgrade = store.ingest(docs(order), extract, extractor_version="v2")
        assert (upgrade.replaced, upgrade.errors) == (5, [])
        upgraded = contents(store)
    for version, got in (("v1", reextracted), ("v2", upgraded)):
        with Store(str(tmp_path / f"fresh-{version}.db")) as fresh:
            fresh.ingest(docs(order), extract, extractor_version=version)
            want = contents(fresh)
        assert [e["id"] for e in got["listed"]] == [e["id"] for e in want["listed"]]
        assert got == want


def test_reextracting_one_document_keeps_its_events_place_in_the_listing(tmp_path):
    order = ORDERS["single event first"]
    with Store(str(tmp_path / "events.db")) as store:
        store.ingest(docs(order), extract)
        before = [e["id"] for e in store.events(kind=None)]
        summary = store.ingest(docs(["herat-1"]), extract, reextract=True)
        assert summary.replaced == 1
        assert [e["id"] for e in store.events(kind=None)] == before


def run_ingest(folder: Path, db: str, version: str, *extra: str) -> subprocess.CompletedProcess:
    """`eventdesk ingest` with the toy extractor, in a process whose eventdesk reports ``version``
    (as an upgraded install would)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    code = ("import sys, eventdesk; eventdesk.__version__ = sys.argv.pop(1); "
            "from eventdesk.cli import main; main(prog_name='eventdesk')")
    return subprocess.run([sys.executable, "-c", code, version, "ingest", str(folder), "--db", db, "-q",
                           "--extractor", "test_store_toy_extractor:extract", *extra],
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_ingest_command_reextracts_and_upgrades_to_a_fresh_ingest(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, name in enumerate(ORDERS["shared event first"]):
        (folder / f"{i:02d}-{name}.txt").write_text(TEXTS[name] + "\n", encoding="utf-8")
    db = str(tmp_path / "events.db")
    steps = [("1.0", ()), ("1.0", ("--reextract",)), ("1.1", ()), ("1.2", ("--reextract",))]
    expected = ["5 added", "5 re-extracted", "5 re-extracted", "5 re-extracted"]
    for (version, extra), summary in zip(steps, expected):
        done = run_ingest(folder, db, version, *extra)
        assert done.returncode == 0, done.stderr
        assert summary in done.stderr and "0 failed" in done.stderr and "error" not in done.stderr
        fresh_db = str(tmp_path / f"fresh-{version}-{len(extra)}.db")
        assert run_ingest(folder, fresh_db, version).returncode == 0
        with Store(db) as store, Store(fresh_db) as fresh:
            assert contents(store) == contents(fresh)
            versions = {r[0] for r in store._all("SELECT extractor_version FROM documents")}
            assert versions == {f"eventdesk-{version}"}
    unchanged = run_ingest(folder, db, "1.2")
    assert unchanged.returncode == 0 and "5 unchanged" in unchanged.stderr
