"""The site page in a real headless Chromium (the DevTools pipe of tests/test_web_browser.py):
the threat-to-site summary with its map and timeline, watchlists created and deleted from the
page, alerts linking to their events, the Atom feed; nothing loaded from outside the server."""
import json
import urllib.request
from xml.etree import ElementTree as ET

import pytest

from eventdesk.store import Store
from eventdesk.watch import raise_alerts

from test_web_api import Running
from test_web_browser import BINARY, browser, page  # noqa: F401 (the browser fixtures, shared)
from test_watch_site import build

pytestmark = pytest.mark.skipif(BINARY is None, reason="no Chromium found: browser tests skipped")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = build(str(tmp_path_factory.mktemp("watchui") / "w.db"))
    with Store(db) as store:
        store._begin()
        raise_alerts(store, [e["id"] for e in store.events(kind=None)])
        store._commit()
    running = Running(db)
    yield running
    running.stop()


def test_the_site_page_shows_periods_map_timeline_and_alerts(site, page):
    page.goto(site.url + "/site#/?watchlist=kabul-office&as_of=2023-03-31")
    page.wait_for("document.querySelectorAll('#periods tbody tr').length === 3")
    week = page.eval("[...document.querySelectorAll('#periods tbody tr')[0].cells].map(c => c.textContent)")
    assert week[:4] == ["Last 7 days", "1 (-1)", "1 (+1)", "4 (-4)"]
    assert page.eval("document.querySelectorAll('#s-points a.pt').length") == 5
    assert page.eval("document.querySelectorAll('#s-land path').length") > 150
    assert page.eval("[...document.querySelectorAll('#site-timeline .day')].reduce((n, d) => n + +d.dataset.count, 0)") == 5
    assert page.eval("document.querySelectorAll('#site-events tbody tr').length") == 5
    links = page.eval("[...document.querySelectorAll('#alerts a')].map(a => a.getAttribute('href'))")
    assert links and all(h.startswith("/#/event/EVD") for h in links)
    outside = [u for u in page.requested() if not u.startswith(site.url + "/") and not u.startswith("data:")]
    assert outside == [] and page.errors() == []


def test_a_watchlist_is_created_and_deleted_from_the_page(site, page):
    page.goto(site.url + "/site")
    page.wait_for("document.querySelectorAll('#watchlists li[data-name]').length === 1")
    before = page.loads()
    page.eval("""(() => { const f = document.getElementById('wl-form');
        f.elements.name.value = 'embassies'; f.elements.near.value = '34.53,69.17';
        f.elements.radius_km.value = '10'; f.elements.kind.value = 'threat'; })()""")
    page.click("#w-add")
    page.wait_for(f"Number(document.body.dataset.loads) > {before}")
    page.wait_for("document.querySelectorAll('#watchlists li[data-name]').length === 2")
    text = page.eval("document.querySelector('#watchlists li[data-name=\"embassies\"]').textContent")
    assert "kind=threat" in text and "within 10 km" in text
    with urllib.request.urlopen(site.url + "/api/watchlists") as res:
        assert [w["name"] for w in json.loads(res.read())["watchlists"]] == ["kabul-office", "embassies"]
    # A bad watchlist is refused with the reason shown.
    page.eval("(() => { const f = document.getElementById('wl-form'); f.elements.name.value = 'x';"
              "f.elements.near.value = '200,0'; })()")
    page.click("#w-add")
    page.wait_for("document.getElementById('wl-error').textContent.includes('within -90..90')")
    page.click("#watchlists li[data-name='embassies'] button.delete")
    page.wait_for("document.querySelectorAll('#watchlists li[data-name]').length === 1")
    assert page.errors() == [] or all("400" in json.dumps(e) for e in page.errors())


def test_writes_from_another_site_are_refused_and_the_atom_feed_is_served(site):
    req = urllib.request.Request(site.url + "/api/watchlists", data=b'{"name": "x"}', method="POST",
                                 headers={"Content-Type": "application/json", "Origin": "http://attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 403
    with urllib.request.urlopen(site.url + "/alerts.atom?watchlist=kabul-office", timeout=10) as res:
        assert res.headers["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(res.read())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 5
