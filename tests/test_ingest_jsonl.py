"""JSON Lines: one document a line; a bad line is an error naming it, the other lines are read."""
import json
from datetime import date

from eventdesk.ingest import IngestError, read_inputs
from eventdesk.model import Document


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(**fields):
    return json.dumps(fields, ensure_ascii=False)


def test_each_line_is_a_document_with_its_metadata(tmp_path):
    path = write_lines(tmp_path / "docs.jsonl", [
        record(id="a-1", text="Two soldiers were killed in an ambush near Damboa.", published="2022-06-03",
               title="Ambush in Borno", url="https://example.org/a-1", source="Example Wire"),
        record(id="a-2", text="Protesters burned tyres outside parliament in Nairobi."),
    ])
    first, second = read_inputs([str(path)])
    assert (first.id, first.published, first.title, first.url, first.source) == (
        "a-1", date(2022, 6, 3), "Ambush in Borno", "https://example.org/a-1", "Example Wire")
    assert (first.path, first.line) == (str(path), 1)
    assert second.id == "a-2" and second.line == 2 and second.published is None


def test_published_parameter_fills_only_lines_without_a_date(tmp_path):
    path = write_lines(tmp_path / "docs.jsonl", [
        record(id="dated", text="A bomb exploded in Baquba.", published="2021-01-09"),
        record(id="undated", text="A bomb exploded in Kirkuk."),
    ])
    dated, undated = read_inputs([str(path)], published=date(2024, 2, 1))
    assert dated.published == date(2021, 1, 9)
    assert undated.published == date(2024, 2, 1)


def test_datetime_published_and_numeric_id_are_accepted(tmp_path):
    path = write_lines(tmp_path / "docs.jsonl", [
        record(id=42, text="Gunmen attacked a checkpoint in Sinai.", published="2020-04-30T21:15:00Z"),
    ])
    [doc] = read_inputs([str(path)])
    assert doc.id == "42" and doc.published == date(2020, 4, 30)


def test_missing_id_falls_back_to_file_and_line(tmp_path):
    path = write_lines(tmp_path / "feed.jsonl", ["", record(text="Shelling hit Kharkiv overnight.")])
    [doc] = read_inputs([str(path)])
    assert doc.id == "feed.jsonl:2"


def test_malformed_line_is_reported_and_other_lines_still_read(tmp_path):
    path = write_lines(tmp_path / "docs.jsonl", [
        record(id="good-1", text="A suicide bomber struck a mosque in Peshawar."),
        '{"id": "broken", "text": "unterminated',
        record(id="good-2", text="Police dispersed a rally in Dhaka."),
    ])
    items = list(read_inputs([str(path)]))
    assert [type(item) for item in items] == [Document, IngestError, Document]
    error = items[1]
    assert (error.path, error.line) == (str(path), 2)
    assert error.message.startswith("malformed JSON")
    assert str(error).startswith(f"{path}:2: ")


def test_object_without_text_or_with_non_string_text_names_the_line(tmp_path):
    path = write_lines(tmp_path / "docs.jsonl", [
        record(id="no-text", body="The attack happened in Gao."),
        record(id="number", text=17),
        json.dumps(["not", "an", "object"]),
        record(id="blank", text="   "),
    ])
    errors = list(read_inputs([str(path)]))
    assert all(isinstance(e, IngestError) for e in errors)
    assert [e.line for e in errors] == [1, 2, 3, 4]
    assert '"text"' in errors[0].message
    assert "string" in errors[1].message and "number" in errors[1].message
    assert "object" in errors[2].message
    assert errors[3].message == "empty document"


def test_bad_published_date_is_an_error_for_that_line(tmp_path):
    path = write_lines(tmp_path / "docs.jsonl", [record(id="x", text="Clashes in Tripoli.", published="last week")])
    [error] = read_inputs([str(path)])
    assert isinstance(error, IngestError) and error.line == 1 and "published" in error.message


def test_invalid_utf8_on_one_line_spares_the_others(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(record(id="ok", text="Curfew imposed in Imphal.").encode() + b"\n"
                     + b'{"id": "bad", "text": "caf\xe9 bombing"}\n')
    ok, bad = read_inputs([str(path)])
    assert ok.id == "ok"
    assert isinstance(bad, IngestError) and bad.line == 2 and "invalid UTF-8" in bad.message


def test_empty_jsonl_file_is_one_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    [error] = read_inputs([str(path)])
    assert isinstance(error, IngestError) and "empty" in error.message
