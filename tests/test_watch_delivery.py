"""Alert delivery to real receivers on loopback: a webhook (signed JSON POST, retried with
backoff) and an SMTP server (aiosmtpd) taking a digest; both within the poll that stored the
article; the alerts' Atom feed."""
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.etree import ElementTree as ET

import pytest
from aiosmtpd.controller import Controller

from eventdesk import Pipeline
from eventdesk.store import Store
from eventdesk.watch import Watcher, alerts, alerts_atom, deliver, load_feeds, make_watchlist, save_watchlist
from eventdesk.watch.settings import WatchSettings
from eventdesk.watch.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, verify

from watch_fixtures import FeedServer

SECRET = "s3cret-shared-with-the-receiver"


class WebhookReceiver:
    """Answers ``fail_first`` POSTs with 503, then 204; keeps what it was sent."""

    def __init__(self, fail_first: int = 0) -> None:
        self.received, self.fail_first, self.attempts = [], fail_first, 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                owner.attempts += 1
                if owner.attempts <= owner.fail_first:
                    self.send_response(503)
                else:
                    owner.received.append((dict(self.headers), body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 OK"


@pytest.fixture
def smtp():
    box = Mailbox()
    with socket.socket() as probe:   # aiosmtpd's controller needs a real port to check it started
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def feeds():
    srv = FeedServer()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def test_an_alert_reaches_the_webhook_and_the_mailbox_in_the_poll_that_stored_it(tmp_path, feeds, smtp, pipeline):
    hook = WebhookReceiver(fail_first=1)
    feed = feeds.publish("/world.rss", ["kandahar-mosque"])
    settings = WatchSettings(per_host_delay=0, smtp_host="127.0.0.1", smtp_port=smtp.port, webhook_backoff=0,
                             dashboard_url="http://desk.example:8000/")
    with Store(str(tmp_path / "w.db")) as store:
        save_watchlist(store, make_watchlist("south", country="Afghanistan", webhook_url=hook.url,
                                             webhook_secret=SECRET, email="desk@ngo.example"))
        with Watcher(store, load_feeds([feed]), settings, pipeline.process) as w:
            first = w.poll()
            assert first.alerts == 1
            # The receiver refused the first attempt; it is retried (backoff 0 s here) at once.
            assert first.delivery.retrying == 1 and hook.received == []
            assert deliver(store, settings).sent == 1
            assert len(smtp.messages) == 1
            feeds.publish("/world.rss", ["kandahar-mosque", "kabul-hotel"])
            second = w.poll()
            assert second.alerts == 1 and second.delivery.sent == 2 and len(hook.received) == 2
            assert w.poll().alerts == 0 and len(hook.received) == 2 and len(smtp.messages) == 2
        (a2, a1) = alerts(store)
    hook.stop()
    headers, body = hook.received[0]
    assert verify(body, SECRET, headers[SIGNATURE_HEADER]) and not verify(body, "wrong", headers[SIGNATURE_HEADER])
    data = json.loads(body)
    assert data["alert"]["seq"] == a1.seq and data["event"]["location"] == "Kandahar"
    assert data["link"] == f"http://desk.example:8000/#/event/{a1.event_id}"
    assert headers[DELIVERY_HEADER] == a1.key
    rcpt, message = smtp.messages[0]
    assert rcpt == ["desk@ngo.example"] and "Subject: eventdesk: 1 new alert (south)" in message
    assert f"/#/event/{a1.event_id}" in message and "Kandahar" in message


def test_a_webhook_that_keeps_failing_is_given_up_after_its_attempts(tmp_path, feeds, pipeline):
    hook = WebhookReceiver(fail_first=99)
    feed = feeds.publish("/world.rss", ["lagos-market"])
    settings = WatchSettings(per_host_delay=0, webhook_backoff=0, webhook_attempts=3)
    slept = []
    with Store(str(tmp_path / "w.db")) as store:
        save_watchlist(store, make_watchlist("nigeria", country="Nigeria", webhook_url=hook.url))
        with Watcher(store, load_feeds([feed]), settings, pipeline.process) as w:
            w.poll()
        report = deliver(store, settings, wait=True, sleep=slept.append)
    hook.stop()
    assert report.failed == 1 and "gave up after 3 attempts" in report.errors[0] and hook.attempts == 3
    assert slept == [0]   # the poll made the first attempt; one backoff (0 s here) between the other two


def test_the_alerts_atom_feed_links_each_alert_to_its_event(tmp_path, feeds, pipeline):
    feed = feeds.publish("/world.rss", ["kabul-hotel", "kabul-hotel-toll"])
    with Store(str(tmp_path / "w.db")) as store:
        save_watchlist(store, make_watchlist("kabul", near="34.53,69.17", radius_km=30, kind="event"))
        with Watcher(store, load_feeds([feed]), WatchSettings(per_host_delay=0), pipeline.process) as w:
            w.poll()
        rows = alerts(store)
    xml = ET.fromstring(alerts_atom(rows, "http://127.0.0.1:8000/"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = xml.findall("a:entry", ns)
    assert [e.find("a:title", ns).text.split(":")[0] for e in entries] == ["Update (fatalities revised 3 to 5; "
                                                                          "claimed by Islamic State Khorasan Province; "
                                                                          "new source", "New event"]
    assert entries[1].find("a:link", ns).get("href") == f"http://127.0.0.1:8000/#/event/{rows[1].event_id}"
