"""Analysts' corrections: split a mention out, merge two events; kept as data across re-ingest,
re-extraction and rebuilds; available in the library and the CLI."""
import pytest
from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.model import Document
from eventdesk.store import Store
from test_store_toy_extractor import extract

ARTICLES = {
    "wire-1": "Gunmen killed 4 people in Kandahar on 2023-01-11. Police sealed off the bazaar.",
    "paper-2": "Local officials said attackers killed 5 people in Kandahar on 2023-01-11.",
    "radio-3": "A suicide bomber bombed a mosque in Herat on 2023-02-03 and killed 9 worshippers.",
    "blog-4": "Gunmen killed 2 people in Kabul on 2023-02-03.",
}


def docs(names=ARTICLES):
    return [Document(n, ARTICLES[n], title=f"Report {n}") for n in names]


@pytest.fixture
def store(store_url):
    with Store(store_url) as s:
        s.ingest(docs(), extract)
        yield s


def event_of(store, mention):
    return next(ev for ev in store.events(kind=None) if mention in ev["mention_ids"])


def test_split_keeps_a_mention_apart_across_rebuild_and_reextraction(store):
    assert event_of(store, "paper-2#0")["doc_ids"] == ["paper-2", "wire-1"]
    store.split_mention("paper-2#0", note="other incident")
    assert event_of(store, "paper-2#0")["doc_ids"] == ["paper-2"]
    assert event_of(store, "wire-1#0")["doc_ids"] == ["wire-1"]
    store.rebuild()
    assert event_of(store, "paper-2#0")["doc_ids"] == ["paper-2"]
    store.ingest(docs(["paper-2"]), extract, reextract=True)
    assert event_of(store, "paper-2#0")["doc_ids"] == ["paper-2"]
    assert [c["action"] for c in store.corrections()] == ["split"]


def test_merge_overrides_vetoes_and_survives_rebuild(store):
    herat, kabul = event_of(store, "radio-3#0"), event_of(store, "blog-4#0")
    assert herat["id"] != kabul["id"]
    eid = store.merge_events(herat["id"], kabul["id"], note="same coordinated attack")
    merged = store.event(eid)
    assert merged["doc_ids"] == ["blog-4", "radio-3"]
    assert any(m["by"] == "analyst merge" for m in merged["merges"])
    store.rebuild()
    assert event_of(store, "radio-3#0")["doc_ids"] == ["blog-4", "radio-3"]
    store.ingest(docs(["blog-4"]), extract, reextract=True)
    assert event_of(store, "radio-3#0")["doc_ids"] == ["blog-4", "radio-3"]


def test_split_after_merge_wins(store):
    store.merge_events(event_of(store, "radio-3#0")["id"], event_of(store, "blog-4#0")["id"])
    store.split_mention("blog-4#0")
    assert event_of(store, "blog-4#0")["doc_ids"] == ["blog-4"]
    assert event_of(store, "radio-3#0")["doc_ids"] == ["radio-3"]
    assert [c["action"] for c in store.corrections()] == ["split"]


def test_cli_split_merge_show_and_rebuild(tmp_path, monkeypatch):
    path = str(tmp_path / "c.db")
    with Store(path) as s:
        s.ingest(docs(), extract)
        kandahar = event_of(s, "wire-1#0")["id"]
    runner = CliRunner()
    shown = runner.invoke(main, ["show", kandahar, "--db", path])
    assert shown.exit_code == 0 and "paper-2#0 + wire-1#0: similarity, score" in shown.output
    assert "no veto in 1 pair(s)" in shown.output
    split = runner.invoke(main, ["split", "paper-2#0", "--db", path, "--note", "not the same"])
    assert split.exit_code == 0, split.output
    listed = runner.invoke(main, ["corrections", "--db", path])
    assert "split" in listed.output and "not the same" in listed.output
    rebuilt = runner.invoke(main, ["fuse", "--rebuild", "--db", path])
    assert rebuilt.exit_code == 0, rebuilt.output
    with Store(path) as s:
        assert event_of(s, "paper-2#0")["doc_ids"] == ["paper-2"]
        a, b = event_of(s, "paper-2#0")["id"], event_of(s, "wire-1#0")["id"]
    merged = runner.invoke(main, ["merge", a, b, "--db", path])
    assert merged.exit_code == 0, merged.output
    with Store(path) as s:
        assert event_of(s, "paper-2#0")["doc_ids"] == ["paper-2", "wire-1"]
    missing = runner.invoke(main, ["split", "nope#0", "--db", path])
    assert missing.exit_code != 0


def test_the_event_page_payload_carries_the_merge_reasons(store):
    from eventdesk.web.api import event_payload
    if store.path.startswith("postgresql"):
        pytest.skip("the dashboard serves SQLite stores")
    kandahar = event_of(store, "wire-1#0")
    payload = event_payload(store, kandahar["id"])
    (merge,) = payload["event"]["merges"]
    assert (merge["a"], merge["b"], merge["by"]) == ("paper-2#0", "wire-1#0", "similarity")
    assert merge["components"]["date"] == 1.0 and "admin1" in merge["checks"]["passed"]
