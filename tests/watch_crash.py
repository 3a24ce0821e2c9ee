"""kill -9 trials of ``eventdesk watch --once`` (used by tests/test_watch_crash.py and
scripts/watch_kill_trials.py): a watcher killed at a random point and restarted leaves the store
equal to an uninterrupted run's, timestamps aside."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_store_crash import stored_documents

TESTS = Path(__file__).parent
# Columns that say when, not what: they differ between any two runs (a restarted run's last poll
# of the feed answers 304 where an uninterrupted run's only poll answered 200).
TIMING = {"feeds": ("last_poll", "last_success", "polls", "status"), "feed_items": ("first_seen", "done"),
          "alerts": ("created",), "watchlists": ("created",), "events": ("updated",)}
TABLES = ("documents", "mentions", "evidence", "events", "links", "documents_fts", "evidence_fts", "feeds",
          "feed_items", "watchlists", "alert_marks", "alerts", "alert_deliveries")


def watch(feed_url: str, db: Path, delay: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
               TOY_EXTRACTOR_DELAY=delay)
    return subprocess.Popen([sys.executable, "-m", "eventdesk", "watch", feed_url, "--once", "--db", str(db),
                             "--per-host-delay", "0", "--extractor", "test_store_toy_extractor:extract"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def add_watchlist(db: Path) -> None:
    subprocess.run([sys.executable, "-m", "eventdesk", "watchlist", "add", "kabul", "--db", str(db),
                    "--near", "34.53,69.17", "--radius-km", "30"], check=True, capture_output=True)


def dump(db: Path) -> dict:
    out = {}
    with sqlite3.connect(db) as conn:
        for table in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [c for c in cols if c not in TIMING.get(table, ())]
            out[table] = sorted(conn.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall(), key=repr)
    return out


def reference_run(feed_url: str, db: Path) -> dict:
    add_watchlist(db)
    run = watch(feed_url, db, "0")
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err.decode()
    return dump(db)


def killed_run(feed_url: str, db: Path, total: int, rng: random.Random) -> tuple[int, dict]:
    """Kill -9 once somewhere in the run, rerun to the end; returns (documents at the kill, dump)."""
    add_watchlist(db)
    target = rng.randint(1, total - 2)
    victim = watch(feed_url, db, "0.04")
    deadline = time.time() + 120
    while stored_documents(db) < target and time.time() < deadline and victim.poll() is None:
        time.sleep(0.005)
    time.sleep(rng.random() * 0.04)   # land anywhere inside the next article, not just between two
    assert victim.poll() is None, "the watcher finished before it could be killed"
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    at_kill = stored_documents(db)
    again = watch(feed_url, db, "0")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    return at_kill, dump(db)
