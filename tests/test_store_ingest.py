"""Store behaviour: idempotent ingest, clean re-extraction, bad documents skipped, queries, search."""
import pytest

from eventdesk.model import Document
from eventdesk.store import Store
from eventdesk.store.migrations import LATEST
from test_store_toy_extractor import extract

ARTICLES = {
    "wire-1": "Gunmen killed 4 people in Kandahar on 2023-01-11. Police sealed off the bazaar.",
    "paper-2": "Local officials said attackers killed 5 people in Kandahar on 2023-01-11. The toll may rise.",
    "radio-3": "A suicide bomber bombed a mosque in Herat on 2023-02-03 and killed 9 worshippers.",
    "blog-4": "The group threatened to strike hotels in Kabul.",
}


def docs(names=ARTICLES):
    return [Document(n, ARTICLES[n], title=f"Report {n}", source=n.split("-")[0] + ".example") for n in names]


@pytest.fixture
def store(store_url):
    """The same tests run on both backends (SQLite file, PostgreSQL schema): see conftest.py."""
    with Store(store_url) as s:
        yield s


def snapshot(store):
    return {t: [tuple(r) for r in store._all(f"SELECT * FROM {t} ORDER BY 1, 2")]
            for t in ("documents", "mentions", "evidence", "events", "story_terms")}


def test_ingest_fuses_the_same_attack_across_outlets(store):
    summary = store.ingest(docs(), extract)
    assert (summary.added, summary.mentions, summary.errors) == (4, 4, [])
    kandahar = store.events(admin1="Kandahar")
    assert len(kandahar) == 1 and kandahar[0]["doc_ids"] == ["paper-2", "wire-1"]
    assert (kandahar[0]["fatalities_low"], kandahar[0]["fatalities_high"]) == (4, 5)
    assert kandahar[0]["outlets"] == ["paper.example", "wire.example"]
    assert [e["kind"] for e in store.events(kind="threat")] == ["threat"]


def test_same_document_twice_or_same_text_under_another_id_changes_nothing(store):
    store.ingest(docs(), extract)
    before = snapshot(store)
    again = store.ingest(docs() + [Document("copy-of-wire", ARTICLES["wire-1"] + "\n")], extract)
    assert (again.added, again.unchanged, again.duplicates) == (0, 4, 1)
    assert snapshot(store) == before


def test_reextraction_after_an_upgrade_replaces_mentions_cleanly(store):
    store.ingest(docs(["wire-1", "paper-2"]), extract, extractor_version="v1")
    summary = store.ingest(docs(["wire-1"]), lambda d: [], extractor_version="v2")
    assert summary.replaced == 1
    counts = store.counts()
    assert (counts["mentions"], counts["evidence"], counts["events"]) == (1, 1, 1)
    (only,) = store.events()
    assert only["doc_ids"] == ["paper-2"] and only["fatalities"] == 5
    assert store.events(search="sealed bazaar") == []
    store.ingest(docs(["wire-1"]), extract, extractor_version="v3")
    (again,) = store.events()
    assert again["doc_ids"] == ["paper-2", "wire-1"]


def test_a_bad_document_is_reported_and_skipped(store):
    bad = Document("broken", "EXPLODE: the extractor fails on this one.")
    errors = []
    summary = store.ingest([docs()[0], bad, "unreadable.html: not UTF-8", docs()[1]], extract,
                           on_error=errors.append)
    assert summary.added == 2 and len(summary.errors) == 2 and errors == summary.errors
    assert "broken" in summary.errors[0]
    assert [d["id"] for d in store.documents()] == ["wire-1", "paper-2"]


def test_new_article_merges_into_an_existing_event_incrementally(store):
    store.ingest(docs(["wire-1", "radio-3"]), extract)
    (kandahar,) = store.events(admin1="Kandahar")
    store.ingest(docs(["paper-2"]), extract)
    (merged,) = store.events(admin1="Kandahar")
    assert merged["id"] == kandahar["id"] and merged["sources"] == 2


def test_filters_and_full_text_search(store):
    store.ingest(docs(), extract)
    assert len(store.events(country="afghanistan", kind="event")) == 2
    assert [e["location"] for e in store.events(since="2023-02-01")] == ["Herat"]
    assert [e["location"] for e in store.events(until="2023-01-31")] == ["Kandahar"]
    assert [e["location"] for e in store.events(type="Explosions/Remote violence")] == ["Herat"]
    assert [e["location"] for e in store.events(search="worshippers")] == ["Herat"]
    assert [e["location"] for e in store.events(search="officials attackers")] == ["Kandahar"]
    assert store.events(search="toll rise") == []  # not evidence: found among documents instead
    assert store.search_documents("toll rise")[0]["doc_id"] == "paper-2"
    assert store.events(search='") OR (') == []
    assert store.search_documents("bazaar")[0]["doc_id"] == "wire-1"


def test_sources_keep_what_each_outlet_reported(store):
    store.ingest(docs(), extract)
    (kandahar,) = store.events(admin1="Kandahar")
    reported = {s["doc_id"]: s["reported"]["fatalities"] for s in store.sources(kandahar["id"])}
    assert reported == {"wire-1": 4, "paper-2": 5}
    assert all(s["evidence"] for s in store.sources(kandahar["id"]))


def test_schema_is_versioned_and_reopening_does_not_migrate_again(store_url):
    Store(store_url).close()
    with Store(store_url) as s:
        assert s.schema_version == LATEST
        assert s._one("SELECT COUNT(*) FROM schema_version")[0] == LATEST


def test_backend_is_chosen_by_the_url(store_url):
    with Store(store_url) as s:
        assert s.dialect.name == ("postgresql" if store_url.startswith("postgresql://") else "sqlite")


def test_dataframe_has_one_row_per_event(store):
    store.ingest(docs(), extract)
    table = store.to_dataframe()
    assert len(table) == 3


def test_reextracting_every_document_leaves_the_store_as_a_fresh_ingest(store_url, tmp_path):
    """Re-extraction replaces each document's mentions, links and events in one transaction
    (it used to fail on the id of an event its old mention had founded)."""
    store = Store(store_url)
    try:
        store.ingest(docs(), extract)
        summary = store.ingest(docs(), extract, reextract=True)
        assert (summary.replaced, summary.errors) == (4, [])
        again = sorted((e["id"], tuple(e["doc_ids"]), tuple(e["mention_ids"])) for e in store.events(kind=None))
        counts = store.counts()
    finally:
        store.close()
    with Store(str(tmp_path / "fresh.db")) as fresh:
        fresh.ingest(docs(), extract)
        assert sorted((e["id"], tuple(e["doc_ids"]), tuple(e["mention_ids"]))
                      for e in fresh.events(kind=None)) == again
        assert fresh.counts() == counts
