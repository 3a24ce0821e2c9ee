"""Fused values: best value with its rule, UCDP low/best/high fatalities, listed disagreements."""
from eventdesk.fuse import FusionSettings, fuse_mentions
from eventdesk.model import Event, Evidence


def mention(doc_id, **fields):
    fields.setdefault("evidence", [Evidence(0, 10, f"Report from {doc_id} about the blast.")])
    return (f"{doc_id}#0", Event(doc_id=doc_id, **fields).to_dict())


def test_fatalities_low_best_high_and_disagreement_listed():
    fused = fuse_mentions([mention("a", fatalities=2), mention("b", fatalities=6), mention("c", fatalities=6)])
    assert (fused["fatalities_low"], fused["fatalities"], fused["fatalities_high"]) == (2, 6, 6)
    assert fused["rules"]["fatalities"] == "most_reported_then_lowest"
    (dis,) = [d for d in fused["disagreements"] if d["field"] == "fatalities"]
    assert dis["values"] == [{"value": 2, "doc_ids": ["a"]}, {"value": 6, "doc_ids": ["b", "c"]}]


def test_tie_between_tolls_takes_the_conservative_figure():
    fused = fuse_mentions([mention("a", fatalities=6), mention("b", fatalities=2)])
    assert fused["fatalities"] == 2
    conservative = fuse_mentions([mention("a", fatalities=6), mention("b", fatalities=6), mention("c", fatalities=2)],
                                 FusionSettings(fatality_best_rule="conservative"))
    assert conservative["fatalities"] == 2


def test_source_ranges_widen_low_and_high():
    fused = fuse_mentions([mention("a", fatalities=10, fatalities_low=8, fatalities_high=12),
                           mention("b", fatalities=10)])
    assert (fused["fatalities_low"], fused["fatalities"], fused["fatalities_high"]) == (8, 10, 12)
    assert not [d for d in fused["disagreements"] if d["field"] == "fatalities"]


def test_day_precision_beats_month_and_month_apart_dates_are_a_disagreement():
    fused = fuse_mentions([mention("a", event_date="2022-09-01", date_precision="month"),
                           mention("b", event_date="2022-09-05", date_precision="day")])
    assert (fused["event_date"], fused["date_precision"]) == ("2022-09-05", "day")
    assert not fused["disagreements"]
    apart = fuse_mentions([mention("a", event_date="2022-09-05", date_precision="day"),
                           mention("b", event_date="2022-10-05", date_precision="day")])
    assert [d["field"] for d in apart["disagreements"]] == ["event_date"]


def test_finest_place_wins_and_coarser_source_fills_admin1():
    fused = fuse_mentions([
        mention("a", country="Afghanistan", admin1="Kabul", geo_precision=3, latitude=34.5, longitude=69.2),
        mention("b", country="Afghanistan", location="Kabul", geo_precision=1, latitude=34.53, longitude=69.17)])
    assert (fused["location"], fused["admin1"], fused["geo_precision"]) == ("Kabul", "Kabul", 1)
    assert fused["rules"]["location"] == "finest_geo_precision_then_majority"
    assert not fused["disagreements"]  # a province centroid is coarser, not conflicting


def test_two_specific_places_far_apart_are_a_disagreement():
    fused = fuse_mentions([
        mention("a", country="Afghanistan", location="Kabul", geo_precision=1, latitude=34.53, longitude=69.17),
        mention("b", country="Afghanistan", location="Jalalabad", geo_precision=1, latitude=34.43, longitude=70.45)])
    assert [d["field"] for d in fused["disagreements"]] == ["location"]


def test_record_lists_every_document_and_mention():
    fused = fuse_mentions([mention("b"), mention("a"), mention("c")])
    assert fused["doc_ids"] == ["a", "b", "c"] and fused["sources"] == 3
    assert fused["mention_ids"] == ["a#0", "b#0", "c#0"]
