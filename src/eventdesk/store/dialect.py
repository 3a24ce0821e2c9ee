"""The only SQL that is not portable: connecting, pragmas, and full-text search.

``SQLiteDialect`` uses FTS5. A PostgreSQL dialect would implement the same methods with
``tsvector`` columns and ``plainto_tsquery``, and translate ``?`` placeholders to ``%s``.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Iterable


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
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def begin(self, conn) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def index_document(self, conn, doc_id: str, title: str, text: str) -> None:
        conn.execute("INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)", (doc_id, title or "", text))

    def unindex_document(self, conn, doc_id: str) -> None:
        conn.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))

    def index_evidence(self, conn, mention_id: str, text: str) -> None:
        conn.execute("INSERT INTO evidence_fts (mention_id, text) VALUES (?, ?)", (mention_id, text))

    def unindex_evidence(self, conn, mention_ids: Iterable[str]) -> None:
        conn.executemany("DELETE FROM evidence_fts WHERE mention_id = ?", [(m,) for m in mention_ids])

    def search_event_ids_sql(self) -> str:
        """SQL selecting event ids whose evidence matches the ``?`` parameter. (Matching whole
        documents would return every event an article mentions; ``search_documents`` does that.)"""
        return ("SELECT m.event_id FROM mentions m JOIN evidence_fts e ON e.mention_id = m.id "
                "WHERE evidence_fts MATCH ?")

    @staticmethod
    def match_query(text: str) -> str:
        """User words -> an FTS5 query: every word required, each quoted so no syntax leaks in."""
        words = re.findall(r"\w+", text, flags=re.UNICODE)
        return " ".join(f'"{w}"' for w in words) or '""'
