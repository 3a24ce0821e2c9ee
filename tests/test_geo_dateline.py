"""The dateline: the town a report is filed from (texts written for these tests)."""
from eventdesk.geo import GeoContext, find_dateline


def dateline(text):
    loc = find_dateline(text, GeoContext.from_text(text))
    return (loc.location, loc.country) if loc else None


def test_newspaper_and_wire_datelines():
    assert dateline("Hyderabad: Mobs attacked a police station in the old city on Friday.") == ("Hyderabad", "India")
    assert dateline("GUSAU, Nigeria - Armed men killed 12 villagers on Sunday.") == ("Gusau", "Nigeria")
    assert dateline("KABUL, Feb 14 (Reuters) - A bomb exploded near a ministry.") == ("Kabul", "Afghanistan")
    assert dateline("MOGADISHU, Somalia (AP) — A car bomb exploded near the port.") == ("Mogadishu", "Somalia")


def test_a_dateline_run_into_a_headline():
    text = "Man Pleads Not Guilty in Bomb ProbeBOSTON — A man pleaded not guilty on Wednesday."
    assert dateline(text) == ("Boston", "United States")


def test_no_dateline():
    assert dateline("BREAKING NEWS - 3 DEAD after a fire at a bank") is None
    assert dateline("Gunmen killed three people in Kabul: police said so on Monday.") is None
