"""Threat-to-site summary: incidents and threats within N km over 7/30/90 days, fatalities, by
type and actor, against the period before; from a point or a watchlist; the `site` command."""
import json

from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.model import Document
from eventdesk.store import Store
from eventdesk.watch import Site, make_watchlist, save_watchlist, site_from_watchlist, site_summary

from test_store_toy_extractor import extract as toy_extract
from datetime import date

REPORTS = [  # (id, text): Kabul (the site), Jalalabad (120 km off), Kandahar (far)
    ("k1", "Gunmen killed 4 people in Kabul on 2023-03-28 at a market."),
    ("k2", "Militants bombed a checkpoint in Kabul on 2023-03-20 and killed 2 guards."),
    ("k3", "Gunmen killed 1 people in Kabul on 2023-02-10 near a school."),
    ("k4", "Insurgents threatened embassies in Kabul on 2023-03-29 with truck bombs."),
    ("k5", "Gunmen killed 6 people in Kabul on 2023-03-18 outside a hotel."),
    ("j1", "Gunmen killed 3 people in Jalalabad on 2023-03-27 at a bazaar."),
    ("h1", "Gunmen killed 9 people in Kandahar on 2023-03-28 in a raid."),
]


def build(path):
    with Store(path) as store:
        for doc_id, text in REPORTS:
            doc = Document(doc_id, text, published=date(2023, 3, 30))
            store.add(doc, toy_extract(doc))
        save_watchlist(store, make_watchlist("kabul-office", near="34.53,69.17", radius_km=30))
    return path


def test_periods_count_incidents_threats_and_fatalities_near_the_site(tmp_path):
    with Store(build(str(tmp_path / "s.db"))) as store:
        summary = site_summary(store, Site("Office", 34.53, 69.17, 30), as_of=date(2023, 3, 31))
        wide = site_summary(store, Site("Office", 34.53, 69.17, 150), as_of=date(2023, 3, 31))
        from_list = site_summary(store, site_from_watchlist(store, "kabul-office"), as_of=date(2023, 3, 31))
    week, month, quarter = summary["periods"]
    assert (week["days"], week["start"], week["end"]) == (7, "2023-03-25", "2023-03-31")
    assert (week["incidents"], week["threats"], week["fatalities"]) == (1, 1, 4)
    assert week["previous"] == {"incidents": 2, "threats": 0, "fatalities": 8}
    assert week["change"] == {"incidents": -1, "threats": 1, "fatalities": -4}
    assert (month["incidents"], month["fatalities"]) == (3, 12)
    assert month["by_type"] == {"Violence against civilians": 2, "Explosions/Remote violence": 1}
    assert (quarter["incidents"], quarter["fatalities"]) == (4, 13)
    assert wide["periods"][0]["incidents"] == 2   # Jalalabad is within 150 km
    assert all(e["distance_km"] <= 30 for e in summary["events"]) and len(summary["events"]) == 5
    assert from_list["periods"] == summary["periods"] and from_list["site"]["watchlist"] == "kabul-office"


def test_the_site_command(tmp_path):
    db = build(str(tmp_path / "s.db"))
    out = CliRunner().invoke(main, ["site", "Office", "--at", "34.53,69.17", "--radius-km", "30", "--db", db,
                                    "--as-of", "2023-03-31"], catch_exceptions=False).output
    assert "last  7 days: 1 incident(s) (-1), 1 threat(s) (+1), 4 killed (-4)" in out
    data = json.loads(CliRunner().invoke(main, ["site", "--watchlist", "kabul-office", "--db", db, "--json",
                                                "--as-of", "2023-03-31"]).output)
    assert data["periods"][1]["fatalities"] == 12
    bad = CliRunner().invoke(main, ["site", "--watchlist", "nowhere", "--db", db])
    assert bad.exit_code == 1 and "no watchlist 'nowhere'" in bad.output
