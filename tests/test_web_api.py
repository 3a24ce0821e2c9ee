"""The dashboard's JSON API over HTTP, against a real store filled through the real pipeline."""
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from eventdesk.ingest import read_inputs
from eventdesk.store import Store
from eventdesk.web import make_server
from eventdesk.web.api import open_readonly, segments

# Short reports written for these tests: one attack told by two outlets with different tolls
# (one opening with an emoji, so offsets past it differ between code points and UTF-16), a
# protest, an attack elsewhere and a reported threat. One title and one URL carry markup.
ARTICLES = [
    {"id": "wire-kandahar", "published": "2023-03-04", "source": "Wire Service", "url": "https://example.org/kandahar",
     "title": "Suicide bomber kills 12 at Kandahar mosque",
     "text": "\U0001F534 Suicide bomber kills 12 at Kandahar mosque\n\nKANDAHAR, Afghanistan - A suicide bomber killed "
             "12 worshippers at a Shiite mosque in Kandahar city on Friday, police said. Islamic State Khorasan "
             "Province claimed the attack."},
    {"id": "paper-kandahar", "published": "2023-03-04", "source": "Daily Paper", "url": "javascript:alert(1)",
     "title": "Mosque attack <script>alert(1)</script> toll rises",
     "text": "Kandahar mosque attack toll rises\n\nKANDAHAR, Afghanistan - A suicide bomber killed 15 people at a "
             "Shiite mosque in Kandahar city on Friday, a hospital official said."},
    {"id": "radio-nairobi", "published": "2023-07-13", "source": "Radio", "title": "Two protesters shot dead in Nairobi",
     "text": "NAIROBI, Kenya - Police shot dead two protesters in Nairobi on Wednesday as demonstrators marched "
             "against new taxes, witnesses said."},
    {"id": "post-lagos", "published": "2023-10-02", "source": "Post", "title": "Gunmen kill five in Lagos",
     "text": "LAGOS, Nigeria - Gunmen killed five villagers in an attack on a market in Ikorodu, Lagos State, on "
             "Sunday, police said."},
    {"id": "alert-baghdad", "published": "2023-12-20", "source": "Alerts", "title": "Embassy warns of planned attack",
     "text": "BAGHDAD, Iraq - The US embassy warned on Wednesday that militants were planning to attack hotels in "
             "Baghdad over the holidays."},
]


def build_store(folder: Path) -> str:
    """Write the articles as JSONL and ingest them with eventdesk's own pipeline."""
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    path = str(folder / "web.db")
    with Store(path) as store:
        summary = store.ingest(read_inputs([str(src)]))
    assert not summary.errors and summary.added == len(ARTICLES)
    return path


class Running:
    """A dashboard server on a free loopback port, in a thread."""

    def __init__(self, db: str, **options) -> None:
        self.server = make_server(db, "127.0.0.1", 0, quiet=True, **options)
        self.url = self.server.url.rstrip("/")
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def site(db):
    running = Running(db)
    yield running
    running.stop()


def get(site, path, headers=None):
    req = urllib.request.Request(site.url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def get_json(site, path):
    status, headers, body = get(site, path)
    assert headers["Content-Type"].startswith("application/json")
    return status, json.loads(body)


def raw_get(site, path, host=None):
    """A request sent exactly as written (urllib would normalise '..')."""
    conn = http.client.HTTPConnection(site.server.server_address[0], site.server.server_address[1], timeout=10)
    conn.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, body


def kandahar(site):
    _, data = get_json(site, "/api/events?country=Afghanistan")
    (event,) = [e for e in data["events"] if e["location"] == "Kandahar"]
    return event


# ---------------------------------------------------------------------------- /api/events
def test_events_match_the_store_and_carry_what_the_map_and_timeline_need(site, db):
    status, data = get_json(site, "/api/events")
    assert status == 200
    with Store(db) as store:
        expected = store.events()
    assert [e["id"] for e in data["events"]] == [e["id"] for e in expected]
    assert data["count"] == len(expected) >= 4 and data["truncated"] is False
    event = kandahar(site)
    assert event["country"] == "Afghanistan" and isinstance(event["latitude"], float)
    assert event["event_date"].startswith("2023-03") and event["sources"] == 2
    assert {e["kind"] for e in data["events"]} == {"event", "threat"}


@pytest.mark.parametrize("query, check", [
    ("country=afghanistan", lambda e: e["country"] == "Afghanistan"),
    ("admin1=Nairobi+Area", lambda e: e["admin1"] == "Nairobi Area"),
    ("kind=threat", lambda e: e["kind"] == "threat"),
    ("kind=event", lambda e: e["kind"] == "event"),
    ("type=Protests", lambda e: e["event_type"] == "Protests"),
    ("type=Suicide+bomb", lambda e: e["sub_event_type"] == "Suicide bomb"),
    ("actor=khorasan", lambda e: "Khorasan" in (e["actor1"] or "") + (e["actor2"] or "")),
    ("since=2023-07-01&until=2023-10-31", lambda e: "2023-07-01" <= e["event_date"] <= "2023-10-31"),
    ("q=worshippers", lambda e: e["location"] == "Kandahar"),
])
def test_each_filter_narrows_the_events(site, query, check):
    _, everything = get_json(site, "/api/events")
    _, data = get_json(site, "/api/events?" + query)
    assert 0 < data["count"] < everything["count"]
    assert all(check(e) for e in data["events"]), data["events"]


def test_filters_combine_and_limit_truncates(site):
    _, none = get_json(site, "/api/events?country=Kenya&type=Suicide+bomb")
    assert none["count"] == 0 and none["events"] == []
    _, one = get_json(site, "/api/events?limit=1")
    assert one["count"] == 1 and one["truncated"] is True


@pytest.mark.parametrize("query, message", [
    ("since=yesterday", "since must be a YYYY-MM-DD date"),
    ("until=2023-02-30", "until must be a YYYY-MM-DD date"),
    ("kind=rumour", "kind must be event, threat or all"),
    ("limit=-3", "limit must be a positive whole number"),
    ("country=" + "x" * 400, "country is too long"),
])
def test_bad_parameters_are_refused_with_a_reason(site, query, message):
    status, data = get_json(site, "/api/events?" + query)
    assert status == 400 and data["error"] == message


def test_free_text_with_search_syntax_is_taken_as_words(site):
    status, data = get_json(site, "/api/events?q=" + urllib.request.quote('mosque" OR NEAR(*'))
    assert status == 200 and all(e["location"] == "Kandahar" for e in data["events"])


# ---------------------------------------------------------------------------- /api/events/<id>
def test_event_page_has_every_source_document_with_its_evidence_spans(site):
    event = kandahar(site)
    status, data = get_json(site, "/api/events/" + event["id"])
    assert status == 200 and data["event"]["id"] == event["id"]
    assert data["event"]["fatalities_low"] == 12 and data["event"]["fatalities_high"] == 15
    assert any(d["field"] == "fatalities" for d in data["event"]["disagreements"])
    docs = {d["doc_id"]: d for d in data["documents"]}
    assert set(docs) == {"wire-kandahar", "paper-kandahar"}
    texts = {a["id"]: a["text"] for a in ARTICLES}
    for doc_id, doc in docs.items():
        assert doc["text"] == texts[doc_id]
        assert doc["mentions"] and all(m["evidence"] for m in doc["mentions"])
        # Every span indexes the stored text exactly, and the segments rebuild the text.
        for h in doc["highlights"]:
            assert h["verified"] and doc["text"][h["start"]:h["end"]] == h["text"]
        assert "".join(s["text"] for s in doc["segments"]) == doc["text"]
        marked = {}
        for seg in doc["segments"]:
            for hid in seg["marks"]:
                marked[hid] = marked.get(hid, "") + seg["text"]
        assert marked == {h["id"]: h["text"] for h in doc["highlights"]}
    # The sentence after the emoji is highlighted by code-point offsets.
    assert any("12 worshippers" in h["text"] and "fatalities" in h["fields"] for h in docs["wire-kandahar"]["highlights"])


def test_only_web_links_are_passed_on(site):
    _, data = get_json(site, "/api/events/" + kandahar(site)["id"])
    urls = {d["doc_id"]: d["url"] for d in data["documents"]}
    assert urls == {"wire-kandahar": "https://example.org/kandahar", "paper-kandahar": None}


def test_unknown_event_and_unknown_route_are_404(site):
    assert get_json(site, "/api/events/EVDNOSUCHEVENT")[0] == 404
    assert get_json(site, "/api/nothing")[0] == 404
    assert get(site, "/admin")[0] == 404


# ---------------------------------------------------------------------------- /api/facets
def test_facets_count_the_values_the_filters_offer(site):
    status, facets = get_json(site, "/api/facets")
    assert status == 200
    _, everything = get_json(site, "/api/events")
    assert facets["total"] == everything["count"]
    countries = {c["value"]: c["count"] for c in facets["countries"]}
    assert countries["Afghanistan"] == 1 and {"Kenya", "Nigeria", "Iraq"} <= set(countries)
    explosions = [t for t in facets["types"] if t["value"] == "Explosions/Remote violence"][0]
    assert {"value": "Suicide bomb", "count": 1} in explosions["sub_types"]
    assert any(a["value"] == "Islamic State Khorasan Province" for a in facets["actors"])
    assert {"country": "Kenya", "value": "Nairobi Area", "count": 1} in facets["admin1"]
    assert facets["dates"]["min"] <= facets["dates"]["max"]
    _, threats = get_json(site, "/api/facets?kind=threat")
    assert threats["total"] == 1


# ---------------------------------------------------------------------------- HTTP safety
def test_page_and_static_files_are_served_with_a_no_outside_resources_policy(site):
    status, headers, body = get(site, "/")
    assert status == 200 and b"/static/app.js" in body and headers["Content-Type"].startswith("text/html")
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, body = get(site, "/static/world.json")
    world = json.loads(body)
    assert status == 200 and len(world["countries"]) > 150
    assert any("Afghanistan" in c["names"] for c in world["countries"])
    assert "Natural Earth" in world["source"]


@pytest.mark.parametrize("path", ["/static/../api.py", "/static/%2e%2e/server.py", "/static/..%2fserver.py",
                                  "/static/", "/static/.hidden", "/static/nothing.js"])
def test_nothing_outside_the_static_folder_is_served(site, path):
    status, _ = raw_get(site, path, host="127.0.0.1")
    assert status == 404


def test_requests_for_another_host_name_are_refused(site):
    assert raw_get(site, "/api/events", host="attacker.example")[0] == 421
    assert raw_get(site, "/api/events", host="localhost:8000")[0] == 200


def test_writes_are_refused_by_the_server_and_by_the_connection(site, db):
    req = urllib.request.Request(site.url + "/api/events", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 405 and err.value.headers["Allow"] == "GET, HEAD"
    with open_readonly(db) as store:
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM events")


def test_concurrent_requests_each_get_their_own_connection(site):
    results = []

    def fetch():
        results.append(get_json(site, "/api/events")[1]["count"])

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(results) == 8 and len(set(results)) == 1


# ---------------------------------------------------------------------------- pieces
def test_segments_cut_at_overlapping_and_nested_spans():
    text = "Gunmen killed four people in Kandahar."
    hs = [{"id": "a", "start": 0, "end": 25}, {"id": "b", "start": 7, "end": 13}, {"id": "c", "start": 19, "end": 37}]
    out = segments(text, hs)
    assert "".join(s["text"] for s in out) == text
    assert [(s["text"], s["marks"]) for s in out] == [
        ("Gunmen ", ["a"]), ("killed", ["a", "b"]), (" four ", ["a"]), ("people", ["a", "c"]),
        (" in Kandahar", ["c"]), (".", [])]
    assert segments("", []) == []


# ---------------------------------------------------------------------------- the command
def test_serve_command_serves_the_store_and_refuses_a_missing_one(db, tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    missing = subprocess.run([sys.executable, "-m", "eventdesk", "serve", "--db", str(tmp_path / "none.db")],
                             capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode != 0 and "eventdesk ingest" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    proc = subprocess.Popen([sys.executable, "-m", "eventdesk", "serve", "--db", db, "--port", "0", "--quiet"],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        url = line.split(" at ", 1)[1].split()[0]
        with urllib.request.urlopen(url + "api/facets", timeout=10) as res:
            assert json.loads(res.read())["total"] >= 4
    finally:
        proc.terminate()
        proc.wait(10)
