"""Inputs an attacker or a careless feed would send: each costs its own document at most (a clear
error naming file, line and id, or a result) and every good document beside it is still read and
extracted.

No test here times itself: the work is bounded by the code (JSON depth, document length, the
per-document time limit, which turns a runaway document into an error each test asserts absent),
and wall-clock figures belong to benchmarks/, which a loaded machine cannot fail."""
import io
import json
import sys
import time
from datetime import date

import pytest

from eventdesk.ingest import IngestError, read_inputs
from eventdesk.model import Document
from eventdesk.pipeline import DocumentTimeout, Pipeline, call_with_time_limit, doc_timeout_from_env
from eventdesk.store import Store

GOOD = {"id": "good", "published": "2023-03-04",
        "text": "KANDAHAR, Afghanistan - A suicide bomber killed 12 worshippers at a Shiite mosque in "
                "Kandahar city on Friday, police said."}
GOOD_LINE = json.dumps(GOOD) + "\n"
PLACES = ["Kabul", "Kandahar", "Herat", "Mazar-i-Sharif", "Jalalabad", "Kunduz", "Ghazni", "Lashkar Gah",
          "Khost", "Gardez", "Faizabad", "Taloqan", "Pul-e-Khumri"]


# Generous, so a slow machine never hits it, and still far below what the runaways took before
# they were bounded (13 place names: over 120 s; a 1 MB unpunctuated sentence: never ended).
DOC_TIME_LIMIT = 60


@pytest.fixture(scope="module")
def pipeline():
    pipe = Pipeline(doc_timeout=DOC_TIME_LIMIT)
    pipe.process(Document(id="warm", text=GOOD["text"], published=date(2023, 3, 4)))  # models loaded
    return pipe


def run(pipeline, paths, **kw):
    """Every result, each a document's events or its error (a document over the time limit too)."""
    return list(pipeline.run(read_inputs(paths, **kw)))


def good_ok(results, doc_id="good"):
    [good] = [r for r in results if r.document is not None and r.document.id == doc_id]
    assert good.error is None and good.events, good.error


def test_lone_surrogate_and_control_characters_are_replaced(tmp_path, pipeline):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id":"a\\ud800","title":"t\\udfff","text":"Gunmen killed five people in Kabul on Monday.'
                    ' \\ud800 \\u0000\\u0007 end"}\n' + GOOD_LINE, encoding="utf-8")
    results = run(pipeline, [str(path)])
    first = results[0].document
    assert results[0].error is None
    assert first.text.endswith(" \ufffd    end") and first.id == "a\ufffd" and first.title == "t\ufffd"
    first.text.encode("utf-8")   # hashable, storable, writable
    good_ok(results)


def test_lone_surrogate_line_is_stored_with_the_rest(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id":"a","text":"Gunmen killed five people in Kabul on Monday. \\ud800"}\n' + GOOD_LINE,
                    encoding="utf-8")
    with Store(str(tmp_path / "s.db")) as store:
        summary = store.ingest(read_inputs([str(path)]))
        assert not summary.errors and store.counts()["documents"] == 2


def test_surrogate_line_through_the_extract_command(tmp_path):
    from click.testing import CliRunner

    from eventdesk.cli import main

    path = tmp_path / "feed.jsonl"
    path.write_text('{"id":"a","text":"Gunmen killed five people in Kabul on Monday. \\ud800"}\n' + GOOD_LINE,
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "good" in {json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()}


def test_deep_json_is_an_error_for_its_line(tmp_path, pipeline):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + '{"id": "obj", "text": ' + "[" * 5000 + "\n" + GOOD_LINE)
    results = run(pipeline, [str(path)])
    errors = [r.error for r in results if r.error]
    assert [(e.path, e.line) for e in errors] == [(str(path), 1), (str(path), 2)]
    assert all("nested deeper than 64 levels" in e.message for e in errors)
    assert str(path) + ":1" in str(errors[0])
    good_ok(results)


def test_errors_name_line_and_id(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "no-date", "text": "Gunmen attacked.", "published": "yesterday"}\n'
                    '{"id": "no-text", "text": 5}\n' + GOOD_LINE)
    first, second, good = read_inputs([str(path)])
    assert str(first).startswith(f"{path}:1 (id 'no-date'): \"published\" is not an ISO date")
    assert str(second).startswith(f"{path}:2 (id 'no-text'): \"text\" must be a string")
    assert isinstance(good, Document)


def test_an_error_names_an_id_only_when_the_file_and_line_do_not_tell_it():
    assert str(IngestError("/data/big.txt", None, "too long", doc_id="big.txt")) == "/data/big.txt: too long"
    assert str(IngestError("/data/in/sub/a.txt", None, "x", doc_id="sub/a.txt")) == "/data/in/sub/a.txt: x"
    assert str(IngestError("/data/feed.jsonl", 4, "x", doc_id="feed.jsonl:4")) == "/data/feed.jsonl:4: x"
    assert str(IngestError("/data/feed.jsonl", 4, "x", doc_id="l")) == "/data/feed.jsonl:4 (id 'l'): x"
    assert str(IngestError("/data/feed.jsonl", 4, "x", doc_id="a.txt")) == "/data/feed.jsonl:4 (id 'a.txt'): x"


def test_utf16_without_bom_is_read_as_text(tmp_path):
    text = "Gunmen killed five people in Kabul on Monday, police said."
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        [doc] = read_inputs([str(path)])
        assert isinstance(doc, Document) and doc.text == text, doc


def feed_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_jsonl_with_a_truncated_line(monkeypatch, pipeline):
    feed_stdin(monkeypatch, (GOOD_LINE + '{"id":"cut","text":"Gunmen killed\n'
                             + json.dumps(dict(GOOD, id="good2")) + "\n").encode())
    results = run(pipeline, ["-"])
    assert [r.error.line for r in results if r.error] == [2]
    assert results[1].error.path == "<stdin>" and results[1].error.message.startswith("malformed JSON")
    good_ok(results)
    good_ok(results, "good2")


def test_stdin_jsonl_with_leading_blank_lines_and_bom(monkeypatch):
    feed_stdin(monkeypatch, b"\xef\xbb\xbf\n  \n" + GOOD_LINE.encode())
    [doc] = read_inputs(["-"])
    assert isinstance(doc, Document) and doc.id == "good" and doc.line == 3


def test_extreme_published_dates(tmp_path, pipeline):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(dict(GOOD, id="min", published="0001-01-01", text=GOOD["text"] + " Shops shut.")) + "\n"
                    + json.dumps(dict(GOOD, id="max", published="9999-12-31", text=GOOD["text"] + " A curfew began."))
                    + "\n" + GOOD_LINE)
    results = run(pipeline, [str(path)])
    assert [r.error for r in results] == [None, None, None]
    for r in results:
        for event in r.events:
            assert event.event_date is None or "0001-01-01" <= event.event_date <= "9999-12-31"
    good_ok(results)
    # and stored and fused: the fusion's date windows around them stay within the calendar
    with Store(str(tmp_path / "s.db")) as store:
        summary = store.ingest(read_inputs([str(path)]), extract=pipeline.process)
        assert summary.errors == [] and summary.added == 3
        assert store.rebuild() == store.counts()["mentions"]
        assert {d for e in store.events(kind=None) for d in e["doc_ids"]} == {"min", "max", "good"}


def test_event_dates_at_the_ends_of_the_calendar_are_stored_and_fused(tmp_path):
    from test_store_toy_extractor import extract

    texts = {"first-a": "Gunmen killed 4 people in Kandahar on 0001-01-01.",
             "first-b": "Attackers killed 4 people in Kandahar on 0001-01-02.",
             "last-a": "Gunmen killed 3 people in Herat on 9999-12-31.",
             "last-b": "Attackers killed 3 people in Herat on 9999-12-30.",
             "undated": "Gunmen killed 2 people in Kabul.",
             "good": "Gunmen killed 5 people in Kabul on 2023-03-04."}
    docs = [Document(k, v, published=date.max if k == "undated" else None) for k, v in texts.items()]
    with Store(str(tmp_path / "s.db")) as store:
        summary = store.ingest(docs, extract)
        assert summary.errors == [] and summary.added == 6
        groups = sorted(tuple(e["doc_ids"]) for e in store.events())
        assert groups == [("first-a", "first-b"), ("good",), ("last-a", "last-b"), ("undated",)]
        assert store.rebuild() == 6
        assert sorted(tuple(e["doc_ids"]) for e in store.events()) == groups
        (first,) = store.events(until="0001-01-31")
        assert first["event_date"] == "0001-01-01" and first["date_lo"] == "0001-01-01"


def test_store_errors_name_file_line_and_id(tmp_path):
    from test_store_toy_extractor import extract

    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "Gunmen killed 4 people in Kabul on 2023-03-04."}) + "\n"
                    + json.dumps({"id": "bad", "text": "EXPLODE"}) + "\n")
    with Store(str(tmp_path / "s.db")) as store:
        summary = store.ingest(read_inputs([str(path)]), extract)
        assert [d["id"] for d in store.documents()] == ["ok"]
    assert summary.errors == [f"{path}:2 (id 'bad'): extraction failed: RuntimeError: "
                              "toy extractor cannot read this document"]


def test_thirteen_place_names_in_a_list(tmp_path, pipeline):
    text = ("Gunmen attacked police posts in " + ", ".join(PLACES[:-1]) + " and " + PLACES[-1]
            + " on Monday, killing 20 people, officials said.")
    comma_only = "Gunmen attacked police posts in " + ", ".join(PLACES) + " on Monday, officials said."
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(dict(GOOD, id="list", text=text)) + "\n"
                    + json.dumps(dict(GOOD, id="commas", text=comma_only)) + "\n" + GOOD_LINE)
    results = run(pipeline, [str(path)])
    assert [r.error for r in results] == [None, None, None]
    assert results[0].events and results[0].events[0].country == "Afghanistan"
    good_ok(results)


@pytest.fixture(scope="module")
def limited_pipeline():
    """A pipeline under a per-document time limit of 90 s, set the way a user sets it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("EVENTDESK_DOC_TIMEOUT", "90")
    mp.delenv("EVENTDESK_MAX_DOC_CHARS", raising=False)
    try:
        pipe = Pipeline()
    finally:
        mp.undo()
    assert pipe.doc_timeout == 90 and pipe.max_doc_chars == 500_000
    pipe.warm_up()
    return pipe


def unpunctuated(words: str, size: int) -> str:
    return (words * (size // len(words) + 1))[:size]


@pytest.mark.parametrize("body", [
    "the militants attacked the village and ",
    "gunmen killed villagers in kabul attack militants bombed the market police said ",
])
def test_long_unpunctuated_sentence_gives_a_result(tmp_path, limited_pipeline, body):
    # 64 KB with no full stop: read in bounded windows, each linear, so it ends long before the
    # time limit with its events
    text = "A bomb exploded in Kabul on Monday " + unpunctuated(body, 65536)
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(dict(GOOD, id="long", text=text)) + "\n" + GOOD_LINE)
    results = list(limited_pipeline.run(read_inputs([str(path)])))
    first = results[0]
    assert first.error is None, first.error
    assert first.events
    for event in first.events:
        for span in event.evidence:
            assert text[span.start:span.end] == span.text and span.end - span.start <= 5000
    good_ok(results)


def test_five_megabyte_one_line_text_is_refused_by_its_length(tmp_path, limited_pipeline):
    sentences = ["On 12 March 2023 gunmen killed five people in Kabul, police said on Monday. ",
                 "A suicide bomber struck a mosque in Kandahar, killing 12 worshippers. ",
                 "The minister said the talks would resume next week in Doha. ",
                 "Shares rose on Wednesday as investors welcomed the news. "]
    (tmp_path / "big.txt").write_text(unpunctuated("".join(sentences), 5 * 1024 * 1024))
    (tmp_path / "good.txt").write_text(GOOD["text"])
    big, good = limited_pipeline.run(read_inputs([str(tmp_path / "big.txt"), str(tmp_path / "good.txt")],
                                                 published=date(2023, 3, 4)))
    assert big.error is not None and big.error.path.endswith("big.txt")
    assert "text of 5,242,880 characters is longer than the 500,000 one document may have " \
           "(EVENTDESK_MAX_DOC_CHARS)" in str(big.error)
    assert good.error is None and good.events


def test_document_length_limit(monkeypatch, pipeline):
    from eventdesk.pipeline import DocumentTooLong, max_doc_chars_from_env

    monkeypatch.delenv("EVENTDESK_MAX_DOC_CHARS", raising=False)
    assert max_doc_chars_from_env() == 500_000
    monkeypatch.setenv("EVENTDESK_MAX_DOC_CHARS", "1_000_000")
    assert max_doc_chars_from_env() == 1_000_000
    monkeypatch.setenv("EVENTDESK_MAX_DOC_CHARS", "0")
    assert max_doc_chars_from_env() is None
    monkeypatch.setenv("EVENTDESK_MAX_DOC_CHARS", "big")
    with pytest.raises(ValueError):
        max_doc_chars_from_env()
    monkeypatch.setattr(pipeline, "max_doc_chars", len(GOOD["text"]) - 1)
    with pytest.raises(DocumentTooLong):
        pipeline.extract(GOOD["text"], published="2023-03-04")
    monkeypatch.setattr(pipeline, "max_doc_chars", len(GOOD["text"]))
    assert pipeline.extract(GOOD["text"], published="2023-03-04")


def test_store_ingest_reports_a_too_long_document_and_stores_the_rest(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(dict(GOOD, id="long", text="Gunmen attacked. " * 100)) + "\n" + GOOD_LINE)
    pipe = Pipeline(doc_timeout=None, max_doc_chars=1000)
    with Store(str(tmp_path / "s.db")) as store:
        summary = store.ingest(read_inputs([str(path)]), extract=pipe.process)
        assert store.counts()["documents"] == 1
    [error] = summary.errors
    assert "1,700 characters is longer than the 1,000" in error and str(path) in error


def test_date_scan_is_linear():
    from eventdesk.time import find_dates, reference_date

    chunk = "On 12 March 2023 gunmen killed five people in Kabul, police said on Monday. "
    text = chunk * (600_000 // len(chunk))
    # Under the documents' time limit: a quadratic scan of a longer text would be an error here.
    ref = call_with_time_limit(DOC_TIME_LIMIT, reference_date, text)
    dates = call_with_time_limit(DOC_TIME_LIMIT, find_dates, text, ref.date)
    assert ref.date is not None and len(dates) >= 2 * (600_000 // len(chunk))


def test_time_limit_stops_a_runaway_call_in_any_thread():
    import threading

    def spin():
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(DocumentTimeout):
        call_with_time_limit(0.3, spin)
    assert time.monotonic() - start < 20   # stopped, not spinning on (20 s: slack for a loaded machine)
    caught = []

    def worker():
        try:
            call_with_time_limit(0.3, spin)
        except DocumentTimeout as exc:
            caught.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(30)
    assert caught and "0.3 s" in str(caught[0])
    assert call_with_time_limit(0.3, lambda: 7) == 7
    time.sleep(0.5)   # a finished call is never interrupted later
    assert call_with_time_limit(None, lambda: 8) == 8


def test_time_limit_setting(monkeypatch):
    monkeypatch.delenv("EVENTDESK_DOC_TIMEOUT", raising=False)
    assert doc_timeout_from_env() == 60
    monkeypatch.setenv("EVENTDESK_DOC_TIMEOUT", "2.5")
    assert doc_timeout_from_env() == 2.5
    monkeypatch.setenv("EVENTDESK_DOC_TIMEOUT", "0")
    assert doc_timeout_from_env() is None
    monkeypatch.setenv("EVENTDESK_DOC_TIMEOUT", "soon")
    with pytest.raises(ValueError):
        doc_timeout_from_env()


def test_pipeline_run_turns_a_timeout_into_an_error_and_goes_on(monkeypatch, pipeline):
    slow = Document(id="slow", text="x", path="feed.jsonl", line=7)
    good = Document(id="good", text=GOOD["text"], published=date(2023, 3, 4))
    original = pipeline._extractor.extract

    def extract(doc):
        if doc.id == "slow":
            while True:
                pass
        return original(doc)

    monkeypatch.setattr(pipeline._extractor, "extract", extract)
    monkeypatch.setattr(pipeline, "doc_timeout", 0.3)
    first, second = pipeline.run([slow, good])
    assert isinstance(first.error, IngestError)
    assert str(first.error) == "feed.jsonl:7 (id 'slow'): extraction exceeded the time limit of 0.3 s per document " \
                               "(EVENTDESK_DOC_TIMEOUT)"
    assert second.error is None and second.events
