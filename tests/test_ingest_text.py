"""Plain-text files: one document each, id = basename, text exactly as decoded."""
from datetime import date

from eventdesk.ingest import IngestError, read_inputs
from eventdesk.model import Document

REPORT = ("JALALABAD, Afghanistan - Gunmen on a motorbike shot dead two health workers "
          "in Jalalabad city on Tuesday, police said.\n")


def read_all(*paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_text_file_becomes_one_document_named_by_basename(tmp_path):
    path = tmp_path / "001_report.txt"
    path.write_text(REPORT, encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.id == "001_report.txt"
    assert doc.text == REPORT
    assert doc.path == str(path)
    assert doc.line is None


def test_published_applies_to_text_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    [doc] = read_all(path, published=date(2023, 5, 2))
    assert doc.published == date(2023, 5, 2)


def test_utf8_bom_is_dropped_and_offsets_index_the_decoded_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Kabul – a blast near the ministry.".encode("utf-8"))
    [doc] = read_all(path)
    assert doc.text.startswith("Kabul")
    start = doc.text.index("blast")
    assert doc.text[start:start + 5] == "blast"


def test_line_endings_are_kept_as_read(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title\r\n\r\nA car bomb exploded in Mogadishu.\r\n")
    [doc] = read_all(path)
    assert doc.text == "Title\r\n\r\nA car bomb exploded in Mogadishu.\r\n"


def test_non_ascii_names_survive(tmp_path):
    path = tmp_path / "names.txt"
    text = "Attack in Mazār-i-Sharīf and Ḥasakah; the ministry’s spokesman said “eleven dead”."
    path.write_text(text, encoding="utf-8")
    [doc] = read_all(path)
    assert doc.text == text


def test_utf16_with_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Rockets hit the airport in Erbil.".encode("utf-16"))
    [doc] = read_all(path)
    assert doc.text == "Rockets hit the airport in Erbil."


def test_file_without_known_extension_is_read_as_text(tmp_path):
    path = tmp_path / "REPORT"
    path.write_text(REPORT, encoding="utf-8")
    [doc] = read_all(path)
    assert doc.text == REPORT


def test_single_path_string_is_not_iterated_character_by_character(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(REPORT, encoding="utf-8")
    items = list(read_inputs(str(path)))
    assert [item.id for item in items] == ["one.txt"]


def test_missing_path_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.txt"
    [error] = read_all(missing)
    assert isinstance(error, IngestError)
    assert str(missing) in str(error)
    assert "no such file" in error.message
