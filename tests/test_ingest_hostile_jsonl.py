"""JSON Lines a careless feed or an attacker would send: each bad line is one error, the rest read."""
import json

from eventdesk.ingest import IngestError, read_inputs
from eventdesk.pipeline import Pipeline

ARTICLE = "Gunmen killed two guards at a checkpoint in Kandahar on Monday, police said."


def write(tmp_path, lines):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join(l if isinstance(l, bytes) else l.encode() for l in lines))
    return str(path)


def test_a_lone_surrogate_is_replaced_and_the_document_goes_through(tmp_path):
    bad = '{"id": "a", "text": "' + ARTICLE + ' \\ud800 end"}\n'
    path = write(tmp_path, [bad, json.dumps({"id": "b", "text": ARTICLE}) + "\n"])
    docs = list(read_inputs([path]))
    assert [d.id for d in docs] == ["a", "b"]
    assert "\ufffd" in docs[0].text and len(docs[0].text) == len(ARTICLE) + 6
    docs[0].text.encode("utf-8")   # writable, hashable
    results = list(Pipeline().run(docs))
    assert all(r.error is None for r in results)
    json.dumps([e.to_dict() for r in results for e in r.events], ensure_ascii=False).encode("utf-8")


def test_control_characters_become_spaces(tmp_path):
    path = write(tmp_path, [json.dumps({"id": "nul", "text": "A\u0000B\u0007C\nD"}) + "\n"])
    [doc] = read_inputs([path])
    assert doc.text == "A B C\nD"


def test_a_deeply_nested_line_is_an_error_naming_it_and_the_next_line_is_read(tmp_path):
    path = write(tmp_path, [json.dumps({"id": "a", "text": ARTICLE}) + "\n", "[" * 100_000 + "\n",
                            json.dumps({"id": "c", "text": ARTICLE}) + "\n"])
    items = list(read_inputs([path]))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c"]
    assert isinstance(items[1], IngestError) and items[1].line == 2 and "nested deeper than" in items[1].message
