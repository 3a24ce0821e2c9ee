"""SQLite and PostgreSQL behave alike: text is cleaned before storage (a NUL byte stored on one
is stored the same on the other), the same searches and filters find the same events on both,
and two ingests running at once into one PostgreSQL store both succeed."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventdesk.arguments import ArgumentError
from eventdesk.model import Document
from eventdesk.store import Store
from store_parity_extractor import extract

TESTS = Path(__file__).resolve().parent
ARTICLES = [
    ("wire-1", "Gunmen attacked a police officer in Kabul on 2023-05-02 and killed 1 bystander."),
    ("wire-2", "ISKP fighters killed 6 worshippers in Jalalabad on 2023-05-04. Police officers cordoned off "
               "the mosque."),
    ("wire-3", "Al-Shabaab militants killed 9 people at a hotel in Mogadishu on 2023-05-06."),
    ("wire-4", "Two police officers were shot in Herat on 2023-05-07; the Taliban killed 2 guards."),
    ("wire-5", "Islamic State Khorasan Province gunmen killed 3 teachers in Kabul on 2023-05-09.\x00 "
               "Officials said the attackers fled.\x07"),
    ("wire-6", "Résidents said soldiers shot at a café in Mogadishu on 2023-05-10, officers killed 2."),
]
QUERIES = [
    {"search": "police officer"}, {"search": "officers"}, {"search": "Police"}, {"search": "worshipper"},
    {"search": "cafe residents"}, {"search": "hotel Mogadishu"}, {"search": "killed"}, {"search": "the"},
    {"search": '") OR ("'}, {"search": "teachers fled"},
    {"actor": "ISKP"}, {"actor": "Daesh"}, {"actor": "al-shabaab"}, {"actor": "taliban"},
    {"country": "afghanistan", "since": "2023-05-03"}, {"until": "2023-05-06", "search": "police"},
    {"admin1": "Kabul"}, {"type": "attack"}, {"min_confidence": 0.5},
]


def load(target):
    store = Store(target)
    summary = store.ingest([Document(i, t, source=f"{i}.example") for i, t in ARTICLES], extract)
    assert not summary.errors and summary.added == len(ARTICLES)
    return store


@pytest.fixture
def both(tmp_path, postgres_url):
    sqlite, postgres = load(str(tmp_path / "parity.db")), load(postgres_url)
    yield sqlite, postgres
    sqlite.close()
    postgres.close()


def _ids(events):
    return [(e["id"], e["doc_ids"]) for e in events]


def test_the_same_queries_find_the_same_events_on_both_backends(both):
    sqlite, postgres = both
    found = {}
    for query in QUERIES:
        on_sqlite, on_postgres = _ids(sqlite.events(**query)), _ids(postgres.events(**query))
        assert on_sqlite == on_postgres, query
        found[str(query)] = len(on_sqlite)
    # the searches mean what they say on both: endings and accents folded, every word required
    assert found[str({"search": "police officer"})] == 2          # "officer" and "officers"
    assert found[str({"search": "cafe residents"})] == 1          # café, Résidents
    assert found[str({"search": '") OR ("'})] == 0
    assert found[str({"actor": "ISKP"})] == 2                     # ISKP and its long name
    assert found[str({"actor": "al-shabaab"})] == 1
    assert sqlite.search_documents("worshippers")[0]["doc_id"] == postgres.search_documents("worshippers")[0]["doc_id"]


def test_control_characters_are_cleaned_before_storage_alike(both):
    sqlite, postgres = both
    (row_sqlite,) = sqlite._all("SELECT text FROM documents WHERE id = 'wire-5'")
    (row_postgres,) = postgres._all("SELECT text FROM documents WHERE id = 'wire-5'")
    assert row_sqlite[0] == row_postgres[0] and "\x00" not in row_sqlite[0] and "\x07" not in row_sqlite[0]
    assert len(row_sqlite[0]) == len(ARTICLES[4][1])              # one character for one: offsets hold
    for store in both:
        (event,) = store.events(search="teachers")
        (source,) = store.sources(event["id"])
        ev = source["evidence"][0]
        assert row_sqlite[0][ev["start"]:ev["end"]] == ev["text"]
    # re-ingesting the same (uncleaned) document changes nothing on either backend
    for store in both:
        again = store.ingest([Document("wire-5", ARTICLES[4][1], source="wire-5.example")], extract)
        assert (again.unchanged, again.added) == (1, 0)


def test_bad_arguments_are_refused_alike(both):
    for store in both:
        for bad, name in [({"since": "2023-13-01"}, "since"), ({"until": "yesterday"}, "until"),
                          ({"kind": "rumour"}, "kind"), ({"type": "Skirmish"}, "type"),
                          ({"min_confidence": 3}, "min_confidence"),
                          ({"since": "2023-06-01", "until": "2023-05-01"}, "since")]:
            with pytest.raises(ArgumentError) as caught:
                store.events(**bad)
            assert caught.value.name == name


def test_two_concurrent_ingests_into_one_postgresql_store_both_succeed(tmp_path, postgres_url):
    folder = tmp_path / "feed"
    folder.mkdir()
    cities = ["Kabul", "Jalalabad", "Mogadishu", "Herat"]
    for i in range(40):
        (folder / f"report-{i:02d}.txt").write_text(
            f"Gunmen killed {i % 7 + 1} people in {cities[i % 4]} on 2023-04-{i % 28 + 1:02d} "
            f"near checkpoint {i}.\n", encoding="utf-8")
    Store(postgres_url).close()        # both start from the migrated schema...
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    command = [sys.executable, "-m", "eventdesk", "ingest", str(folder), "--db", postgres_url,
               "--extractor", "store_parity_extractor:extract", "--quiet"]
    # ...and ingest the same 40 documents at the same time: each document is stored once.
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [r.communicate(timeout=300) for r in runs]
    for run, (_, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "0 failed" in err
    with Store(postgres_url) as store:
        assert store.counts()["documents"] == 40 and store.counts()["mentions"] == 40
        (row,) = store._all("SELECT COUNT(DISTINCT doc_id) FROM mentions")
        assert row[0] == 40
    added = sum(int(err.split(" added")[0].rsplit("(", 1)[1]) for _, err in outputs)
    assert added == 40                                            # each document added by one of them


def test_a_fresh_postgresql_store_opened_by_two_at_once(postgres_url):
    import threading

    errors = []

    def open_store():
        try:
            Store(postgres_url).close()
        except Exception as exc:  # collected: the test asserts there are none
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
