"""Shared fixtures: a throwaway PostgreSQL server for the store tests.

``postgres_server`` (session-scoped) runs initdb and postgres from the machine's PostgreSQL
binaries in a temporary directory, listening only on a Unix socket there, and stops it at the
end. PostgreSQL refuses to run as root, so under root it runs as the ``postgres`` user (via
``runuser``) in a directory that user owns. Tests that need it are skipped, with the reason,
when the binaries or psycopg are missing. ``postgres_url`` gives each test its own empty schema.

``store_url`` is parametrised over both backends: store tests written against it run on SQLite
and on PostgreSQL.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest

PG_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/bin")


def _pg_bindir() -> str | None:
    configured = os.environ.get("EVENTDESK_PG_BIN")
    candidates = [configured] if configured else []
    for pattern in PG_BIN_GLOBS:
        candidates += sorted(glob.glob(pattern), reverse=True)
    for d in candidates:
        if d and os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """Socket directory, port and user of a running throwaway PostgreSQL server."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg (3) is not installed: pip install 'psycopg[binary]'")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; set EVENTDESK_PG_BIN")
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        if shutil.which("runuser") is None:
            pytest.skip("running as root and runuser is missing: cannot start PostgreSQL as another user")
        try:
            import pwd
            pg_user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        prefix = ["runuser", "-u", "postgres", "--"]
    root = tempfile.mkdtemp(prefix="eventdesk-pg-")
    if as_root:
        os.chown(root, pg_user.pw_uid, pg_user.pw_gid)
    data, sock, port = os.path.join(root, "data"), root, _free_port()
    log = os.path.join(root, "server.log")
    run = lambda *args: subprocess.run(prefix + list(args), check=True, capture_output=True, text=True)
    try:
        run(os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync",
            "-E", "UTF8", "--locale=C")
        # Only a Unix socket (no TCP); durability off: a test server is thrown away.
        options = (f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off")
        run(os.path.join(bindir, "pg_ctl"), "-D", data, "-l", log, "-o", options, "-w", "-t", "30", "start")
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"could not start a throwaway PostgreSQL server: {detail.strip()[:300]}")
    try:
        yield {"host": sock, "port": port, "user": "postgres", "dbname": "postgres"}
    finally:
        subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A postgresql:// URL whose connections see only a fresh, empty schema of their own."""
    import psycopg

    srv = postgres_server
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(host=srv["host"], port=srv["port"], user=srv["user"], dbname=srv["dbname"],
                         autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield (f"postgresql://{srv['user']}@/{srv['dbname']}?host={srv['host']}&port={srv['port']}"
           f"&options=-csearch_path%3D{schema}")
    with psycopg.connect(host=srv["host"], port=srv["port"], user=srv["user"], dbname=srv["dbname"],
                         autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Where to open a Store: an SQLite file, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres_url")


def wait_for(predicate, timeout: float = 10.0, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False
