"""Crash safety with a real process: kill -9 in the middle of a large ingest, run the same
command again, and the store ends exactly as after one uninterrupted run."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).parent
CITIES = ["Kabul", "Kandahar", "Herat", "Jalalabad"]


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        city = CITIES[i % 4]
        day = f"2023-03-{1 + (i // 3) % 28:02d}"
        text = (f"Report {i}. Gunmen killed {2 + i % 5} people in {city} on {day}. "
                f"Residents described gunfire for an hour.\n")
        if i == 7:
            text = "EXPLODE this article breaks the extractor.\n"
        (folder / f"article_{i:03d}.txt").write_text(text, encoding="utf-8")


def ingest(folder: Path, db: Path, delay: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
               TOY_EXTRACTOR_DELAY=delay)
    return subprocess.Popen([sys.executable, "-m", "eventdesk", "ingest", str(folder), "--db", str(db),
                             "--extractor", "test_store_toy_extractor:extract"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


# Columns that say when a row was written: two runs differ there and nowhere else.
WRITE_TIMES = {"events": ("updated",)}


def dump(db: Path) -> dict:
    out = {}
    with sqlite3.connect(db) as conn:
        for table in ("documents", "mentions", "evidence", "events", "documents_fts", "evidence_fts"):
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in WRITE_TIMES.get(table, ())]
            out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2").fetchall()
    return out


def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder, 40)

    reference = tmp_path / "reference.db"
    done = ingest(folder, reference, "0")
    _, err = done.communicate(timeout=120)
    assert done.returncode == 1, err  # the one broken article is reported, the batch completes
    assert b"article_007" in err

    crashed = tmp_path / "crashed.db"
    victim = ingest(folder, crashed, "0.05")
    deadline = time.time() + 60
    while stored_documents(crashed) < 12 and time.time() < deadline and victim.poll() is None:
        time.sleep(0.02)
    assert victim.poll() is None, "ingest finished before it could be killed"
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    partial = stored_documents(crashed)
    assert 12 <= partial < 39

    again = ingest(folder, crashed, "0")
    again.communicate(timeout=120)
    assert dump(crashed) == dump(reference)
