"""How long migration 6 (search terms re-indexed in Python) takes on a big store.

    .venv/bin/python benchmarks/migration_reindex.py                 # 10,000 documents, 50,000 mentions
    .venv/bin/python benchmarks/migration_reindex.py --mentions 200000 --db postgresql://...

It writes a synthetic store straight through SQL (documents of ~1,500 characters, five mentions
each, two evidence sentences a mention, full-text entries as versions before 6 wrote them),
marks migration 6 as not applied, then times opening the store, which applies it. Only tables
every version since 4 has are written, so the same script times an older checkout's migration
(``PYTHONPATH=<old checkout>/src``) on the same data.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

from eventdesk.store import Store
from eventdesk.store.migrations import SEARCH_TERMS_VERSION

WORDS = ("police officers gunmen attacked checkpoint killed wounded residents market village district "
         "soldiers convoy explosion mosque worshippers province authorities said witnesses fled burned "
         "militants claimed responsibility security forces clashes hospital officials reported").split()


def sentence(rng: random.Random, words: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def fill(store: Store, documents: int, per_document: int, rng: random.Random) -> None:
    """Rows written in pages, each page one transaction, as an ingest of that many documents would leave them."""
    sqlite = store.dialect.name == "sqlite"
    page = 500
    for start in range(0, documents, page):
        store._begin()
        docs, fts, mentions, evidence, ev_fts = [], [], [], [], []
        for d in range(start, min(documents, start + page)):
            doc_id = f"doc-{d:07d}"
            text = " ".join(sentence(rng) for _ in range(12))
            docs.append((doc_id, d + 1, f"hash-{d}", f"Report {d}", text))
            fts.append((doc_id, f"Report {d}", text))
            for m in range(per_document):
                mid = f"{doc_id}#{m}"
                mentions.append((mid, doc_id, m, "event", "{}"))
                for e in range(2):
                    said = sentence(rng, 14)
                    evidence.append((mid, e, said))
                    ev_fts.append((mid, said))
        store.dialect.executemany(store.conn, "INSERT INTO documents (id, seq, content_hash, title, text) "
                                              "VALUES (?, ?, ?, ?, ?)", docs)
        store.dialect.executemany(store.conn, "INSERT INTO mentions (id, doc_id, ordinal, kind, record) "
                                              "VALUES (?, ?, ?, ?, ?)", mentions)
        store.dialect.executemany(store.conn, "INSERT INTO evidence (mention_id, ordinal, text) VALUES (?, ?, ?)",
                                  evidence)
        if sqlite:   # the raw words, as before version 6
            store.dialect.executemany(store.conn, "INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)",
                                      fts)
            store.dialect.executemany(store.conn, "INSERT INTO evidence_fts (mention_id, text) VALUES (?, ?)", ev_fts)
        else:
            store.dialect.executemany(store.conn, "INSERT INTO documents_fts (doc_id, title, tsv) "
                                                  "VALUES (?, ?, to_tsvector('simple', ?))", fts)
            store.dialect.executemany(store.conn, "INSERT INTO evidence_fts (mention_id, tsv) "
                                                  "VALUES (?, to_tsvector('simple', ?))", ev_fts)
        store._commit()
    store._exec("DELETE FROM schema_version WHERE version = ?", (SEARCH_TERMS_VERSION,))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mentions", type=int, default=50_000)
    ap.add_argument("--per-document", type=int, default=5)
    ap.add_argument("--db", help="store to write (default: a temporary SQLite file); it must be empty")
    args = ap.parse_args(argv)
    documents = max(1, args.mentions // args.per_document)
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = os.path.join(tmp.name, "migration.db")
    with Store(db) as store:
        t0 = time.perf_counter()
        fill(store, documents, args.per_document, random.Random(6))
        counts = store.counts()
        print(f"store: {counts['documents']:,} documents, {counts['mentions']:,} mentions, "
              f"{counts['evidence']:,} evidence sentences (written in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    with Store(db) as store:
        elapsed = time.perf_counter() - t0
        found = len(store.search_documents("worshipper", limit=5))
        applied = store._one("SELECT 1 FROM schema_version WHERE version = ?", (SEARCH_TERMS_VERSION,)) is not None
    print(f"migration {SEARCH_TERMS_VERSION} (search terms re-indexed): {elapsed:.1f} s; applied: {applied}; "
          f"a stemmed search finds documents: {found > 0}")
    if tmp:
        tmp.cleanup()
    return 0 if applied and found else 1


if __name__ == "__main__":
    sys.exit(main())
