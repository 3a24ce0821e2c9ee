"""Directories (recursive, sorted, hidden files skipped) and standard input."""
import io
import json
import sys

import pytest

from eventdesk.ingest import IngestError, read_inputs
from eventdesk.model import Document

ARTICLE = "Militants attacked a police station in Dera Ismail Khan on Sunday, killing three officers."


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "02.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": ARTICLE}) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "d.HTML").write_text(
        f"<html><body><article><p>{ARTICLE} The provincial police chief said the attackers fled.</p>"
        "</article></body></html>", encoding="utf-8")
    return tmp_path


def test_directory_is_read_recursively_in_sorted_order(corpus):
    ids = [doc.id for doc in read_inputs([str(corpus)])]
    assert ids == ["a.txt", "02.txt", "c1", "d.HTML"]


def test_directory_documents_record_their_file(corpus):
    docs = {doc.id: doc for doc in read_inputs([str(corpus)])}
    assert docs["02.txt"].path == str(corpus / "b" / "02.txt")
    assert docs["c1"].path == str(corpus / "c.jsonl") and docs["c1"].line == 1


def test_directory_without_articles_is_an_error(tmp_path):
    (tmp_path / "readme.md").write_text("nothing here", encoding="utf-8")
    [error] = read_inputs([str(tmp_path)])
    assert isinstance(error, IngestError) and error.path == str(tmp_path)


def test_bad_file_in_directory_does_not_stop_the_rest(corpus):
    (corpus / "b" / "01.txt").write_bytes(b"")
    items = list(read_inputs([str(corpus)]))
    errors = [item for item in items if isinstance(item, IngestError)]
    assert [e.path for e in errors] == [str(corpus / "b" / "01.txt")]
    assert len([item for item in items if isinstance(item, Document)]) == 4


def feed_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_plain_text(monkeypatch):
    feed_stdin(monkeypatch, ARTICLE.encode())
    [doc] = read_inputs(["-"])
    assert doc.id == "stdin" and doc.text == ARTICLE


def test_stdin_jsonl(monkeypatch):
    lines = [json.dumps({"id": f"s{i}", "text": ARTICLE, "published": "2023-01-0%d" % i}) for i in (1, 2)]
    feed_stdin(monkeypatch, ("\n".join(lines) + "\n").encode())
    docs = list(read_inputs(["-"]))
    assert [d.id for d in docs] == ["s1", "s2"] and [d.line for d in docs] == [1, 2]


def test_stdin_jsonl_with_one_non_json_line_is_an_error_for_that_line(monkeypatch):
    text = json.dumps({"id": "s1", "text": ARTICLE}) + "\nand then a sentence of prose\n"
    feed_stdin(monkeypatch, text.encode())
    doc, error = read_inputs(["-"])
    assert doc.id == "s1" and doc.text == ARTICLE
    assert isinstance(error, IngestError) and error.path == "<stdin>" and error.line == 2
    assert error.message.startswith("malformed JSON")


def test_stdin_read_as_text_when_asked(monkeypatch):
    text = json.dumps({"id": "s1", "text": ARTICLE}) + "\nand then a sentence of prose\n"
    feed_stdin(monkeypatch, text.encode())
    [doc] = read_inputs(["-"], stdin_text=True)
    assert doc.id == "stdin" and doc.text == text


def test_empty_stdin_is_an_error(monkeypatch):
    feed_stdin(monkeypatch, b"  \n")
    [error] = read_inputs(["-"])
    assert isinstance(error, IngestError) and error.path == "<stdin>" and error.message == "empty document"


def test_mixed_paths_keep_their_order(corpus, monkeypatch):
    feed_stdin(monkeypatch, ARTICLE.encode())
    ids = [getattr(item, "id", None) for item in read_inputs([str(corpus / "c.jsonl"), "-", str(corpus / "a.txt")])]
    assert ids == ["c1", "stdin", "a.txt"]
