"""Inputs an attacker or a careless feed would send: each costs its own document at most (a clear
error naming file, line and id, or a result within seconds) and every good document beside it
is still read and extracted."""
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


@pytest.fixture(scope="module")
def pipeline():
    pipe = Pipeline(doc_timeout=5)
    pipe.process(Document(id="warm", text=GOOD["text"], published=date(2023, 3, 4)))  # models loaded
    return pipe


def run(pipeline, paths, **kw):
    start = time.monotonic()
    results = list(pipeline.run(read_inputs(paths, **kw)))
    return results, time.monotonic() - start


def good_ok(results, doc_id="good"):
    [good] = [r for r in results if r.document is not None and r.document.id == doc_id]
    assert good.error is None and good.events, good.error


def test_lone_surrogate_and_control_characters_are_replaced(tmp_path, pipeline):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id":"a\\ud800","title":"t\\udfff","text":"Gunmen killed five people in Kabul on Monday.'
                    ' \\ud800 \\u0000\\u0007 end"}\n' + GOOD_LINE, encoding="utf-8")
    results, _ = run(pipeline, [str(path)])
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
    results, elapsed = run(pipeline, [str(path)])
    errors = [r.error for r in results if r.error]
    assert [(e.path, e.line) for e in errors] == [(str(path), 1), (str(path), 2)]
    assert all("nested deeper than 64 levels" in e.message for e in errors)
    assert str(path) + ":1" in str(errors[0])
    good_ok(results)
    assert elapsed < 10


def test_errors_name_line_and_id(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "no-date", "text": "Gunmen attacked.", "published": "yesterday"}\n'
                    '{"id": "no-text", "text": 5}\n' + GOOD_LINE)
    first, second, good = read_inputs([str(path)])
    assert str(first).startswith(f"{path}:1 (id 'no-date'): \"published\" is not an ISO date")
    assert str(second).startswith(f"{path}:2 (id 'no-text'): \"text\" must be a string")
    assert isinstance(good, Document)


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
    results, _ = run(pipeline, ["-"])
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
    path.write_text(json.dumps(dict(GOOD, id="min", published="0001-01-01")) + "\n"
                    + json.dumps(dict(GOOD, id="max", published="9999-12-31")) + "\n" + GOOD_LINE)
    results, elapsed = run(pipeline, [str(path)])
    assert [r.error for r in results] == [None, None, None]
    for r in results:
        for event in r.events:
            assert event.event_date is None or "0001-01-01" <= event.event_date <= "9999-12-31"
    good_ok(results)
    assert elapsed < 10


def test_thirteen_place_names_in_a_list(tmp_path, pipeline):
    text = ("Gunmen attacked police posts in " + ", ".join(PLACES[:-1]) + " and " + PLACES[-1]
            + " on Monday, killing 20 people, officials said.")
    comma_only = "Gunmen attacked police posts in " + ", ".join(PLACES) + " on Monday, officials said."
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(dict(GOOD, id="list", text=text)) + "\n"
                    + json.dumps(dict(GOOD, id="commas", text=comma_only)) + "\n" + GOOD_LINE)
    results, elapsed = run(pipeline, [str(path)])
    assert [r.error for r in results] == [None, None, None]
    assert results[0].events and results[0].events[0].country == "Afghanistan"
    good_ok(results)
    assert elapsed < 10


def test_long_unpunctuated_sentence_is_bounded(tmp_path, pipeline):
    words = "gunmen killed villagers in kabul attack militants bombed the market police said".split()
    body = " ".join(words * (65536 // 80 + 1))[:65536]
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(dict(GOOD, id="long", text="A bomb exploded in Kabul on Monday " + body)) + "\n"
                    + GOOD_LINE)
    results, elapsed = run(pipeline, [str(path)])
    first = results[0]
    assert first.error is None or ("time limit of 5 s" in first.error.message and first.error.line == 1
                                   and first.error.doc_id == "long" and "(id 'long')" in str(first.error))
    good_ok(results)
    assert elapsed < 10 + 5   # the runaway document is cut at 5 s; the good one takes well under a second


def test_five_megabyte_one_line_text(tmp_path, pipeline):
    chunk = "On 12 March 2023 gunmen killed five people in Kabul, police said on Monday. "
    (tmp_path / "big.txt").write_text((chunk * (5 * 1024 * 1024 // len(chunk) + 1))[:5 * 1024 * 1024])
    (tmp_path / "good.txt").write_text(GOOD["text"])
    start = time.monotonic()
    results = list(pipeline.run(read_inputs([str(tmp_path / "big.txt"), str(tmp_path / "good.txt")],
                                            published=date(2023, 3, 4))))
    elapsed = time.monotonic() - start
    big, good = results
    assert big.error is None or ("time limit" in big.error.message and big.error.path.endswith("big.txt"))
    assert good.error is None and good.events


def test_date_scan_is_linear():
    from eventdesk.time import find_dates, reference_date

    chunk = "On 12 March 2023 gunmen killed five people in Kabul, police said on Monday. "
    text = chunk * (600_000 // len(chunk))
    start = time.monotonic()
    ref = reference_date(text)
    dates = find_dates(text, ref.date)
    assert ref.date is not None and len(dates) >= 2 * (600_000 // len(chunk))


def test_time_limit_stops_a_runaway_call_in_any_thread():
    import threading

    def spin():
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(DocumentTimeout):
        call_with_time_limit(0.3, spin)
    assert time.monotonic() - start < 3
    caught = []

    def worker():
        try:
            call_with_time_limit(0.3, spin)
        except DocumentTimeout as exc:
            caught.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
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
