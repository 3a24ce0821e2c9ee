"""Polite, bounded HTTP against a loopback server: conditional GET, User-Agent, robots.txt,
redirects, size cap, timeouts, errors."""
import pytest

from eventdesk.watch.fetch import Fetcher, FetchError
from eventdesk.watch.settings import WatchSettings

from watch_fixtures import FeedServer, Route

SETTINGS = WatchSettings(per_host_delay=0, timeout=1.0, connect_timeout=1.0, max_body_bytes=1_000_000)


@pytest.fixture
def server():
    srv = FeedServer()
    srv.routes["/robots.txt"] = Route(b"User-agent: eventdesk\nDisallow: /private/\n", content_type="text/plain")
    yield srv
    srv.stop()


@pytest.fixture
def fetcher():
    with Fetcher(SETTINGS) as f:
        yield f


def test_conditional_get_gives_304_with_the_stored_etag_and_says_who_asks(server, fetcher):
    server.routes["/feed.xml"] = Route(b"<rss version='2.0'><channel><title>x</title></channel></rss>")
    first = fetcher.get(server.url("/feed.xml"))
    assert first.status == 200 and first.etag and first.body.startswith(b"<rss")
    again = fetcher.get(server.url("/feed.xml"), etag=first.etag)
    assert again.not_modified and again.body == b""
    _, _, headers = server.requests_to("/feed.xml")[-1]
    assert headers["If-None-Match"] == first.etag
    assert headers["User-Agent"].startswith("eventdesk/")


def test_robots_txt_is_read_once_and_obeyed(server, fetcher):
    server.routes["/private/memo.html"] = Route(b"<html>secret</html>")
    server.routes["/news/a.html"] = Route(b"<html>news</html>")
    with pytest.raises(FetchError, match="disallowed by robots.txt") as err:
        fetcher.get(server.url("/private/memo.html"))
    assert err.value.permanent
    assert fetcher.get(server.url("/news/a.html")).status == 200
    assert server.requests_to("/private/memo.html") == []
    assert len(server.requests_to("/robots.txt")) == 1


def test_redirects_are_followed_a_bounded_number_of_times_and_loops_named(server, fetcher):
    server.routes["/old"] = Route(status=301, location="/new")
    server.routes["/new"] = Route(b"moved here")
    res = fetcher.get(server.url("/old"))
    assert res.body == b"moved here" and res.url == server.url("/new")
    server.routes["/loop-a"] = Route(status=302, location="/loop-b")
    server.routes["/loop-b"] = Route(status=302, location="/loop-a")
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.get(server.url("/loop-a"))
    for i in range(8):
        server.routes[f"/hop{i}"] = Route(status=302, location=f"/hop{i + 1}")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(server.url("/hop0"))


def test_an_oversized_body_is_refused_a_slow_server_cut_off_errors_named(server, fetcher):
    server.routes["/huge.html"] = Route(b"<p>" + b"x" * (10 * 1024 * 1024))
    with pytest.raises(FetchError, match="over the limit of 1,000,000"):
        fetcher.get(server.url("/huge.html"))
    server.routes["/slow.xml"] = Route(b"<rss/>", delay=3)
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetcher.get(server.url("/slow.xml"))
    server.routes["/broken.xml"] = Route(b"oops", status=500)
    with pytest.raises(FetchError, match=r"/broken.xml: HTTP 500") as err:
        fetcher.get(server.url("/broken.xml"))
    assert not err.value.permanent
    with pytest.raises(FetchError, match="HTTP 404") as err:
        fetcher.get(server.url("/gone.html"))
    assert err.value.permanent
    with pytest.raises(FetchError, match="ConnectError"):
        fetcher.get("http://127.0.0.1:9/feed.xml")


def test_requests_to_one_host_wait_their_turn(server, monkeypatch):
    waits = []
    monkeypatch.setattr("eventdesk.watch.fetch.time.sleep", waits.append)
    server.routes["/a"] = Route(b"a")
    with Fetcher(WatchSettings(per_host_delay=30)) as slow:
        slow.get(server.url("/a"), check_robots=False)
        slow.get(server.url("/a"), check_robots=False)
    assert len(waits) == 1 and 29 < waits[0] <= 30
