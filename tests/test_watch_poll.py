"""Polling feeds into the store with eventdesk's own pipeline: new articles stored and fused,
a second poll fetches nothing new, identical texts skipped, bad feeds reported per feed while
the others go on, a folder feed read as files arrive."""
import json

import pytest
from click.testing import CliRunner

from eventdesk import Pipeline
from eventdesk.cli import main
from eventdesk.store import Store
from eventdesk.watch import FeedSpec, Watcher, feed_states, load_feeds
from eventdesk.watch.settings import WatchSettings

from watch_fixtures import ARTICLES, FeedServer, Route, article_page

SETTINGS = WatchSettings(per_host_delay=0, timeout=1.0, max_body_bytes=2_000_000)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture
def server():
    srv = FeedServer()
    yield srv
    srv.stop()


def test_new_articles_are_stored_and_fused_and_a_second_poll_adds_nothing(tmp_path, server, pipeline):
    feed = server.publish("/world.rss", list(ARTICLES))
    with Store(str(tmp_path / "w.db")) as store, Watcher(store, load_feeds([feed]), SETTINGS, pipeline.process) as w:
        first = w.poll()
        assert first.feeds[0].status == "ok" and first.feeds[0].error is None
        assert first.feeds[0].new_items == first.stored == 5
        counts = store.counts()
        # The two reports of the Kabul hotel attack are one event with both sources.
        (hotel,) = [e for e in store.events() if e.get("location") == "Kabul" and e["kind"] == "event"
                    and e.get("fatalities")]
        assert hotel["sources"] == 2 and hotel["fatalities"] == 5
        docs = {d["url"]: d for d in store.documents()}
        assert docs[server.url("/news/kabul-hotel.html")]["title"] == ARTICLES["kabul-hotel"][1]
        assert docs[server.url("/news/kabul-hotel.html")]["published"] == "2022-12-12"
        second = w.poll()
        assert second.feeds[0].status == "not modified" and second.stored == 0
        assert store.counts() == counts
    assert [s for _, s, _ in server.requests_to("/world.rss")] == [200, 304]
    assert all(len(server.requests_to(f"/news/{slug}.html")) == 1 for slug in ARTICLES)


def test_an_article_already_stored_under_another_url_is_skipped(tmp_path, server, pipeline):
    feed = server.publish("/a.rss", ["kandahar-mosque"])
    server.routes["/syndicated/mosque.html"] = Route(article_page("kandahar-mosque"))
    server.routes["/b.rss"] = Route(f"<rss version='2.0'><channel><title>b</title><item><title>Mosque</title>"
                                    f"<link>{server.base}/syndicated/mosque.html</link></item></channel></rss>".encode())
    with Store(str(tmp_path / "w.db")) as store:
        with Watcher(store, load_feeds([feed, server.url("/b.rss")]), SETTINGS, pipeline.process) as w:
            report = w.poll()
        assert [(f.stored, f.duplicates) for f in report.feeds] == [(1, 0), (0, 1)]
        assert store.counts()["documents"] == 1


def test_bad_feeds_get_a_clear_error_each_and_never_stop_the_others(tmp_path, server, pipeline):
    good = server.publish("/good.rss", ["lagos-market"])
    server.routes["/slow.rss"] = Route(b"<rss/>", delay=3)
    server.routes["/broken.rss"] = Route(b"Internal Server Error", status=500)
    server.routes["/garbage.rss"] = Route(b"<rss><channel><item><title>unclosed & broken", content_type="text/xml")
    server.routes["/huge.rss"] = Route(b"<rss>" + b" " * (10 * 1024 * 1024))
    server.routes["/loop.rss"] = Route(status=302, location="/loop2.rss")
    server.routes["/loop2.rss"] = Route(status=302, location="/loop.rss")
    bad = {"/slow.rss": "timed out after 1 s", "/broken.rss": "HTTP 500", "/garbage.rss": "not a readable RSS or Atom feed",
           "/huge.rss": "over the limit", "/loop.rss": "redirect loop"}
    feeds = [server.url(p) for p in ("/slow.rss", "/broken.rss", "/garbage.rss")] + [good] + \
            [server.url(p) for p in ("/huge.rss", "/loop.rss")]
    db = str(tmp_path / "w.db")
    with Store(db) as store, Watcher(store, load_feeds(feeds), SETTINGS, pipeline.process) as w:
        report = w.poll()
        assert store.counts()["documents"] == 1
        states = {s.url: s for s in feed_states(store)}
    assert report.feeds[3].stored == 1 and report.feeds[3].error is None
    for path, message in bad.items():
        state = states[server.url(path)]
        assert state.status == "error" and message in state.last_error and state.errors == 1, (path, state)
    assert states[good].status == "ok" and states[good].stored == 1
    out = CliRunner().invoke(main, ["feeds", "--db", db], catch_exceptions=False).output
    assert "6 feed(s)" in out and "redirect loop" in out and "HTTP 500" in out
    lines = CliRunner().invoke(main, ["feeds", "--db", db, "--json"]).output.splitlines()
    assert {json.loads(line)["url"]: json.loads(line)["errors"] for line in lines}[good] == 0


def test_an_article_page_that_fails_is_retried_then_its_summary_stored(tmp_path, server, pipeline):
    feed = server.publish("/world.rss", ["kabul-embassy-threat"], summaries=True)
    server.routes["/news/kabul-embassy-threat.html"] = Route(b"down", status=503)
    with Store(str(tmp_path / "w.db")) as store, Watcher(store, load_feeds([feed]), SETTINGS.with_(max_attempts=2),
                                                        pipeline.process) as w:
        first = w.poll()
        assert first.stored == 0 and "HTTP 503 (will retry)" in first.feeds[0].item_errors[0]
        second = w.poll()
        assert second.stored == 1 and "stored the feed's summary instead" in second.feeds[0].item_errors[0]
        assert [e["kind"] for e in store.events(kind="threat")] == ["threat"]


def test_a_folder_feed_reads_files_as_they_arrive(tmp_path, pipeline):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "lagos.html").write_bytes(article_page("lagos-market"))
    with Store(str(tmp_path / "w.db")) as store, Watcher(store, [FeedSpec(str(inbox), kind="folder")], SETTINGS,
                                                        pipeline.process) as w:
        assert w.poll().stored == 1
        (inbox / "wire.jsonl").write_text(json.dumps({"id": "wire-1", "text": ARTICLES["kandahar-mosque"][2],
                                                      "published": "2022-12-16"}) + "\n{broken\n", encoding="utf-8")
        report = w.poll()
        assert report.stored == 1 and report.feeds[0].failed == 1
        assert "wire.jsonl:2" in report.feeds[0].item_errors[0]
        assert w.poll().stored == 0
        assert store.counts()["documents"] == 2
