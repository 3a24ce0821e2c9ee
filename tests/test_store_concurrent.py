"""Two `eventdesk ingest` processes on the same files and the same store: both succeed (a document
the other stored first is "unchanged", never a conflict) and the store ends as after one ingest,
on SQLite and PostgreSQL."""
import re
import os
import subprocess
import sys
from pathlib import Path

from eventdesk.store import Store

TESTS = Path(__file__).parent
CITIES = ["Kabul", "Kandahar", "Herat", "Jalalabad"]


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        day = f"2023-04-{1 + (i // 2) % 28:02d}"
        (folder / f"article_{i:03d}.txt").write_text(
            f"Report {i}. Gunmen killed {2 + i % 5} people in {CITIES[(i // 2) % 4]} on {day}. Shops closed.\n",
            encoding="utf-8")


def ingest(folder: Path, db: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
               TOY_EXTRACTOR_DELAY="0.01")
    return subprocess.Popen([sys.executable, "-m", "eventdesk", "ingest", str(folder), "--db", db,
                             "--extractor", "test_store_toy_extractor:extract"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def contents(db: str) -> dict:
    with Store(db) as store:
        q = lambda *a: [tuple(r) for r in store._all(*a)]
        return {
            "documents": q("SELECT id, content_hash, extractor_version FROM documents ORDER BY id"),
            "mentions": q("SELECT id, doc_id, ordinal, record FROM mentions ORDER BY id"),
            "evidence": q("SELECT mention_id, ordinal, start_char, end_char, text FROM evidence "
                          "ORDER BY mention_id, ordinal"),
            "links": q("SELECT a, b, score FROM links ORDER BY a, b"),
            "events": sorted(tuple(sorted(r[0] for r in q("SELECT id FROM mentions WHERE event_id = ?", (e[0],))))
                             for e in q("SELECT id FROM events")),
            "counts": store.counts(),
        }


def run_concurrent_and_single(tmp_path, concurrent_db: str, single_db: str) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 40)
    first, second = ingest(folder, concurrent_db), ingest(folder, concurrent_db)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    for p, (_, err) in zip((first, second), outputs):
        assert p.returncode == 0, err
        assert "0 failed" in err and "UNIQUE" not in err and "Unique" not in err
    # every document was stored once: added by one run, unchanged (or added) in the other
    added = [int(re.search(r"\((\d+) added", err).group(1)) for _, err in outputs]
    assert sum(added) == 40
    alone = ingest(folder, single_db)
    _, err = alone.communicate(timeout=120)
    assert alone.returncode == 0, err
    assert contents(concurrent_db) == contents(single_db)


def test_two_concurrent_ingests_into_one_sqlite_store(tmp_path):
    run_concurrent_and_single(tmp_path, str(tmp_path / "shared.db"), str(tmp_path / "alone.db"))


def test_two_concurrent_ingests_into_one_postgresql_store(tmp_path, postgres_url):
    # (compared with one ingest into SQLite: the two dialects store the same rows)
    run_concurrent_and_single(tmp_path, postgres_url, str(tmp_path / "alone.db"))
