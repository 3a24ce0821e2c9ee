"""The dashboard under load and abuse: paging, parameter checks, escaped LIKE, headers on every
response (the standard library's own errors too), idle connections closed, a bounded pool."""
import http.client
import json
import socket
import time

import pytest

from eventdesk.web import api
from eventdesk.web.server import IDLE_TIMEOUT
from test_web_api import Running, build_store


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = Running(build_store(tmp_path_factory.mktemp("robust-web")))
    yield running
    running.stop()


def request(site, path, method="GET"):
    host, port = site.server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, path, headers={"Host": f"127.0.0.1:{port}"})
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, res.headers, body


def test_events_are_paged(site):
    status, _, body = request(site, "/api/events")
    everything = json.loads(body)
    assert status == 200 and everything["truncated"] is False and everything["next_offset"] is None
    ids = [e["id"] for e in everything["events"]]
    seen, offset = [], 0
    while offset is not None:
        _, _, body = request(site, f"/api/events?limit=2&offset={offset}")
        page = json.loads(body)
        assert page["offset"] == offset and page["count"] <= 2
        seen += [e["id"] for e in page["events"]]
        offset = page["next_offset"]
    assert seen == ids


def test_limit_is_capped(site):
    _, _, body = request(site, "/api/events?limit=50000")
    assert json.loads(body)["count"] <= api.MAX_LIMIT == 500


@pytest.mark.parametrize("query", ["limit=%C2%B2", "limit=0", "limit=-1", "limit=1e3", "offset=-1",
                                   "offset=%C2%B2", "offset=x", "limit=" + "9" * 40])
def test_bad_numbers_are_400(site, query):
    status, headers, body = request(site, "/api/events?" + query)
    assert status == 400 and "whole number" in json.loads(body)["error"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_like_wildcards_are_literal(site):
    for actor in ("%", "_", "%25"):
        _, _, body = request(site, f"/api/events?actor={actor}")
        assert json.loads(body)["count"] == 0, actor
    _, _, body = request(site, "/api/events?actor=khorasan")
    assert json.loads(body)["count"] >= 1


def test_stdlib_errors_carry_the_security_headers(site):
    host, port = site.server.server_address[:2]
    for raw in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9\r\n\r\n", b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
                b"BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"):
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(raw)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        assert head.startswith("HTTP/1.") and "Content-Security-Policy: default-src 'none'" in head, raw[:20]
        assert "X-Content-Type-Options: nosniff" in head


def test_facets_cached_until_the_store_changes(site):
    _, _, first = request(site, "/api/facets")
    _, _, second = request(site, "/api/facets")
    assert first == second and len(site.server._facets) >= 1


def test_idle_connections_are_closed(site, monkeypatch):
    host, port = site.server.server_address[:2]
    monkeypatch.setattr(site.server.RequestHandlerClass, "timeout", 0.5)
    # An open connection would leave recv waiting until the client's own 30 s timeout (an error).
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(b"GET /api/facets HTTP/1.1\r\n")   # and never finishes the request
        assert sock.recv(1024) == b""                   # closed by the server


def test_server_is_bounded():
    from eventdesk.web import server

    assert server.DashboardServer.request_queue_size >= 128
    assert server.DashboardHandler.timeout and server.WORKER_THREADS <= 64


# A request stalled behind idle connections would wait for the idle timeout to free a thread;
# half of it is slack enough for a loaded machine and still tells the two apart.
STALLED = IDLE_TIMEOUT / 2


def test_half_open_connections_do_not_stall_others(site):
    host, port = site.server.server_address[:2]
    idle = [socket.create_connection((host, port), timeout=10) for _ in range(300)]
    try:
        time.sleep(0.2)
        start = time.monotonic()
        status, _, _ = request(site, "/api/facets")
        assert status == 200 and time.monotonic() - start < STALLED
        partial = idle[:20]
        for sock in partial:                      # a request begun and never finished
            sock.sendall(b"GET /api/facets HTTP/1.1\r\n")
        start = time.monotonic()
        status, _, _ = request(site, "/api/events?limit=1")
        assert status == 200 and time.monotonic() - start < STALLED
    finally:
        for sock in idle:
            sock.close()


def test_past_the_pending_limit_a_connection_gets_503(site):
    taken = 0
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:   # every connection slot in use (as earlier connections close)
        if site.server._slots.acquire(timeout=0.05):
            taken += 1
    try:
        status, headers, body = request(site, "/api/facets")
        assert status == 503 and headers["Content-Security-Policy"].startswith("default-src 'none'")
    finally:
        for _ in range(taken):
            site.server._slots.release()
    assert request(site, "/api/facets")[0] == 200
