"""``eventdesk extract`` end to end: records as JSON Lines, errors naming file and line on stderr,
exit status 0 only when every input was read, and good documents processed despite bad ones."""
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BOMBING = ("KABUL, Afghanistan - A suicide attacker detonated his explosives at a Shiite mosque in western "
           "Kabul during Friday prayers, killing 12 worshippers and wounding 30 others, police said.")


def _extractor_import_error():
    """None once the extraction engine imports; while stages are still landing, why it does not."""
    try:
        import eventdesk.extract.engine  # noqa: F401
    except ImportError as exc:
        return f"the extraction engine is not importable yet: {exc}"
    return None


EXTRACTOR_MISSING = _extractor_import_error()
needs_extractor = pytest.mark.skipif(EXTRACTOR_MISSING is not None, reason=EXTRACTOR_MISSING or "")


class _NoEvents:
    """Stand-in extractor, so these tests check the CLI's contract, not extraction quality."""

    def __init__(self, **settings):
        pass

    def extract(self, doc):
        return []


@pytest.fixture
def stub_extractor(monkeypatch):
    module = types.ModuleType("eventdesk.extract.engine")
    module.Extractor = _NoEvents
    monkeypatch.setitem(sys.modules, "eventdesk.extract.engine", module)


def run(args, input=None):
    return CliRunner().invoke(main, ["extract", *args], input=input)


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_good_inputs_exit_zero_and_write_one_document_line_each(stub_extractor, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run([str(SAMPLES), "--with-docs", "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    documents = [row["document"] for row in json_lines(out.read_text(encoding="utf-8")) if "document" in row]
    ids = [doc["doc_id"] for doc in documents]
    assert "kunduz_mosque_bombing_wire.txt" in ids and "mogadishu-hotel-siege" in ids
    assert "quetta_police_convoy_blast.html" in ids
    assert len(ids) == len(set(ids)) == 10
    # No progress bar off a terminal: only the end-of-run summary.
    assert result.stderr.splitlines() == [f"eventdesk: 10 document(s) read, 0 failed; 0 event record(s) written to {out}"]
    assert run([str(SAMPLES), "-o", str(out), "--quiet"]).stderr.startswith("eventdesk: 10 document(s) read")


def test_bad_inputs_exit_one_name_file_and_line_and_good_documents_still_written(stub_extractor, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(BOMBING, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "j1", "text": BOMBING}) + "\n{not json\n"
                    + json.dumps({"id": "j3", "text": BOMBING}) + "\n", encoding="utf-8")
    result = run([str(empty), str(feed), str(good), "--with-docs"])
    assert result.exit_code == 1
    ids = [row["document"]["doc_id"] for row in json_lines(result.stdout) if "document" in row]
    assert ids == ["j1", "j3", "good.txt"]
    assert f"{empty}: empty document" in result.stderr
    assert f"{feed}:2: malformed JSON" in result.stderr
    assert "3 document(s) read, 2 failed" in result.stderr


def test_missing_file_exits_one(stub_extractor, tmp_path):
    result = run([str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    assert "absent.txt: no such file or directory" in result.stderr


def test_stdin_text(stub_extractor):
    result = run(["-", "--with-docs", "--published", "2023-10-13"], input=BOMBING)
    assert result.exit_code == 0
    [row] = json_lines(result.stdout)
    assert row["document"]["doc_id"] == "stdin" and row["document"]["published"] == "2023-10-13"


def test_bad_published_option_is_a_usage_error(stub_extractor, tmp_path):
    result = run(["-", "--published", "13/10/2023"], input=BOMBING)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


@needs_extractor
def test_clear_bombing_sentence_gives_a_record_with_its_doc_id(tmp_path):
    path = tmp_path / "kabul.txt"
    path.write_text(BOMBING, encoding="utf-8")
    result = run([str(path), "--published", "2023-10-13"])
    assert result.exit_code == 0, result.stderr
    records = json_lines(result.stdout)
    assert records and all(record["doc_id"] == "kabul.txt" for record in records)


@needs_extractor
def test_module_entry_point_on_the_samples(tmp_path):
    out = tmp_path / "events.jsonl"
    completed = subprocess.run([sys.executable, "-m", "eventdesk", "extract", str(SAMPLES), "-o", str(out)],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    records = json_lines(out.read_text(encoding="utf-8"))
    assert records and all("doc_id" in record for record in records)
