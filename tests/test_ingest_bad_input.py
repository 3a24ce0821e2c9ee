"""Bad input: a clear message naming the file (and line), and the batch goes on."""
import os

from eventdesk.ingest import IngestError, IngestSettings, read_inputs
from eventdesk.model import Document

ARTICLE = "A bomb planted on a motorcycle exploded outside a court in Quetta, wounding seven people."


def read_one(path, **kwargs):
    [item] = read_inputs([str(path)], **kwargs)
    return item


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    error = read_one(path)
    assert isinstance(error, IngestError)
    assert str(error) == f"{path}: empty document"


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    assert read_one(path).message == "empty document"


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = read_one(path)
    assert isinstance(error, IngestError) and error.message.startswith("binary file, not text")


def test_binary_file_of_control_characters(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 50)
    assert read_one(path).message.startswith("binary file, not text")


def test_binary_file_named_html_or_jsonl(tmp_path):
    for name in ("page.html", "feed.jsonl"):
        path = tmp_path / name
        path.write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(2000))
        error = read_one(path)
        assert isinstance(error, IngestError) and "binary file" in error.message, name


def test_invalid_utf8_names_line_and_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"First line is fine.\nProtest in Bogot\xe1 turned violent.\n")
    error = read_one(path)
    assert isinstance(error, IngestError)
    assert "invalid UTF-8 at line 2, byte 36" in error.message
    assert str(path) in str(error)


def test_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "dump.txt"
    with open(path, "wb") as stream:  # sparse: 21 MB of NUL bytes that take no disk space
        stream.truncate(21 * 1024 * 1024)
    error = read_one(path)
    # Had it been read, the NUL bytes would have made it "binary"; the size check came first.
    assert isinstance(error, IngestError) and error.message.startswith("too large: 21.0 MB > limit of 20.0 MB")


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 100, encoding="utf-8")
    settings = IngestSettings(max_document_bytes=1000)
    assert read_one(path, settings=settings).message.startswith("too large")


def test_over_long_jsonl_line_is_one_error_and_reading_goes_on(tmp_path):
    path = tmp_path / "docs.jsonl"
    long_line = '{"id": "long", "text": "' + "x " * 2000 + '"}'
    path.write_text('{"id": "a", "text": "%s"}\n%s\n{"id": "b", "text": "%s"}\n' % (ARTICLE, long_line, ARTICLE),
                    encoding="utf-8")
    items = list(read_inputs([str(path)], settings=IngestSettings(max_document_bytes=1000)))
    assert [type(i) for i in items] == [Document, IngestError, Document]
    assert items[1].line == 2 and items[1].message.startswith("too large")


def test_jsonl_with_corrupt_later_line_is_not_called_binary(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"id": "a", "text": "%s"}\n' % ARTICLE.encode() + b"\x00\x01\x02\x03" * 100 + b"\n")
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], Document) and items[0].id == "a"
    assert isinstance(items[1], IngestError) and items[1].line == 2


def test_file_without_read_permission(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    try:
        item = read_one(path)
        if os.geteuid() != 0:  # root reads anything
            assert isinstance(item, IngestError) and "cannot read" in item.message
    finally:
        path.chmod(0o644)


def test_good_documents_in_the_same_run_are_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = list(read_inputs([str(empty), str(tmp_path / "missing.txt"), str(good)]))
    assert [type(i) for i in items] == [IngestError, IngestError, Document]


def test_unexpected_reader_failure_costs_one_input_not_the_batch(tmp_path, monkeypatch):
    def explode(html, settings):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("eventdesk.ingest.readers.extract_article", explode)
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Clashes erupted in Aden.</p></body></html>", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    error, doc = read_inputs([str(page), str(good)])
    assert isinstance(error, IngestError) and "parser bug" in error.message and error.path == str(page)
    assert isinstance(doc, Document)


def test_html_that_breaks_the_parser_is_an_error(tmp_path):
    page = tmp_path / "odd.html"
    page.write_bytes(b"<html><body>" + b"<div>" * 5000 + b"x" + b"</div>" * 5000 + b"</body></html>")
    item = read_one(page)
    assert isinstance(item, IngestError)  # no main text, or unparsable: either way named, not raised
