"""The only SQL that is not portable: connecting, transactions, placeholders and full-text search.

Everything else (``migrations.py``, ``store.py``) is written once with ``?`` placeholders.

- ``SQLiteDialect``: the embedded default; full-text search with FTS5.
- ``PostgresDialect``: for a shared store (``postgresql://...`` URL, psycopg 3); full-text search
  with ``tsvector`` columns, GIN indexes and ``plainto_tsquery``; ``?`` becomes ``%s``.

``dialect_for(target)`` picks one from the ``--db`` / ``$EVENTDESK_DB`` value.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any, Iterable, Sequence

from .search import index_text, search_terms

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str) -> bool:
    return target.startswith(POSTGRES_SCHEMES)


def dialect_for(target: str):
    return PostgresDialect() if is_postgres_url(target) else SQLiteDialect()


class SQLiteDialect:
    name = "sqlite"

    # Full-text tables per migration version (same numbering as migrations.MIGRATIONS).
    FTS_MIGRATIONS = {
        1: (
            "CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text)",
            "CREATE VIRTUAL TABLE evidence_fts USING fts5(mention_id UNINDEXED, text)",
        ),
    }

    def connect(self, path: str) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per document.
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        # WAL + synchronous=NORMAL: a killed process never corrupts or half-writes a commit.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # A record rewritten (an event gaining a report) frees its old pages: FAST leaves freed
        # overflow pages as they were instead of zeroing them too (SQLite builds that default to
        # secure_delete=ON wrote a large event's record twice at every join).
        conn.execute("PRAGMA secure_delete=FAST")
        # Checkpoint (copy the WAL into the database, with an fsync) every ~40 MB rather than
        # every 4 MB: a page rewritten by several commits in between is copied once.
        conn.execute("PRAGMA wal_autocheckpoint=10000")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def execute(self, conn, sql: str, args: Sequence[Any] = ()):
        return conn.execute(sql, args)

    def executemany(self, conn, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        conn.executemany(sql, rows)

    def begin(self, conn) -> None:
        conn.execute("BEGIN IMMEDIATE")  # one writer at a time, taken at the start

    @staticmethod
    def retryable(exc: BaseException) -> bool:
        """Whether a failed transaction may succeed if run again: the lock was still held."""
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)

    def data_version(self, conn):
        """Changes when another connection commits (SQLite's ``PRAGMA data_version``)."""
        return conn.execute("PRAGMA data_version").fetchone()[0]

    def commit(self, conn) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn) -> None:
        conn.execute("ROLLBACK")

    def index_document(self, conn, doc_id: str, title: str, text: str) -> None:
        self.index_documents(conn, [(doc_id, title, text)])

    def index_documents(self, conn, rows: Iterable[tuple[str, str, str]]) -> None:
        """Full-text entries of many ``(doc_id, title, text)`` in one statement."""
        conn.executemany("INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)",
                         [(doc_id, index_text(title or ""), index_text(text)) for doc_id, title, text in rows])

    def unindex_document(self, conn, doc_id: str) -> None:
        conn.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))

    def index_evidence(self, conn, mention_id: str, text: str) -> None:
        self.index_evidence_rows(conn, [(mention_id, text)])

    def index_evidence_rows(self, conn, rows: Iterable[tuple[str, str]]) -> None:
        """Full-text entries of many ``(mention_id, sentence)`` in one statement."""
        conn.executemany("INSERT INTO evidence_fts (mention_id, text) VALUES (?, ?)",
                         [(mention_id, index_text(text)) for mention_id, text in rows])

    def clear_search_index(self, conn) -> None:
        """Every full-text entry gone, at once: the FTS5 tables dropped and made anew. (A DELETE
        per document or sentence scans the whole table each time: doc_id and mention_id are
        stored, not indexed, columns of FTS5.)"""
        for table in ("documents_fts", "evidence_fts"):
            conn.execute(f"DROP TABLE {table}")
        for sql in self.FTS_MIGRATIONS[1]:
            conn.execute(sql)

    def unindex_evidence(self, conn, mention_ids: Iterable[str]) -> None:
        conn.executemany("DELETE FROM evidence_fts WHERE mention_id = ?", [(m,) for m in mention_ids])

    def search_event_ids_sql(self) -> str:
        """SQL selecting event ids whose evidence matches the ``?`` parameter. (Matching whole
        documents would return every event an article mentions; ``search_documents`` does that.)"""
        return ("SELECT m.event_id FROM mentions m JOIN evidence_fts e ON e.mention_id = m.id "
                "WHERE evidence_fts MATCH ?")

    def search_documents(self, conn, text: str, limit: int) -> list:
        return conn.execute("SELECT doc_id, title FROM documents_fts WHERE documents_fts MATCH ? "
                            "ORDER BY rank LIMIT ?", (self.match_query(text), limit)).fetchall()

    @staticmethod
    def match_query(text: str) -> str:
        """User words -> an FTS5 query of their terms (``search.py``): every term required, each
        quoted so no syntax leaks in."""
        return " ".join(f'"{w}"' for w in search_terms(text)) or '""'


class _Row(tuple):
    """A result row readable by position and by column name, like ``sqlite3.Row``."""

    __slots__ = ()
    _names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    names = tuple(c.name for c in cursor.description or ())
    row_type = type("Row", (_Row,), {"__slots__": (), "_names": names})
    return lambda values: row_type(values)


class PostgresDialect:
    """PostgreSQL 12+ through psycopg 3. The same schema (migrations are portable SQL); FTS
    through ``tsvector`` tables mirroring SQLite's FTS5 tables, over the same folded and stemmed
    terms (``search.py``: "worshippers" finds "worshipper" on both backends)."""

    name = "postgresql"
    # The terms are folded and stemmed in Python (search.py), as on SQLite: 'simple' only splits them.
    TS_CONFIG = "simple"
    # Writers serialise on this advisory lock, as SQLite's BEGIN IMMEDIATE does: document and
    # event sequence numbers are taken as MAX()+1 inside the transaction.
    WRITE_LOCK = 0x45564E54  # "EVNT"

    FTS_MIGRATIONS = {
        1: (
            "CREATE TABLE documents_fts (doc_id TEXT PRIMARY KEY, title TEXT, tsv TSVECTOR NOT NULL)",
            "CREATE INDEX documents_fts_tsv ON documents_fts USING GIN (tsv)",
            "CREATE TABLE evidence_fts (mention_id TEXT NOT NULL, tsv TSVECTOR NOT NULL)",
            "CREATE INDEX evidence_fts_mention ON evidence_fts (mention_id)",
            "CREATE INDEX evidence_fts_tsv ON evidence_fts USING GIN (tsv)",
        ),
    }

    def connect(self, url: str):
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RuntimeError("a postgresql:// store needs psycopg 3: pip install 'psycopg[binary]'") from exc
        # autocommit: BEGIN/COMMIT are issued explicitly, one transaction per document, as on SQLite.
        conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        return conn

    @staticmethod
    def _sql(sql: str) -> str:
        # Portable SQL uses ? placeholders and never a literal '?' or '%'.
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, conn, sql: str, args: Sequence[Any] = ()):
        return conn.execute(self._sql(sql), tuple(args))

    def executemany(self, conn, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def begin(self, conn) -> None:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.WRITE_LOCK,))

    # serialization_failure, deadlock_detected: PostgreSQL asks for the transaction to be rerun.
    RETRY_SQLSTATES = ("40001", "40P01")

    @classmethod
    def retryable(cls, exc: BaseException) -> bool:
        return getattr(exc, "sqlstate", None) in cls.RETRY_SQLSTATES

    def data_version(self, conn):
        """None: PostgreSQL has no cheap counter of other sessions' commits; caches stay."""
        return None

    def commit(self, conn) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn) -> None:
        conn.execute("ROLLBACK")

    def index_document(self, conn, doc_id: str, title: str, text: str) -> None:
        self.index_documents(conn, [(doc_id, title, text)])

    def index_documents(self, conn, rows: Iterable[tuple[str, str, str]]) -> None:
        """Full-text entries of many ``(doc_id, title, text)``, sent in one pipeline."""
        self.executemany(conn, "INSERT INTO documents_fts (doc_id, title, tsv) VALUES "
                               "(?, ?, setweight(to_tsvector(?::regconfig, ?), 'A') || to_tsvector(?::regconfig, ?))",
                         [(doc_id, title or "", self.TS_CONFIG, index_text(title or ""), self.TS_CONFIG,
                           index_text(text)) for doc_id, title, text in rows])

    def unindex_document(self, conn, doc_id: str) -> None:
        conn.execute("DELETE FROM documents_fts WHERE doc_id = %s", (doc_id,))

    def index_evidence(self, conn, mention_id: str, text: str) -> None:
        self.index_evidence_rows(conn, [(mention_id, text)])

    def index_evidence_rows(self, conn, rows: Iterable[tuple[str, str]]) -> None:
        """Full-text entries of many ``(mention_id, sentence)``, sent in one pipeline."""
        self.executemany(conn, "INSERT INTO evidence_fts (mention_id, tsv) VALUES (?, to_tsvector(?::regconfig, ?))",
                         [(mention_id, self.TS_CONFIG, index_text(text)) for mention_id, text in rows])

    def clear_search_index(self, conn) -> None:
        """Every full-text entry gone, at once (inside the caller's transaction)."""
        conn.execute("TRUNCATE documents_fts, evidence_fts")

    def unindex_evidence(self, conn, mention_ids: Iterable[str]) -> None:
        ids = list(mention_ids)
        if ids:
            conn.execute("DELETE FROM evidence_fts WHERE mention_id = ANY(%s)", (ids,))

    def search_event_ids_sql(self) -> str:
        return ("SELECT m.event_id FROM mentions m JOIN evidence_fts e ON e.mention_id = m.id "
                f"WHERE e.tsv @@ plainto_tsquery('{self.TS_CONFIG}', ?)")

    def search_documents(self, conn, text: str, limit: int) -> list:
        q = self.match_query(text)
        return conn.execute(
            f"SELECT doc_id, title FROM documents_fts, plainto_tsquery('{self.TS_CONFIG}', %s) AS q "
            "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, doc_id LIMIT %s", (q, limit)).fetchall()

    @staticmethod
    def match_query(text: str) -> str:
        """User words -> plainto_tsquery text of their terms (``search.py``): every term required."""
        return " ".join(search_terms(text))
