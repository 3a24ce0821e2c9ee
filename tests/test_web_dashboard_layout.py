"""The overview of a store of a few hundred events, checked by element geometry in a real
headless Chromium: the timeline centres on the month the events are in (a stray 1998 date is
counted at the edge, not stretching the axis), the table pages instead of cutting rows off, map
labels never sit under circles, and counts read "1 threat", not "1 threats".

A screenshot of the overview is saved in the test's temporary folder. The readability checks
(dashboard_geometry.py) are the ones scripts/dashboard_check.py runs on the dev GTD set."""
import base64
import json
import urllib.request
from datetime import date, timedelta

import pytest

from eventdesk.model import Document, Event, Evidence
from eventdesk.store import Store
from dashboard_geometry import measure, problems
from test_web_api import Running
from test_web_browser import BINARY, Browser, Page

pytestmark = pytest.mark.skipif(BINARY is None, reason="no Chromium found (apt-get install chromium; or set "
                                                       "EVENTDESK_CHROMIUM): browser tests skipped")

# Twenty towns, each in a first-level region of its own, across the Horn of Africa and Sudan.
TOWNS = [
    ("Khartoum", "Khartoum", "Sudan", 15.55, 32.53), ("El Fasher", "North Darfur", "Sudan", 13.63, 25.35),
    ("Nyala", "South Darfur", "Sudan", 12.05, 24.88), ("El Obeid", "North Kordofan", "Sudan", 13.18, 30.22),
    ("Kassala", "Kassala", "Sudan", 15.45, 36.40), ("Wad Madani", "Al Jazirah", "Sudan", 14.40, 33.52),
    ("El Geneina", "West Darfur", "Sudan", 13.45, 22.45), ("Kadugli", "South Kordofan", "Sudan", 11.01, 29.72),
    ("Mogadishu", "Banaadir", "Somalia", 2.04, 45.34), ("Baidoa", "Bay", "Somalia", 3.11, 43.65),
    ("Kismayo", "Lower Juba", "Somalia", -0.36, 42.55), ("Beledweyne", "Hiran", "Somalia", 4.74, 45.20),
    ("Bosaso", "Bari", "Somalia", 11.28, 49.18), ("Gondar", "Amhara", "Ethiopia", 12.60, 37.47),
    ("Mekele", "Tigray", "Ethiopia", 13.50, 39.47), ("Nekemte", "Oromia", "Ethiopia", 9.09, 36.55),
    ("Juba", "Central Equatoria", "South Sudan", 4.85, 31.58), ("Malakal", "Upper Nile", "South Sudan", 9.53, 31.66),
    ("Garissa", "Garissa", "Kenya", -0.45, 39.65), ("Mandera", "Mandera", "Kenya", 3.94, 41.86),
]
KINDS = [("Battles", "Armed clash", "Rapid Support Forces", "Military Forces of Sudan (2019-)"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Rapid Support Forces", None),
         ("Violence against civilians", "Attack", "Unidentified Armed Group", None),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Al Shabaab", None),
         ("Protests", "Peaceful protest", "Protesters", None)]
MONTH = date(2024, 3, 1)


def reports():
    """About 260 distinct incidents in March 2024 (most towns every other day), one reported threat, and
    one background incident from 1998 that an article recalls."""
    out = []
    for t, (town, admin1, country, lat, lon) in enumerate(TOWNS):
        for d in range(15):
            if (t * d) % 7 == 3:      # not every town reports every other day
                continue
            day = MONTH + timedelta(days=2 * d + t % 2)
            etype, sub, actor1, actor2 = KINDS[(t + d) % len(KINDS)]
            killed = None if etype == "Protests" else (t * 7 + d * 3) % 23
            text = (f"{actor1} forces were blamed for an attack in {town}, {admin1}, on {day.isoformat()}"
                    + (f" that killed {killed} people, local officials said." if killed is not None else
                       ", where crowds gathered peacefully, witnesses said."))
            out.append((f"{country[:3].lower()}-{town.lower().replace(' ', '-')}-{day.isoformat()}", text, Event(
                doc_id="", kind="event", event_date=day.isoformat(), date_precision="day", event_type=etype,
                sub_event_type=sub, actor1=f"{actor1} ({country})" if etype == "Protests" else actor1, actor2=actor2,
                country=country, admin1=admin1, location=town, latitude=lat, longitude=lon, geo_precision=1,
                fatalities=killed, confidence=0.8)))
    out.append(("ken-garissa-threat", "Police in Garissa warned on 2024-03-20 that militants planned to attack "
                                      "bus stations over the holiday.", Event(
        doc_id="", kind="threat", event_date="2024-03-20", date_precision="day", country="Kenya", admin1="Garissa",
        location="Garissa", latitude=-0.45, longitude=39.65, geo_precision=1, confidence=0.7)))
    out.append(("ken-nairobi-1998", "The embassy bombing in Nairobi on 1998-08-07 killed 213 people.", Event(
        doc_id="", kind="event", event_date="1998-08-07", date_precision="day", event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb", actor1="Al Qaeda", country="Kenya", admin1="Nairobi Area", location="Nairobi",
        latitude=-1.28, longitude=36.82, geo_precision=1, fatalities=213, confidence=0.8)))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("layout") / "layout.db")
    with Store(path) as store:
        for doc_id, text, event in reports():
            event.evidence = [Evidence(0, len(text), text, ["event"])]
            store.add(Document(doc_id, text, title=text.split(",")[0], published="2024-04-01", source="Wire"), [event])
        assert store.counts()["events"] == len(reports())
    running = Running(path)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    browser = Browser(BINARY, str(tmp_path_factory.mktemp("chromium-layout")))
    p = Page(browser)
    yield p
    p.close()
    browser.close()


RECT = "(e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; })"


def test_timeline_centres_on_the_month_and_counts_the_1998_event_at_the_edge(site, page, tmp_path):
    page.goto(site.url + "/")
    axis = page.eval(f"{RECT}(document.getElementById('timeline'))")
    bars = page.eval(f"[...document.querySelectorAll('#timeline .bar')].filter(b => +b.dataset.count > 0)"
                     f".map(b => ({{...{RECT}(b.querySelector('rect.val')), start: b.dataset.start, n: +b.dataset.count}}))")
    assert all(b["start"].startswith("2024-03") for b in bars)
    assert sum(b["n"] for b in bars) == len(reports()) - 1
    covered = max(b["r"] for b in bars) - min(b["l"] for b in bars)
    assert covered > 0.9 * (axis["r"] - axis["l"])
    edge = page.eval("(() => { const b = document.getElementById('tl-before');"
                     "return {hidden: b.hidden, count: +b.dataset.count, text: b.textContent}; })()")
    assert edge == {"hidden": False, "count": 1, "text": "◀ 1 earlier1998-08-07"}
    assert page.eval("document.getElementById('tl-after').hidden")
    assert "1 event outside these dates is counted at the edges" in page.eval("document.getElementById('tl-note').textContent")
    shot = page.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    (tmp_path / "overview.png").write_bytes(base64.b64decode(shot["data"]))
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    # The marker shows the outlier on its own.
    before = page.loads()
    page.click("#tl-before")
    page.wait_for(f"Number(document.body.dataset.loads) > {before}")
    assert page.eval("[...document.querySelectorAll('#event-table tbody tr td:first-child')].map(td => td.textContent)") \
        == ["1998-08-07"]


def test_counts_say_one_threat_not_one_threats(site, page):
    page.goto(site.url + "/")
    text = page.eval("document.getElementById('status').textContent")
    assert text == "268 records: 267 events, 1 threat"


def test_table_pages_through_every_event_with_no_row_cut_off(site, page):
    page.goto(site.url + "/")
    seen = []
    while True:
        rows = page.eval(f"[...document.querySelectorAll('#event-table tbody tr')].map(r => ({{...{RECT}(r), id: r.dataset.id}}))")
        wrap = page.eval("(() => { const w = document.querySelector('.table-wrap');"
                         "return {scroll: w.scrollHeight, client: w.clientHeight, doc: document.documentElement.scrollHeight,"
                         f"box: {RECT}(w)}}; }})()")
        assert 0 < len(rows) <= 50
        assert wrap["scroll"] <= wrap["client"] + 1                     # nothing hidden inside the box
        assert all(wrap["box"]["t"] <= r["t"] and r["b"] <= wrap["box"]["b"] + 1 for r in rows)
        assert rows[-1]["b"] + page.eval("window.scrollY") <= wrap["doc"]
        seen += [r["id"] for r in rows]
        if page.eval("document.getElementById('page-next').disabled"):
            break
        before = int(page.eval("Number(document.body.dataset.pages || 0)"))
        page.click("#page-next")
        page.wait_for(f"Number(document.body.dataset.pages || 0) > {before}")
    everything = []
    offset = 0
    while offset is not None:
        with urllib.request.urlopen(f"{site.url}/api/events?offset={offset}", timeout=10) as res:
            body = json.loads(res.read())
        everything += [e["id"] for e in body["events"]]
        offset = body["next_offset"]
    assert seen == everything and len(seen) == len(reports())
    assert page.eval("document.getElementById('page-info').textContent") == "268 records: 251–268 shown"
    before = int(page.eval("Number(document.body.dataset.pages || 0)"))
    page.click("#page-prev")
    page.wait_for(f"Number(document.body.dataset.pages || 0) > {before}")
    assert page.eval("document.getElementById('page-info').textContent") == "268 records: 201–250 shown"


def test_map_labels_sit_clear_of_every_circle_and_of_each_other(site, page):
    page.goto(site.url + "/")
    assert page.eval("document.querySelectorAll('#map-points a.pt').length") == len(reports())
    for zoom in (None, "#zoom-in", "#zoom-in"):
        if zoom:
            page.click(zoom)
        labels = page.eval(f"[...document.querySelectorAll('#map-labels text')].map(t => ({{...{RECT}(t), text: t.textContent}}))")
        circles = page.eval(f"[...document.querySelectorAll('#map-points circle')].map(c => {RECT}(c))")
        assert labels, zoom
        overlap = lambda a, b: a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]
        assert [lb["text"] for lb in labels for c in circles if overlap(lb, c)] == []
        assert not any(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])
        # Labels are drawn above the points, so nothing could cover them anyway.
        assert page.eval("document.getElementById('map-labels').previousElementSibling.id") == "map-points"
    assert {"Sudan", "Somalia"} & {lb["text"] for lb in labels} or len(labels) >= 2
    assert page.errors() == []


def dated_events(site) -> int:
    with urllib.request.urlopen(f"{site.url}/api/timeline", timeout=10) as res:
        timeline = json.loads(res.read())
    return timeline["total"] - timeline["undated"]


def test_the_overview_passes_the_readability_checks(site, page):
    page.goto(site.url + "/")
    assert problems(measure(page), dated_events(site)) == []


def test_the_checks_see_a_cut_table_a_covered_circle_and_a_squeezed_timeline(site, page):
    page.goto(site.url + "/")
    page.eval("(() => { const w = document.querySelector('.table-wrap'); w.style.maxHeight = '200px';"
              "w.style.overflow = 'hidden';"
              "const c = document.querySelector('#map-points circle').getBoundingClientRect();"
              "const t = document.querySelector('#map-labels text');"
              "const r = t.getBoundingClientRect(), m = t.getCTM();"
              "t.setAttribute('x', +t.getAttribute('x') + (c.left - r.left) / m.a);"
              "t.setAttribute('y', +t.getAttribute('y') + (c.top - r.top) / m.d);"
              "for (const v of document.querySelectorAll('#timeline rect.val'))"   # the bars in a tenth of the axis
              "  v.setAttribute('x', 0.1 * v.getAttribute('x')); })()")
    found = problems(measure(page), dated_events(site))
    assert any("hides" in p for p in found), found
    assert any("covers a circle" in p for p in found), found
    assert any("the axis is stretched beyond them" in p for p in found), found
    page.send("Page.reload")
