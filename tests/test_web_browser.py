"""The dashboard in a real headless Chromium, driven over the DevTools protocol.

No browser-automation package: Chromium's ``--remote-debugging-pipe`` speaks the DevTools
protocol as NUL-separated JSON on file descriptors 3 (commands in) and 4 (replies out).
Skipped, with the reason, only when no Chromium is installed (``make test`` installs it).
"""
import fcntl
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request

import pytest

from test_web_api import Running, build_store

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BINARY = os.environ.get("EVENTDESK_CHROMIUM") or next(filter(None, map(shutil.which, CANDIDATES)), None)
pytestmark = pytest.mark.skipif(BINARY is None, reason="no Chromium found (apt-get install chromium; or set "
                                                       "EVENTDESK_CHROMIUM): browser tests skipped")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-dev-shm-usage", "--no-default-browser-check", "--mute-audio",
         "--hide-scrollbars", "--window-size=1280,900", "--remote-debugging-pipe"]


class Browser:
    """Chromium over its DevTools pipe: ``send`` waits for the reply; events are recorded."""

    def __init__(self, binary: str, profile: str) -> None:
        # Pipe ends moved above fd 9 so that placing them on fds 3 and 4 cannot clobber each other.
        cmd_r, cmd_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in os.pipe())
        out_r, out_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in os.pipe())

        def on_fds_3_and_4():
            os.dup2(cmd_r, 3)
            os.dup2(out_w, 4)

        self.proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=on_fds_3_and_4)
        os.close(cmd_r)
        os.close(out_w)
        self.write_fd, self.read_fd = cmd_w, out_r
        self.next_id = 0
        self.replies: dict[int, dict] = {}
        self.events: list[dict] = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        buf = b""
        while True:
            chunk = os.read(self.read_fd, 1 << 16)
            if not chunk:
                break
            buf += chunk
            *messages, buf = buf.split(b"\0")
            with self.cond:
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg:
                        self.replies[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                self.cond.notify_all()

    def send(self, method: str, params: dict = None, session: str = None, timeout: float = 10) -> dict:
        with self.cond:
            self.next_id += 1
            ident = self.next_id
        msg = {"id": ident, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.write_fd, json.dumps(msg).encode() + b"\0")
        with self.cond:
            if not self.cond.wait_for(lambda: ident in self.replies, timeout):
                raise TimeoutError(f"no reply to {method}")
            reply = self.replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self.write_fd)
        os.close(self.read_fd)


class Page:
    """One tab, with what it requested and any script error it raised."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                                                         "mobile": False})

    def send(self, method, params=None):
        return self.browser.send(method, params, session=self.session)

    def my_events(self, method):
        with self.browser.cond:
            return [e["params"] for e in self.browser.events
                    if e.get("sessionId") == self.session and e["method"] == method]

    def requested(self) -> list[str]:
        return [p["request"]["url"] for p in self.my_events("Network.requestWillBeSent")]

    def errors(self) -> list:
        return (self.my_events("Runtime.exceptionThrown")
                + [p for p in self.my_events("Log.entryAdded") if p["entry"]["level"] == "error"])

    def eval(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.05)
        raise AssertionError(f"still false after {timeout}s: {expression}")

    def loads(self) -> int:
        return int(self.eval("Number(document.body.dataset.loads || 0)"))

    def goto(self, url):
        before = self.loads() if self.eval("!!document.body") else 0
        self.send("Page.navigate", {"url": url})
        self.wait_for(f"document.body && Number(document.body.dataset.loads || 0) > 0 && location.href === {json.dumps(url)}")
        return before

    def click(self, selector):
        """A real mouse click at the centre of the first element matching ``selector``."""
        box = self.eval(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                        "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                        "return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def press_enter(self):
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                 "windowsVirtualKeyCode": 13, "text": "\r" if kind == "keyDown" else ""})

    def close(self):
        self.browser.send("Target.closeTarget", {"targetId": self.target})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = Running(build_store(tmp_path_factory.mktemp("webui")))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(BINARY, str(tmp_path_factory.mktemp("chromium-profile")))
    yield b
    b.close()


@pytest.fixture
def page(browser):
    p = Page(browser)
    yield p
    p.close()


def api(site, path):
    with urllib.request.urlopen(site.url + path, timeout=10) as res:
        return json.loads(res.read())


def wait_reload(page, before):
    page.wait_for(f"Number(document.body.dataset.loads || 0) > {before}")


def test_dashboard_shows_events_on_map_and_timeline_without_leaving_localhost(site, page):
    page.goto(site.url + "/")
    events = api(site, "/api/events")["events"]
    located = [e for e in events if isinstance(e.get("latitude"), float)]
    dated = [e for e in events if e.get("event_date")]
    assert page.eval("document.querySelectorAll('#map-points a.pt').length") == len(located) >= 4
    ids = page.eval("[...document.querySelectorAll('#map-points a.pt')].map(a => a.dataset.id).sort()")
    assert ids == sorted(e["id"] for e in located)
    assert page.eval("document.querySelectorAll('#map-land path').length") > 150
    assert page.eval("document.querySelectorAll('#map-land path.has-events').length") >= 4
    charted = page.eval("[...document.querySelectorAll('#timeline .bar')].reduce((n, b) => n + Number(b.dataset.count), 0)")
    assert charted == len(dated)
    assert page.eval("document.querySelectorAll('#event-table tbody tr').length") == len(events)
    # Bigger tolls draw bigger circles.
    radius = page.eval("Object.fromEntries([...document.querySelectorAll('#map-points a.pt')]"
                       ".map(a => [a.dataset.id, a.querySelector('circle').getBoundingClientRect().width]))")
    by_toll = sorted((e.get("fatalities") or 0, radius[e["id"]]) for e in located)
    assert by_toll[-1][1] > by_toll[0][1]
    outside = [u for u in page.requested() if not u.startswith(site.url + "/") and not u.startswith("data:")]
    assert outside == [] and len(page.requested()) >= 4
    assert page.errors() == []


def test_filters_narrow_the_map_the_timeline_and_the_list(site, page):
    page.goto(site.url + "/")
    total = page.eval("document.querySelectorAll('#map-points a.pt').length")
    before = page.loads()
    page.eval("(() => { const s = document.getElementById('f-country'); s.value = 'Afghanistan';"
              "s.dispatchEvent(new Event('change', {bubbles: true})); })()")
    wait_reload(page, before)
    assert "country=Afghanistan" in page.eval("location.hash")
    shown = page.eval("document.querySelectorAll('#map-points a.pt').length")
    assert 0 < shown < total
    places = page.eval("[...document.querySelectorAll('#event-table tbody tr td:nth-child(3)')].map(td => td.textContent)")
    assert places and all(p.endswith("Afghanistan") for p in places)
    # Free text, typed and submitted with Enter, narrows to evidence containing the word.
    before = page.loads()
    page.eval("(() => { const q = document.getElementById('f-q'); q.focus(); })()")
    page.send("Input.insertText", {"text": "hotels"})
    page.press_enter()
    wait_reload(page, before)
    assert page.eval("document.querySelectorAll('#event-table tbody tr').length") == 0
    assert "No event matches" in page.eval("document.getElementById('list-note').textContent")
    assert page.errors() == []


def test_clicking_a_timeline_bar_sets_the_date_range(site, page):
    page.goto(site.url + "/")
    bar = page.eval("(() => { const b = [...document.querySelectorAll('#timeline .bar')].find(b => +b.dataset.count > 0);"
                    "b.id = 'probe'; return {start: b.dataset.start, end: b.dataset.end, n: +b.dataset.count}; })()")
    before = page.loads()
    page.click("#probe rect.hit")
    wait_reload(page, before)
    assert page.eval("document.getElementById('f-since').value") == bar["start"]
    assert page.eval("document.getElementById('f-until').value") == bar["end"]
    dates = page.eval("[...document.querySelectorAll('#event-table tbody tr td:first-child')].map(td => td.textContent)")
    assert len(dates) == bar["n"]
    # The other bars stay drawn (dimmed), so the range can be changed again.
    assert page.eval("document.querySelectorAll('#timeline .bar:not(.in)').length") > 0


def test_clicking_a_map_point_opens_the_event_with_its_evidence_highlighted(site, page):
    page.goto(site.url + "/")
    (event,) = [e for e in api(site, "/api/events?country=Afghanistan")["events"] if e["location"] == "Kandahar"]
    before = page.loads()
    page.click(f"#map-points a.pt[data-id='{event['id']}'] circle")
    wait_reload(page, before)
    assert page.eval("location.hash") == "#/event/" + event["id"]
    assert page.eval("document.body.dataset.view") == "event"
    detail = api(site, "/api/events/" + event["id"])
    marks = page.eval("[...document.querySelectorAll('.article')].map(a => [...a.querySelectorAll('mark')].map(m => m.textContent))")
    assert len(marks) == len(detail["documents"]) == 2
    for doc, shown in zip(detail["documents"], marks):
        expected = "".join(s["text"] for s in doc["segments"] if s["marks"])
        assert "".join(shown) == expected and expected
        assert page.eval(f"[...document.querySelectorAll('.article')][{detail['documents'].index(doc)}].textContent") == doc["text"]
    # Fatalities range and the disagreement are on the page; markup in a title stays text.
    assert page.eval("document.getElementById('fat-low').textContent") == "12"
    assert page.eval("document.getElementById('fat-high').textContent") == "15"
    assert "fatalities" in page.eval("document.querySelector('.disagree').textContent")
    assert page.eval("[...document.querySelectorAll('.doc h3')].some(h => h.textContent.includes('<script>alert(1)</script>'))")
    assert page.eval("document.scripts.length") == 1
    assert page.eval("document.querySelectorAll('.doc a[href^=\"javascript\"]').length") == 0
    # An evidence button brings its highlighted sentence into focus.
    page.click("tr[data-field='fatalities'] button")
    assert page.eval("document.activeElement.tagName") == "MARK"
    assert "fatalities" in page.eval("document.activeElement.dataset.fields")
    assert page.errors() == []


def test_keyboard_opens_an_event_from_the_list_and_back_returns(site, page):
    page.goto(site.url + "/#/?kind=event")
    assert page.eval("document.body.dataset.view") == "dashboard"
    before = page.loads()
    page.eval("document.querySelector('#event-table tbody a').focus()")
    page.press_enter()
    wait_reload(page, before)
    assert page.eval("document.body.dataset.view") == "event"
    before = page.loads()
    page.eval("document.getElementById('back-link').focus()")
    page.press_enter()
    wait_reload(page, before)
    assert page.eval("document.body.dataset.view") == "dashboard"
    assert page.eval("location.hash") == "#/?kind=event"
    assert page.eval("document.getElementById('f-kind').value") == "event"
