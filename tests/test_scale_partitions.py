"""Planning partitions on the client and reading them back on a worker (no cluster needed):
together they must read exactly what ``read_inputs`` reads, bad lines included."""
import json
import os

import pytest

from eventdesk.ingest import IngestError, read_inputs
from eventdesk.scale.partitions import plan_partitions, read_partition, scan_line_ranges

REPORTS = [
    ("mogadishu-hotel", "2022-08-21", "Al-Shabaab gunmen stormed a hotel in Mogadishu on Friday night, "
                                      "killing at least 13 people, police said."),
    ("peshawar-checkpoint", "2023-03-02", "Two policemen were killed when militants attacked a checkpoint "
                                          "on the outskirts of Peshawar on Wednesday."),
    ("", "2023-05-09", "Protesters blocked the main road into Dhaka on Monday demanding the release of detained "
                       "opposition leaders."),
    ("maiduguri-ied", None, "A roadside bomb struck a military convoy near Maiduguri, killing four soldiers."),
]


def _jsonl(path, records, bad_line_at=None):
    lines = [json.dumps({k: v for k, v in (("id", i), ("published", p), ("text", t)) if v is not None})
             for i, p, t in records]
    if bad_line_at is not None:
        lines.insert(bad_line_at, '{"id": "cut-off", "text": "Gunmen opened fire on')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _read_all(partitions):
    return [item for partition in partitions for item in read_partition(partition)]


def test_long_jsonl_is_cut_at_lines_and_read_as_read_inputs_reads_it(tmp_path):
    path = _jsonl(tmp_path / "wire.jsonl", REPORTS * 3, bad_line_at=5)
    partitions = plan_partitions([path], 4)
    assert [p.documents for p in partitions] == [4, 4, 4, 1]
    items = _read_all(partitions)
    assert items == list(read_inputs([path]))
    bad = [i for i in items if isinstance(i, IngestError)]
    assert [(e.path, e.line) for e in bad] == [(path, 6)]
    assert "malformed JSON" in bad[0].message
    # a line without an id is named by its file and line, wherever the cut falls
    assert {i.id for i in items if not isinstance(i, IngestError) and i.id.startswith("wire")} == \
        {"wire.jsonl:3", "wire.jsonl:8", "wire.jsonl:12"}


def test_small_files_are_packed_and_a_binary_file_stays_one_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, _, text in REPORTS[:3]:
        (folder / f"{name or 'dhaka'}.txt").write_text(text, encoding="utf-8")
    (folder / "scan.jsonl").write_bytes(b"\x00\x01PK\x03\x04" + bytes(range(256)) * 40)
    _jsonl(folder / "more.jsonl", REPORTS[2:])
    partitions = plan_partitions([str(folder)], 3)
    assert sum(len(p.pieces) for p in partitions) >= 5
    items = _read_all(partitions)
    assert items == list(read_inputs([str(folder)]))
    (binary,) = [i for i in items if isinstance(i, IngestError)]
    assert binary.path.endswith("scan.jsonl") and "binary" in binary.message


def test_relative_paths_and_globs_are_reported_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("feeds")
    _jsonl(tmp_path / "feeds" / "a.jsonl", REPORTS[:2])
    _jsonl(tmp_path / "feeds" / "b.jsonl", REPORTS[2:], bad_line_at=1)
    items = _read_all(plan_partitions(["feeds/*.jsonl", "missing.txt"], 2))
    assert items == list(read_inputs(["feeds/a.jsonl", "feeds/b.jsonl", "missing.txt"]))
    errors = [(e.path, e.line) for e in items if isinstance(e, IngestError)]
    assert errors == [("feeds/b.jsonl", 2), ("missing.txt", None)]
    assert all(d.path.startswith("feeds/") for d in items if not isinstance(d, IngestError))


def test_standard_input_cannot_be_spread_over_workers():
    with pytest.raises(ValueError, match="standard input"):
        plan_partitions(["-"], 10)


def test_plan_is_stable_and_its_key_follows_the_inputs(tmp_path):
    path = _jsonl(tmp_path / "wire.jsonl", REPORTS * 2)
    first = [p.key() for p in plan_partitions([path], 3)]
    assert first == [p.key() for p in plan_partitions([path], 3)]
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "late", "text": REPORTS[0][2]}) + "\n")
    os.utime(path, ns=(1, 1))
    assert first[0] != plan_partitions([path], 3)[0].key()


def test_line_ranges_with_and_without_a_final_newline(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"a\nbb\nccc\ndddd")
    assert scan_line_ranges(str(path), 2, 2) == [(1, 0, 2), (3, 5, 2)]
    path.write_bytes(b"a\nbb\nccc\n")
    assert scan_line_ranges(str(path), 1, 5) == [(1, 0, 1), (2, 2, 2)]
    path.write_bytes(b"")
    assert scan_line_ranges(str(path), 1, 5) == []
