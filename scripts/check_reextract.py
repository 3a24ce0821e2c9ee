#!/usr/bin/env python3
"""Does re-extraction leave a store exactly as a fresh ingest of the new extractor version would?

    python scripts/check_reextract.py samples/
    python scripts/check_reextract.py /path/to/dev/gtd/docs.jsonl --postgres
    python scripts/check_reextract.py samples/ --pg-url postgresql://user@/db?host=/run/postgresql

For each backend (SQLite always; PostgreSQL with ``--pg-url`` or ``--postgres``, which starts a
throwaway server from the machine's PostgreSQL binaries as the tests do) it runs the real
``eventdesk ingest`` command in subprocesses:

1. a fresh ingest of INPUTS under the current extractor version V;
2. a plain re-ingest under V: every document must be unchanged, the store as after step 1;
3. ``--reextract`` under V: every document re-extracted, the store as after step 1;
4. a plain re-ingest under a bumped version V+1 (an upgrade: each stored document is stale);
5. ``--reextract`` under a bumped version V+2;

and compares the stores of steps 4 and 5 with fresh ingests under V+1 and V+2. A version bump is
simulated by setting ``eventdesk.__version__`` in the ingest process before the command runs
(the store records ``eventdesk-<__version__>`` per document); nothing is patched on disk.

Every step must exit 0 with no error line. Compared, ignoring only the time an event was last
written (``events.updated``): documents (every column, search terms and full-text entries
included), mentions, evidence, links, story term frequencies, and events (every column, the
stored record with its lists put back from their rows, those rows, and the ids of their member mentions; ``seq``, the order events were first
written, as each event's rank in it: that rank is the order events of one day are listed in). Prints one line per check and exits 1 on
any difference, naming the first rows that differ.
"""
from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs the CLI with eventdesk.__version__ replaced (argv[1]), as an upgraded install would have it.
RUNNER = ("import sys, eventdesk; eventdesk.__version__ = sys.argv.pop(1); "
          "from eventdesk.cli import main; main(prog_name='eventdesk')")

IGNORED_EVENT_COLUMNS = {"updated"}     # when the event was last written: differs by design


EXTRA_ARGS: list[str] = []   # e.g. --extractor MODULE:FUNCTION, passed to every ingest


def ingest(inputs: list[str], db: str, version: str, *extra: str) -> tuple[int, str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", RUNNER, version, "ingest", *inputs, "--db", db, "-q", *EXTRA_ARGS, *extra],
                          env=env, capture_output=True, text=True)
    return proc.returncode, proc.stderr, time.monotonic() - start


def _rows(store, sql: str) -> list[tuple]:
    return [tuple(r[k] for k in r.keys()) for r in store._all(sql)]


def _named(store, sql: str) -> list[dict]:
    return [{k: r[k] for k in r.keys()} for r in store._all(sql)]


def snapshot(db: str) -> dict[str, list]:
    """Everything a store holds about its documents and events, in a comparable form."""
    sys.path.insert(0, str(ROOT / "src"))
    from eventdesk.store import Store

    with Store(db) as store:
        postgres = store.dialect.name != "sqlite"
        events = []
        for row in _named(store, "SELECT * FROM events ORDER BY id"):
            for column in IGNORED_EVENT_COLUMNS:
                row.pop(column, None)
            row.pop("record")   # its head; the whole record, its lists put back from their rows:
            record = store.event(row["id"])
            for key in IGNORED_EVENT_COLUMNS:
                record.pop(key, None)
            row["record"] = record
            row["members"] = [r[0] for r in store._all("SELECT id FROM mentions WHERE event_id = ? ORDER BY id",
                                                         (row["id"],))]
            events.append(row)
        # ``seq`` numbers events in the order they were first written: a re-extraction writes
        # them again, so its values move on; what it decides is the order events are listed in.
        order = {e["id"]: rank for rank, e in enumerate(sorted(events, key=lambda e: int(e["seq"])))}
        for e in events:
            e["seq"] = order[e["id"]]
        fts_documents = ("SELECT doc_id, title, tsv::text AS terms FROM documents_fts ORDER BY doc_id" if postgres
                         else "SELECT doc_id, title, text FROM documents_fts ORDER BY doc_id")
        fts_evidence = ("SELECT mention_id, tsv::text AS terms FROM evidence_fts ORDER BY mention_id, terms"
                        if postgres else "SELECT mention_id, text FROM evidence_fts ORDER BY mention_id, text")
        return {
            "documents": _named(store, "SELECT * FROM documents ORDER BY id"),
            "mentions": _named(store, "SELECT * FROM mentions ORDER BY id"),
            "evidence": _named(store, "SELECT * FROM evidence ORDER BY mention_id, ordinal"),
            "links": _named(store, "SELECT * FROM links ORDER BY a, b"),
            "event_members": _named(store, "SELECT * FROM event_members ORDER BY event_id, mention_id"),
            "event_merges": _named(store, "SELECT * FROM event_merges ORDER BY event_id, ordinal"),
            "story_terms": _rows(store, "SELECT term, df FROM story_terms WHERE df > 0 ORDER BY term"),
            "events": events,
            "documents_fts": _rows(store, fts_documents),
            "evidence_fts": _rows(store, fts_evidence),
            "corrections": _rows(store, "SELECT action, mention_a, mention_b, note FROM corrections ORDER BY seq"),
        }


def differences(got: dict, want: dict, limit: int = 3) -> list[str]:
    out = []
    for table in want:
        a, b = got[table], want[table]
        if a == b:
            continue
        out.append(f"{table}: {len(a)} rows, expected {len(b)}")
        shown = 0
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y and shown < limit:
                shown += 1
                if isinstance(x, dict) and isinstance(y, dict):
                    keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
                    detail = "; ".join(f"{k}: {str(x.get(k))[:160]!r} != {str(y.get(k))[:160]!r}" for k in keys)
                    out.append(f"  row {i} ({x.get('id', '')}): {detail}")
                else:
                    out.append(f"  row {i}: {str(x)[:200]} != {str(y)[:200]}")
    if got["events"] != want["events"]:
        out += event_alignment(got["events"], want["events"])
    return out


def event_alignment(got: list[dict], want: list[dict]) -> list[str]:
    """How the events differ when matched by their members instead of their ids: whether the
    same mentions form the same events with the same records, only under other ids."""
    def by_members(events):
        return {tuple(e["members"]): e for e in events}

    a, b = by_members(got), by_members(want)
    same = set(a) & set(b)
    strip = lambda e: {k: v for k, v in e.items() if k not in ("id", "seq")} | {
        "record": {k: v for k, v in e["record"].items() if k != "id"}}
    other_ids = sorted((b[m]["id"], a[m]["id"]) for m in same if a[m]["id"] != b[m]["id"])
    other_fields = [m for m in same if strip(a[m]) != strip(b[m])]
    moved = [m for m in same if a[m]["seq"] != b[m]["seq"]]
    lines = [f"  matched by members: {len(same)} of {len(b)} events have the same members "
             f"({len(set(b) - same)} groups only in the fresh ingest, {len(set(a) - same)} only here); "
             f"of those, {len(other_ids)} under another id, {len(other_fields)} with other fields or record "
             f"(id aside), {len(moved)} listed at another rank"]
    lines += [f"    fresh {x} is {y} here" for x, y in other_ids[:10]]
    return lines


def versions(db: str) -> set:
    sys.path.insert(0, str(ROOT / "src"))
    from eventdesk.store import Store

    with Store(db) as store:
        return {r[0] for r in store._all("SELECT DISTINCT extractor_version FROM documents")}


class Backend:
    """Makes empty stores of one kind."""

    def __init__(self, name: str, make):
        self.name, self.make = name, make


def sqlite_backend(work: Path) -> Backend:
    counter = iter(range(1000))
    return Backend("sqlite", lambda label: str(work / f"{next(counter):02d}-{label}.db"))


def _pg_bindir() -> str | None:
    candidates = [os.environ["EVENTDESK_PG_BIN"]] if os.environ.get("EVENTDESK_PG_BIN") else []
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/bin"):
        candidates += sorted(glob.glob(pattern), reverse=True)
    for d in candidates:
        if d and os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    return None


@contextlib.contextmanager
def throwaway_postgres():
    """A PostgreSQL server on a Unix socket in a temporary directory, as tests/conftest.py starts
    one (as the ``postgres`` user when run as root); yields its base URL."""
    bindir = _pg_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) not found; set EVENTDESK_PG_BIN")
    prefix: list[str] = []
    root = tempfile.mkdtemp(prefix="eventdesk-pg-")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        import pwd
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(root, "data")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = lambda *args: subprocess.run(prefix + list(args), check=True, capture_output=True, text=True)
    try:
        run(os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync",
            "-E", "UTF8", "--locale=C")
        options = (f"-k {root} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off")
        run(os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(root, "server.log"), "-o", options,
            "-w", "-t", "30", "start")
        yield f"postgresql://postgres@/postgres?host={root}&port={port}"
    finally:
        subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def postgres_backend(base_url: str) -> Backend:
    """Each store an empty schema of its own on the server at ``base_url``."""
    import psycopg

    def make(label: str) -> str:
        schema = f"rx_{label.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in base_url else "?"
        return f"{base_url}{sep}options=-csearch_path%3D{schema}"

    return Backend("postgresql", make)


def check(backend: Backend, inputs: list[str]) -> bool:
    from eventdesk import __version__

    v0 = __version__
    v1, v2 = f"{v0}+reextract-check.1", f"{v0}+reextract-check.2"
    ok = True

    def step(label: str, db: str, version: str, *extra: str, expect: str | None = None) -> bool:
        nonlocal ok
        code, err, seconds = ingest(inputs, db, version, *extra)
        summary = next((line for line in err.splitlines() if "document(s) read" in line), err.strip()[-300:])
        errors = [line for line in err.splitlines() if "error:" in line]
        good = code == 0 and not errors and (expect is None or expect in summary)
        ok &= good
        print(f"[{backend.name}] {label}: exit {code}, {seconds:.1f} s: {summary.removeprefix('eventdesk: ')}"
              + ("" if good else "  <-- FAIL"))
        for line in errors[:5]:
            print(f"    {line}")
        if len(errors) > 5:
            print(f"    ... {len(errors) - 5} more error line(s)")
        return good

    def compare(label: str, db: str, want: dict, version: str) -> None:
        nonlocal ok
        got = snapshot(db)
        diff = differences(got, want)
        stored = versions(db)
        if stored != {f"eventdesk-{version}"}:
            diff.append(f"extractor versions stored: {sorted(stored)}, expected eventdesk-{version}")
        ok &= not diff
        counts = {t: len(got[t]) for t in ("documents", "mentions", "links", "events")}
        print(f"[{backend.name}] {label}: " + ("equal" if not diff else "DIFFERENT") + f" {counts}")
        for line in diff:
            print(f"    {line}")

    fresh0 = backend.make("fresh-v0")
    if not step(f"fresh ingest under {v0}", fresh0, v0):
        return False
    want0 = snapshot(fresh0)
    n = len(want0["documents"])
    step(f"plain re-ingest under {v0}", fresh0, v0, expect=f"0 added, 0 re-extracted, {n} unchanged")
    compare(f"after plain re-ingest under {v0} vs fresh {v0}", fresh0, want0, v0)
    step(f"--reextract under {v0}", fresh0, v0, "--reextract", expect=f"{n} re-extracted")
    compare(f"after --reextract under {v0} vs fresh {v0}", fresh0, want0, v0)

    for version, extra, label in ((v1, (), "plain re-ingest (stale version)"), (v2, ("--reextract",), "--reextract")):
        fresh = backend.make(f"fresh-{version.rsplit('.', 1)[-1]}")
        if not step(f"fresh ingest under {version}", fresh, version):
            continue
        want = snapshot(fresh)
        step(f"{label} under {version}", fresh0, version, *extra, expect=f"{n} re-extracted")
        compare(f"after {label} under {version} vs fresh {version}", fresh0, want, version)
        step(f"plain re-ingest under {version} again", fresh0, version, expect=f"{n} unchanged")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="files or folders to ingest (.txt, .html, .jsonl)")
    ap.add_argument("--pg-url", help="also check on PostgreSQL: a server URL (a schema is made per store)")
    ap.add_argument("--postgres", action="store_true",
                    help="also check on a throwaway PostgreSQL server started from the machine's binaries")
    ap.add_argument("--no-sqlite", action="store_true", help="skip the SQLite check")
    ap.add_argument("--extractor", metavar="MODULE:FUNCTION",
                    help="passed to every ingest (default: eventdesk's pipeline); MODULE on PYTHONPATH")
    ap.add_argument("--keep", metavar="DIR", help="keep the SQLite stores in DIR (default: a temporary folder)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    inputs = [str(Path(p).resolve()) for p in args.inputs]
    if args.extractor:
        EXTRA_ARGS.extend(["--extractor", args.extractor])
    results = []
    with contextlib.ExitStack() as stack:
        if not args.no_sqlite:
            if args.keep:
                work = Path(args.keep)
                work.mkdir(parents=True, exist_ok=True)
            else:
                work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="reextract-")))
            results.append(check(sqlite_backend(work), inputs))
        url = args.pg_url or (stack.enter_context(throwaway_postgres()) if args.postgres else None)
        if url:
            results.append(check(postgres_backend(url), inputs))
    ok = bool(results) and all(results)
    print("re-extraction check: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
