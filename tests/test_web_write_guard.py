"""One write check for every write route of the dashboard (corrections: split, merge; watchlists:
create, delete): a request another site's page could make is refused the same way on each, and
the dashboard's own requests (and clients that are no browser) still write. The dashboard's
buttons that write are driven in a browser by test_web_corrections.py and test_watch_browser.py."""
import http.client
import json
import shutil
from http import HTTPStatus

import pytest

from eventdesk.store import Store
from eventdesk.web.write_guard import FOREIGN_PAGE, READ_ONLY, write_refusal
from test_web_api import Running, build_store


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("guard"))


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


def kandahar(db):
    with Store(db) as store:
        return next(e for e in store.events(country="Afghanistan") if e["location"] == "Kandahar")


def routes(db):
    """Every write route: (method, path, a body it accepts)."""
    event = kandahar(db)
    paper = next(m for m in event["mention_ids"] if m.startswith("paper-"))
    return {
        "split": ("POST", f"/api/events/{event['id']}/split", {"mention_id": paper}),
        "merge": ("POST", f"/api/events/{event['id']}/merge", {"with": event["id"]}),   # reaches the route: 400
        "create watchlist": ("POST", "/api/watchlists", {"name": "kabul", "country": "Afghanistan"}),
        "delete watchlist": ("DELETE", "/api/watchlists/kabul", None),
    }


def send(site, method, path, body=None, origin="same", headers=None):
    host, port = site.server.server_address[:2]
    sent = {"Host": f"127.0.0.1:{port}"}
    if origin == "same":
        sent["Origin"] = f"http://127.0.0.1:{port}"
    elif origin:
        sent["Origin"] = origin
    if body is not None:
        sent["Content-Type"] = "application/json"
    sent.update(headers or {})
    raw = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, path, body=raw, headers=sent)
    res = conn.getresponse()
    reply = json.loads(res.read() or b"{}")
    conn.close()
    return res.status, reply


def unchanged(db) -> tuple:
    with Store(db) as store:
        return (len(store.corrections()), store._one("SELECT COUNT(*) FROM watchlists")[0],
                tuple(kandahar(db)["mention_ids"]))


ROUTES = ("split", "merge", "create watchlist", "delete watchlist")
FOREIGN = {
    "another site's Origin": {"origin": "http://attacker.example"},
    "a cross-site fetch": {"origin": None, "headers": {"Sec-Fetch-Site": "cross-site"}},
    "a same-site but other-origin fetch": {"origin": None, "headers": {"Sec-Fetch-Site": "same-site"}},
    "a rebinding Host": {"headers": {"Host": "attacker.example"}},
}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("how", list(FOREIGN))
def test_every_write_route_refuses_what_another_page_could_send(site, db, route, how):
    before = unchanged(db)
    method, path, body = routes(db)[route]
    status, reply = send(site, method, path, body, **FOREIGN[how])
    assert status == (421 if "Host" in how else 403), reply
    assert unchanged(db) == before


@pytest.mark.parametrize("route", ["split", "merge", "create watchlist"])
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_every_write_body_must_be_json(site, db, route, content_type):
    before = unchanged(db)
    method, path, body = routes(db)[route]
    status, _ = send(site, method, path, body, headers={"Content-Type": content_type})
    assert status == 415
    assert unchanged(db) == before


@pytest.mark.parametrize("route", ROUTES)
def test_a_read_only_dashboard_refuses_every_write(db, route):
    running = Running(db, writable=False)
    try:
        method, path, body = routes(db)[route]
        status, reply = send(running, method, path, body)
        assert status == 403 and reply["error"] == READ_ONLY
    finally:
        running.stop()


def test_the_dashboards_own_page_and_other_clients_may_write(site, db):
    r = routes(db)
    assert send(site, *r["create watchlist"])[0] == 201                    # from the page (same Origin)
    assert send(site, *r["delete watchlist"], origin=None)[0] == 200       # curl: no Origin at all
    assert send(site, *r["merge"], headers={"Sec-Fetch-Site": "same-origin"})[0] == 400   # the route's own answer
    status, reply = send(site, *r["split"], origin=None)
    assert status == 200 and reply["event_id"].startswith("EVD")


def test_a_huge_body_is_refused_before_it_is_read(site, db):
    method, path, _ = routes(db)["create watchlist"]
    status, reply = send(site, method, path, json.dumps({"name": "x" * 20_000}).encode())
    assert status == 413


def test_the_check_alone():
    loopback = lambda host: host == "127.0.0.1:8000"
    page = {"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000", "Content-Type": "application/json",
            "Content-Length": "12"}
    assert write_refusal(page, loopback, True, with_body=True) is None
    assert write_refusal({**page, "Origin": "http://evil.example"}, loopback, True, True) == \
        (HTTPStatus.FORBIDDEN, FOREIGN_PAGE)
    assert write_refusal({"Host": "127.0.0.1:8000"}, loopback, True, with_body=False) is None   # DELETE
    assert write_refusal({**page, "Content-Length": "x"}, loopback, True, True)[0] == HTTPStatus.LENGTH_REQUIRED
    assert write_refusal(page, loopback, False, True) == (HTTPStatus.FORBIDDEN, READ_ONLY)
