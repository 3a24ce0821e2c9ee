"""Hard vetoes: a mention joins an event only when compatible with every member; no chaining."""
from datetime import date

from eventdesk.fuse import DEFAULT_SETTINGS, MentionView, fuse_events, veto
from eventdesk.model import Event, Evidence

BOMB = dict(event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
            country="Afghanistan")
TOWNS = {
    "Kunduz": ("Kunduz", 36.73, 68.86), "Imam Sahib": ("Kunduz", 37.18, 68.92),
    "Pul-e-Khumri": ("Baghlan", 35.94, 68.71), "Maymana": ("Faryab", 35.92, 64.78),
    "Herat": ("Herat", 34.35, 62.20), "Kabul": ("Kabul", 34.53, 69.17),
}
SENTENCE = "A roadside bomb struck a police vehicle, killing two officers, officials said."


def report(doc, town, day, precision="day", geo=1, **extra):
    admin1, lat, lon = TOWNS[town]
    fields = dict(BOMB, admin1=admin1, location=town, latitude=lat, longitude=lon, geo_precision=geo,
                  event_date=day, date_precision=precision, fatalities=2)
    fields.update(extra)
    return Event(doc_id=doc, evidence=[Evidence(0, len(SENTENCE), SENTENCE, ["event"])], **fields)


def view(ev, n=0):
    return MentionView.from_record(f"{ev.doc_id}#{n}", ev.to_dict())


def groups(fused):
    return sorted(sorted(ev["doc_ids"]) for ev in fused)


def test_identical_wording_in_two_provinces_or_days_apart_never_fuses():
    events = [report("a", "Kunduz", "2021-04-10"), report("b", "Pul-e-Khumri", "2021-04-10"),
              report("c", "Kunduz", "2021-04-13"), report("d", "Maymana", "2021-04-11")]
    assert groups(fuse_events(events)) == [["a"], ["b"], ["c"], ["d"]]


def test_veto_reasons():
    s = DEFAULT_SETTINGS
    assert veto(view(report("a", "Kunduz", "2021-04-10")), view(report("b", "Herat", "2021-04-10")), s) == "admin1"
    assert veto(view(report("a", "Kunduz", "2021-04-10")), view(report("b", "Kunduz", "2021-04-12")), s) == "date"
    assert veto(view(report("a", "Kunduz", "2021-04-10")), view(report("b", "Kunduz", "2021-04-11")), s) is None
    protest = report("b", "Kunduz", "2021-04-10", event_type="Protests", sub_event_type="Peaceful protest")
    assert veto(view(report("a", "Kunduz", "2021-04-10")), view(protest), s) == "type"
    hotel = report("a", "Kabul", "2021-04-10", target="the Serena Hotel")
    school = report("b", "Kabul", "2021-04-10", target="the Sayed ul-Shuhada School")
    assert veto(view(hotel), view(school), s) == "other named target"


def test_far_towns_of_one_province_are_two_incidents():
    far = dict(country="Afghanistan", admin1="Badakhshan", geo_precision=1)
    a = report("a", "Kunduz", "2021-04-10", **dict(far, location="Faizabad", latitude=37.12, longitude=70.58))
    b = report("b", "Kunduz", "2021-04-10", **dict(far, location="Wakhan", latitude=36.95, longitude=73.50))
    assert veto(view(a), view(b), DEFAULT_SETTINGS) == "place"


def test_no_chaining_across_days_even_when_each_neighbour_is_a_day_apart():
    """Day 10, 11, 12: each adjacent pair is compatible, 10 and 12 are not; at most two fuse."""
    events = [report("a", "Kunduz", "2021-04-10"), report("b", "Kunduz", "2021-04-11"),
              report("c", "Kunduz", "2021-04-12")]
    fused = fuse_events(events)
    assert max(len(ev["doc_ids"]) for ev in fused) == 2
    assert ["a", "c"] not in groups(fused)


def test_a_province_level_report_cannot_bridge_two_towns():
    """A Kunduz-province report is compatible with two far-apart towns' incidents, which are not
    compatible with each other: it joins at most one of them."""
    events = [report("a", "Kunduz", "2021-04-10"),
              report("b", "Imam Sahib", "2021-04-10", location="Dasht-e-Archi", latitude=37.60, longitude=69.60),
              report("c", "Kunduz", "2021-04-10", geo=3, location=None, latitude=None, longitude=None)]
    for ev in fuse_events(events):
        assert not {"a", "b"} <= set(ev["doc_ids"])


def test_one_incident_at_district_and_city_precision_with_a_rising_toll_fuses():
    district = report("a", "Kunduz", "2021-04-10", geo=2, fatalities=2)
    city = report("b", "Kunduz", "2021-04-10", fatalities=5)
    claim = report("c", "Kunduz", "2021-04-11", fatalities=7, claimed_by="Taliban")
    refs = {"a": date(2021, 4, 10), "b": date(2021, 4, 11), "c": date(2021, 4, 12)}
    (fused,) = fuse_events([district, city, claim], references=refs)
    assert fused["doc_ids"] == ["a", "b", "c"]
    assert (fused["fatalities_low"], fused["fatalities"], fused["fatalities_high"]) == (2, 7, 7)
    assert fused["rules"]["fatalities"] == "latest_report"
    assert [s["fatalities"] for s in fused["fatalities_by_source"]] == [2, 5, 7]


def test_every_merge_records_its_components_and_checks():
    (fused,) = fuse_events([report("a", "Kunduz", "2021-04-10"), report("b", "Kunduz", "2021-04-10")])
    (merge,) = fused["merges"]
    assert (merge["a"], merge["b"]) == ("a#0", "b#0")
    assert merge["score"] >= merge["threshold"]
    assert set(merge["components"]) >= {"date", "place", "type", "text"}
    assert "admin1" in merge["checks"]["passed"] and merge["checks"]["pairs"] == 1


def test_fused_records_are_valid():
    a = report("a", "Kunduz", "2021-04-10", fatalities=3, fatalities_low=3, fatalities_high=10)
    b = report("b", "Kunduz", "2021-04-10", fatalities=12, event_type="Violence against civilians",
               sub_event_type="Attack")
    c = report("c", "Kunduz", "2021-04-10", fatalities=1)
    from eventdesk.fuse.merge import sub_event_types
    for fused in fuse_events([a, b, c]):
        if fused.get("sub_event_type"):
            assert sub_event_types()[fused["sub_event_type"].lower()] == fused["event_type"]
        assert fused["fatalities_low"] <= fused["fatalities"] <= fused["fatalities_high"]
        assert fused["date_lo"] <= fused["event_date"] <= fused["date_hi"]


def test_sub_event_type_follows_the_fused_type():
    from eventdesk.fuse import fuse_mentions
    recs = [(f"{d}#0", Event(doc_id=d, event_type=t, sub_event_type=st).to_dict()) for d, t, st in (
        ("a", "Battles", "Armed clash"), ("b", "Battles", None), ("c", "Violence against civilians", "Attack"),
        ("d", "Violence against civilians", "Attack"))]
    fused = fuse_mentions(recs)
    assert fused["event_type"] == "Battles" and fused["sub_event_type"] == "Armed clash"


def test_undated_reports_of_two_articles_alone_make_no_incident():
    """Articles that tell no date (the date is their publication's) published days apart are two
    incidents; a dated report of the same incident is what joins them."""
    fallback = {"event_date": "fallback: reference date"}
    a = report("a", "Kunduz", "2021-04-10", precision="week", geo=3, provenance=fallback)
    b = report("b", "Kunduz", "2021-04-14", precision="week", geo=3, provenance=fallback)
    assert groups(fuse_events([a, b])) == [["a"], ["b"]]
