"""Upgrading an older store: migration 6 re-indexes search terms a page at a time (old entries
replaced, none doubled), and migration 9 gives every fused event its last update time, which then
changes only when the event does (re-ingest of the same texts and a rebuild keep it); migration 11
moves the lists of each event's record into rows and keeps every record as it was."""
import pytest

from eventdesk.model import Document
from eventdesk.store import Store
from eventdesk.store import store as store_module
from eventdesk.store.migrations import EVENT_STAMPS_VERSION, SEARCH_TERMS_VERSION
from test_store_ingest import ARTICLES, docs
from test_store_toy_extractor import extract


def count(store, table):
    return store._one(f"SELECT COUNT(*) FROM {table}")[0]


def index_as_before_version_6(store):
    """The full-text entries as versions before 6 wrote them: the raw words, neither folded nor stemmed."""
    store._exec("DELETE FROM documents_fts")
    store._exec("DELETE FROM evidence_fts")
    documents = store._all("SELECT id, title, text FROM documents")
    evidence = store._all("SELECT mention_id, text FROM evidence")
    if store.dialect.name == "sqlite":
        for r in documents:
            store._exec("INSERT INTO documents_fts (doc_id, title, text) VALUES (?, ?, ?)", tuple(r))
        for r in evidence:
            store._exec("INSERT INTO evidence_fts (mention_id, text) VALUES (?, ?)", tuple(r))
    else:
        for r in documents:
            store._exec("INSERT INTO documents_fts (doc_id, title, tsv) VALUES (?, ?, to_tsvector('simple', ?))",
                        (r[0], r[1], r[2]))
        for r in evidence:
            store._exec("INSERT INTO evidence_fts (mention_id, tsv) VALUES (?, to_tsvector('simple', ?))", tuple(r))


def forget_migration(store, version):
    store._exec("DELETE FROM schema_version WHERE version = ?", (version,))


def test_migration_6_reindexes_every_document_and_sentence_once_across_pages(store_url, monkeypatch):
    with Store(store_url) as store:
        store.ingest(docs(), extract)
        evidence = count(store, "evidence")
        index_as_before_version_6(store)
        forget_migration(store, SEARCH_TERMS_VERSION)
        assert store.events(search="worshipper") == []          # raw words: no stems to match
    monkeypatch.setattr(Store, "MIGRATION_CHUNK", 2)            # pages of 2 rows: 4 documents, 5 sentences
    with Store(store_url) as store:
        assert store.schema_version >= SEARCH_TERMS_VERSION
        assert count(store, "documents_fts") == len(ARTICLES)
        assert count(store, "evidence_fts") == evidence
        (herat,) = store.events(search="worshipper")
        assert herat["admin1"] == "Herat"
        assert [d["doc_id"] for d in store.search_documents("sealed bazaars")] == ["wire-1"]


def later(monkeypatch, stamp):
    monkeypatch.setattr(store_module, "now_stamp", lambda: stamp)


def stamps(store):
    return {e["id"]: e["updated"] for e in store.events(kind=None)}


def test_an_event_keeps_its_update_time_until_it_changes(store_url, monkeypatch):
    later(monkeypatch, 1_700_000_000)
    with Store(store_url) as store:
        store.ingest(docs(["wire-1", "radio-3", "blog-4"]), extract)
        first = stamps(store)
        assert set(first.values()) == {1_700_000_000}
        later(monkeypatch, 1_700_000_100)
        store.ingest(docs(["wire-1", "radio-3", "blog-4"]), extract)      # unchanged texts
        assert stamps(store) == first
        store.ingest(docs(["paper-2"]), extract)                          # joins the Kandahar event
        (kandahar,) = store.events(admin1="Kandahar")
        assert kandahar["updated"] == 1_700_000_100
        assert {k: v for k, v in stamps(store).items() if k != kandahar["id"]} == \
            {k: v for k, v in first.items() if k != kandahar["id"]}
        settled = stamps(store)
        later(monkeypatch, 1_700_000_200)
        store.rebuild()                                                   # every event rewritten, none changed
        assert stamps(store) == settled


def test_migration_9_stamps_the_events_of_an_older_store(store_url, monkeypatch):
    with Store(store_url) as store:
        store.ingest(docs(), extract)
        store._exec("ALTER TABLE events DROP COLUMN updated")
        forget_migration(store, EVENT_STAMPS_VERSION)
    later(monkeypatch, 1_650_000_000)
    with Store(store_url) as store:
        assert set(stamps(store).values()) == {1_650_000_000}
        assert len(stamps(store)) == count(store, "events") == 3


def test_migration_11_splits_whole_records_and_keeps_them(store_url, monkeypatch):
    """An older store held each event's record whole, its lists in it: the upgrade keeps every
    record as it was (stamps too) with its lists now in rows, and later joins add a row each."""
    import json
    from eventdesk.store.migrations import EVENT_LISTS_VERSION
    with Store(store_url) as store:
        store.ingest(docs(), extract)
        before = store.events(kind=None)
        assert any(len(e["mention_ids"]) > 1 for e in before)
        for e in before:   # as versions before 11 stored it
            whole = {k: v for k, v in e.items() if k != "updated"}
            store._exec("UPDATE events SET record = ? WHERE id = ?", (json.dumps(whole, ensure_ascii=False), e["id"]))
        store._exec("DROP TABLE event_members")
        store._exec("DROP TABLE event_merges")
        forget_migration(store, EVENT_LISTS_VERSION)
    later(monkeypatch, 1_900_000_000)
    with Store(store_url) as store:
        assert store.schema_version == EVENT_LISTS_VERSION
        assert store.events(kind=None) == before
        members = sum(len(e["mention_ids"]) for e in before)
        assert count(store, "event_members") == members
        assert count(store, "event_merges") == sum(len(e["merges"]) for e in before)
        for (text,) in store._all("SELECT record FROM events"):
            assert json.loads(text)["mention_ids"] is None
