"""An analyst's corrections from the dashboard: POST /api/events/<id>/split and /merge over HTTP
(validated, refused from other origins and without a JSON body), and the event page's buttons
in a real headless Chromium, with the correction kept by `eventdesk fuse --rebuild`."""
import http.client
import json
import os
import shutil
import subprocess
import sys

import pytest

from eventdesk.store import Store
from test_web_api import Running, build_store
from test_web_browser import BINARY, Browser, Page


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The web tests' store, ingested once through the real pipeline: the Kandahar mosque attack
    told by two outlets is one event of two mentions."""
    return build_store(tmp_path_factory.mktemp("corrections"))


@pytest.fixture
def db(pristine, tmp_path):
    path = str(tmp_path / "web.db")
    shutil.copy(pristine, path)
    return path


@pytest.fixture
def site(db):
    running = Running(db)
    yield running
    running.stop()


def post(site, path, body, content_type="application/json", origin="same", extra=None):
    host, port = site.server.server_address[:2]
    headers = {"Host": f"127.0.0.1:{port}", **(extra or {})}
    if content_type:
        headers["Content-Type"] = content_type
    if origin == "same":
        headers["Origin"] = f"http://127.0.0.1:{port}"
    elif origin:
        headers["Origin"] = origin
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("POST", path, body=raw, headers=headers)
    res = conn.getresponse()
    reply = json.loads(res.read() or b"{}")
    conn.close()
    return res.status, reply


def kandahar(db):
    with Store(db) as store:
        (event,) = [e for e in store.events(country="Afghanistan") if e["location"] == "Kandahar"]
        return event


def test_split_then_merge_back(site, db):
    event = kandahar(db)
    paper = next(m for m in event["mention_ids"] if m.startswith("paper-"))
    status, reply = post(site, f"/api/events/{event['id']}/split", {"mention_id": paper, "note": "another attack"})
    assert status == 200, reply
    with Store(db) as store:
        assert store.event(reply["event_id"])["mention_ids"] == [paper]
        assert paper not in store.event(reply["remaining"])["mention_ids"]
        assert [(c["action"], c["note"]) for c in store.corrections()] == [("split", "another attack")]
    status, merged = post(site, f"/api/events/{reply['remaining']}/merge", {"with": reply["event_id"]})
    assert status == 200, merged
    with Store(db) as store:
        assert sorted(store.event(merged["event_id"])["mention_ids"]) == sorted(event["mention_ids"])
        assert [c["action"] for c in store.corrections()] == ["merge"]


def test_the_event_payload_lists_its_corrections(site, db):
    event = kandahar(db)
    paper = next(m for m in event["mention_ids"] if m.startswith("paper-"))
    _, reply = post(site, f"/api/events/{event['id']}/split", {"mention_id": paper, "note": "different mosque"})
    conn = http.client.HTTPConnection(*site.server.server_address[:2], timeout=10)
    conn.request("GET", "/api/events/" + reply["event_id"], headers={"Host": "127.0.0.1"})
    payload = json.loads(conn.getresponse().read())
    conn.close()
    assert payload["can_correct"] is True
    assert [(c["action"], c["note"]) for c in payload["corrections"]] == [("split", "different mosque")]


@pytest.mark.parametrize("route, body, status, message", [
    ("split", {"mention_id": "paper-kandahar#9"}, 400, "is not one of event"),
    ("split", {"mention_id": ""}, 400, "mention_id must be a non-empty string"),
    ("split", {"mention_id": 7}, 400, "mention_id must be a non-empty string"),
    ("split", {"mention": "paper-kandahar#0"}, 400, "unknown field: mention"),
    ("split", {"mention_id": "x" * 300}, 400, "mention_id is too long"),
    ("split", {"mention_id": "paper-kandahar#0", "note": ["x"]}, 400, "note must be a string"),
    ("split", ["paper-kandahar#0"], 400, "the body must be a JSON object"),
    ("split", b"{not json", 400, "the body must be a JSON object"),
    ("split", b"\xff\xfe", 400, "the body must be a JSON object"),
    ("merge", {"with": "EVDNOSUCHEVENT"}, 404, "no event EVDNOSUCHEVENT"),
    ("merge", {"with": "SELF"}, 400, "cannot be merged with itself"),
    ("merge", {}, 400, "with must be a non-empty string"),
])
def test_bad_bodies_are_refused_with_a_reason_and_change_nothing(site, db, route, body, status, message):
    event = kandahar(db)
    if body == {"with": "SELF"}:
        body = {"with": event["id"]}
    got, reply = post(site, f"/api/events/{event['id']}/{route}", body)
    assert got == status and message in reply["error"]
    with Store(db) as store:
        assert store.corrections() == [] and kandahar(db)["mention_ids"] == event["mention_ids"]


@pytest.mark.parametrize("kwargs, status", [
    ({"origin": "http://attacker.example"}, 403),                        # another site's page
    ({"origin": None, "extra": {"Sec-Fetch-Site": "cross-site"}}, 403),
    ({"content_type": "text/plain"}, 415),                               # what a form on another site can send
    ({"content_type": "application/x-www-form-urlencoded"}, 415),
    ({"content_type": None}, 415),
    ({"extra": {"Host": "attacker.example"}}, 421),                      # DNS rebinding
])
def test_requests_a_foreign_page_could_make_are_refused(site, db, kwargs, status):
    event = kandahar(db)
    paper = next(m for m in event["mention_ids"] if m.startswith("paper-"))
    got, reply = post(site, f"/api/events/{event['id']}/split", {"mention_id": paper}, **kwargs)
    assert got == status, reply
    with Store(db) as store:
        assert store.corrections() == []


def test_a_client_without_a_browser_may_correct_and_a_huge_body_is_refused(site, db):
    event = kandahar(db)
    paper = next(m for m in event["mention_ids"] if m.startswith("paper-"))
    assert post(site, f"/api/events/{event['id']}/split", {"mention_id": paper, "note": "x" * 20000})[0] == 413
    assert post(site, f"/api/events/{event['id']}/split", {"mention_id": paper}, origin=None)[0] == 200


def test_other_posts_stay_refused_and_a_read_only_server_refuses_corrections(db):
    running = Running(db)
    try:
        assert post(running, "/api/events", {})[0] == 405
        assert post(running, "/api/facets", {})[0] == 405
        assert post(running, "/api/events/x/delete", {})[0] == 405
    finally:
        running.stop()
    running = Running(db, writable=False)
    try:
        event = kandahar(db)
        status, reply = post(running, f"/api/events/{event['id']}/merge", {"with": event["id"]})
        assert status == 403 and "read-only" in reply["error"]
    finally:
        running.stop()


# ---------------------------------------------------------------------------- in the browser
pytest_browser = pytest.mark.skipif(BINARY is None, reason="no Chromium found (apt-get install chromium; or set "
                                                           "EVENTDESK_CHROMIUM): browser tests skipped")


@pytest.fixture
def page(tmp_path):
    browser = Browser(BINARY, str(tmp_path / "chromium-profile"))
    p = Page(browser)
    yield p
    p.close()
    browser.close()


def sources_shown(page):
    return page.eval("document.querySelectorAll('#event .doc').length")


@pytest_browser
def test_split_and_merge_buttons_on_the_event_page_survive_a_rebuild(site, db, page):
    event = kandahar(db)
    paper = next(m for m in event["mention_ids"] if m.startswith("paper-"))
    page.goto(f"{site.url}/#/event/{event['id']}")
    assert sources_shown(page) == 2
    assert "Why these reports are one event" in page.eval("document.getElementById('event').textContent")
    page.eval("document.getElementById('correction-note').value = 'a different mosque'")
    before = page.loads()
    page.click(f"button.split[data-mention='{paper}']")
    page.wait_for(f"Number(document.body.dataset.loads) > {before}")
    assert sources_shown(page) == 1
    notice = page.eval("document.getElementById('correction-notice').textContent")
    assert notice.startswith(f"Report {paper} split out into event EVD")
    assert "a different mosque" in page.eval("document.querySelector('.corrections').textContent")
    assert page.eval("document.querySelectorAll('button.split').length") == 0     # one report left: nothing to split
    # The correction is data in the store: a rebuild from the stored mentions keeps it.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    rebuilt = subprocess.run([sys.executable, "-m", "eventdesk", "fuse", "--rebuild", "--db", db],
                             capture_output=True, text=True, env=env, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
    with Store(db) as store:
        alone = store.mention_event(paper)
        assert store.event(alone)["mention_ids"] == [paper]
        wire = next(m for m in event["mention_ids"] if m != paper)
        assert store.mention_event(wire) != alone
    page.send("Page.reload")
    page.wait_for(f"document.body && Number(document.body.dataset.loads || 0) >= 1 && !!document.getElementById('merge-with')")
    assert sources_shown(page) == 1
    # Merging it back through the form: one event of both reports again.
    page.eval(f"document.getElementById('merge-with').value = {json.dumps(alone)}")
    before = page.loads()
    page.click("#merge-button")
    page.wait_for(f"Number(document.body.dataset.loads) > {before}")
    assert sources_shown(page) == 2
    assert "merged by an analyst" in page.eval("document.querySelector('.merges').textContent")
    with Store(db) as store:
        assert store.mention_event(paper) == store.mention_event(wire)
    # A bad id is reported on the page, not thrown.
    page.eval("document.getElementById('merge-with').value = 'EVDNOSUCHEVENT'")
    page.click("#merge-button")
    page.wait_for("document.getElementById('correction-error').textContent.includes('no event EVDNOSUCHEVENT')")
    assert all("404" in json.dumps(e) for e in page.errors())     # the refused request, nothing else


def test_serve_read_only_refuses_corrections(db):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "eventdesk", "serve", "--db", db, "--port", "0", "--quiet",
                             "--read-only"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = proc.stderr.readline().split(" at ", 1)[1].split()[0]
        host, port = url.split("//")[1].rstrip("/").split(":")
        event = kandahar(db)
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("POST", f"/api/events/{event['id']}/merge", body=json.dumps({"with": event["id"]}),
                     headers={"Content-Type": "application/json"})
        res = conn.getresponse()
        assert res.status == 403 and "read-only" in json.loads(res.read())["error"]
        conn.close()
    finally:
        proc.terminate()
        proc.wait(10)
