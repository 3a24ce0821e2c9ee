"""Cross-article fusion decisions on hand-made mentions, in memory."""
import time

from eventdesk.fuse import fuse_events
from eventdesk.model import Event, Evidence

KABUL = dict(country="Afghanistan", admin1="Kabul", location="Kabul", latitude=34.53, longitude=69.17, geo_precision=1)


def report(doc_id, sentence, **fields):
    return Event(doc_id=doc_id, evidence=[Evidence(0, len(sentence), sentence, ["event"])], **fields)


def groups(fused):
    return sorted(sorted(ev["doc_ids"]) for ev in fused)


def test_embassy_bombing_fuses_across_day_month_and_undated_reports():
    events = [
        report("reuters", "A suicide bomber killed two staff of the Russian embassy in Kabul on Monday.",
               event_date="2022-09-05", date_precision="day", event_type="Explosions/Remote violence",
               sub_event_type="Suicide bomb", target="Russian embassy", fatalities=2, **KABUL),
        report("tolo", "In September a bomber struck outside the Russian embassy in Kabul, killing six people.",
               event_date="2022-09-01", date_precision="month", event_type="Explosions/Remote violence",
               target="Russian Embassy", fatalities=6, **KABUL),
        report("blog", "Islamic State said it carried out the suicide bombing at the Russian embassy in Kabul.",
               event_type="Explosions/Remote violence", sub_event_type="Suicide bomb", target="Russian embassy",
               claimed_by="Islamic State Khorasan", **KABUL),
    ]
    (fused,) = fuse_events(events)
    assert fused["doc_ids"] == ["blog", "reuters", "tolo"]
    assert fused["event_date"] == "2022-09-05"
    assert [d["field"] for d in fused["disagreements"]] == ["fatalities"]


def test_different_attacks_in_the_same_city_stay_apart():
    events = [
        report("a", "Gunmen stormed a hotel popular with Chinese guests in Kabul.", event_date="2022-12-12",
               date_precision="day", event_type="Violence against civilians", target="Kabul Longan hotel", **KABUL),
        report("b", "A suicide bomber killed two staff of the Russian embassy in Kabul.", event_date="2022-09-05",
               date_precision="day", event_type="Explosions/Remote violence", target="Russian embassy", **KABUL),
        report("c", "A gunman opened fire on the Pakistani embassy in Kabul, wounding a guard.",
               event_date="2022-12-02", date_precision="day", event_type="Violence against civilians",
               target="Pakistani embassy", **KABUL),
    ]
    assert groups(fuse_events(events)) == [["a"], ["b"], ["c"]]


def test_country_and_kind_and_same_document_are_hard_limits():
    sentence = "A bomb exploded at a market, killing five people."
    base = dict(event_date="2021-03-02", date_precision="day", event_type="Explosions/Remote violence", fatalities=5)
    events = [report("a", sentence, country="Afghanistan", **base),
              report("b", sentence, country="Pakistan", **base),
              report("c", sentence, country="Afghanistan", kind="threat", **base),
              report("a", sentence, country="Afghanistan", **base)]
    assert groups(fuse_events(events)) == [["a"], ["a"], ["b"], ["c"]]


def test_distant_places_never_fuse_even_with_identical_wording():
    sentence = "A roadside bomb killed three police officers."
    base = dict(event_date="2021-03-02", date_precision="day", country="Afghanistan", geo_precision=1,
                event_type="Explosions/Remote violence", fatalities=3)
    events = [report("a", sentence, location="Herat", latitude=34.35, longitude=62.20, **base),
              report("b", sentence, location="Jalalabad", latitude=34.43, longitude=70.45, **base)]
    assert groups(fuse_events(events)) == [["a"], ["b"]]


def test_threats_fuse_with_threats():
    sentence = "The embassy warned of a possible attack on hotels in Kabul."
    events = [report("a", sentence, kind="threat", target="hotels", **KABUL),
              report("b", sentence, kind="threat", target="hotels", **KABUL)]
    assert groups(fuse_events(events)) == [["a", "b"]]


def test_cost_per_mention_stays_flat_as_mentions_grow():
    def batch(n):
        return [report(f"d{i}", f"Clash number {i} between police and gunmen left {i % 7} dead.",
                       event_date=f"20{10 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}", date_precision="day",
                       country=f"Country{i % 40}", event_type="Battles", fatalities=i % 7) for i in range(n)]

    timings = []
    for n in (500, 2000):
        events = batch(n)
        start = time.perf_counter()
        fuse_events(events)
        timings.append((time.perf_counter() - start) / n)
    assert timings[1] < timings[0] * 2.5


def test_sparse_reports_of_one_story_fuse_and_a_distinct_attack_the_same_week_stays_apart():
    """Country-level, fallback-dated reports join the city-level report of the same story; an
    attack in another town of the same country the same week stays a separate event."""
    mosul = dict(country="Iraq", admin1="Nineveh", location="Mosul", latitude=36.34, longitude=43.13,
                 geo_precision=1)
    basra = dict(country="Iraq", admin1="Basra", location="Basra", latitude=30.51, longitude=47.78,
                 geo_precision=1)
    vac = dict(event_type="Violence against civilians", sub_event_type="Attack")
    fallback = dict(event_date="2021-06-13", date_precision="week", provenance={"event_date": "fallback: reference date"})
    docs = {
        "wire": ("Gunmen storm wedding hall in Mosul", "Gunmen stormed a wedding hall in Mosul on Saturday, "
                 "killing 12 guests, police said. The wedding party had gathered in the hall."),
        "paper": ("Wedding hall massacre in Mosul", "Survivors of the wedding hall attack in Mosul described "
                  "gunmen firing on the guests. The hall owner said 12 guests were killed."),
        "radio": ("Wedding guests killed", "Twelve wedding guests died when gunmen attacked the hall, "
                  "relatives of the guests said."),
        "other": ("Basra market bombing", "A car bomb exploded at a fish market in Basra on Sunday, "
                  "killing 5 traders and wounding stall keepers."),
    }
    events = [
        report("wire", docs["wire"][1], event_date="2021-06-12", date_precision="day", fatalities=12, **mosul, **vac),
        report("paper", docs["paper"][1], fatalities=12, country="Iraq", geo_precision=3, **fallback, **vac),
        report("radio", docs["radio"][1], actor1="Unidentified Armed Group (Iraq)", country="Iraq", geo_precision=3,
               **vac),
        report("other", docs["other"][1], event_date="2021-06-13", date_precision="day", fatalities=5,
               event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED", **basra),
    ]
    from datetime import date
    refs = {d: date(2021, 6, 14) for d in docs}
    assert groups(fuse_events(events, references=refs, documents=docs)) == [["other"], ["paper", "radio", "wire"]]


def test_an_undated_report_never_joins_an_event_long_before_its_article():
    from datetime import date
    sentence = "A suicide bomber struck the Russian embassy in Kabul, killing two staff."
    old = report("archive", sentence, event_date="2020-01-10", date_precision="day",
                 event_type="Explosions/Remote violence", target="Russian embassy", **KABUL)
    new = report("today", sentence, event_type="Explosions/Remote violence", target="Russian embassy", **KABUL)
    refs = {"archive": date(2020, 1, 11), "today": date(2022, 9, 6)}
    assert groups(fuse_events([old, new], references=refs)) == [["archive"], ["today"]]


def test_one_articles_undated_mentions_of_two_named_targets_stay_two_events():
    events = [
        report("a", "Earlier, the group attacked the Russian embassy.", event_type="Violence against civilians",
               target="Russian embassy", actor1="Islamic State Khorasan Province", country="Afghanistan"),
        report("a", "It also attacked the Pakistani embassy.", event_type="Violence against civilians",
               target="Pakistani embassy", actor1="Islamic State Khorasan Province", country="Afghanistan"),
        report("a", "Recently it attacked the Longan Hotel.", event_type="Violence against civilians",
               target="the Longan Hotel", actor1="Islamic State Khorasan Province", country="Afghanistan"),
    ]
    assert groups(fuse_events(events)) == [["a"], ["a"], ["a"]]


def test_two_countries_embassies_are_two_events_across_articles():
    from datetime import date
    events = [
        report("a", "Gunmen attacked the Pakistani embassy in Kabul.", event_date="2022-12-02", date_precision="day",
               event_type="Violence against civilians", target="the Pakistani embassy", target_type="Diplomatic",
               actor1="Islamic State Khorasan Province", **KABUL),
        report("b", "Gunmen attacked the Russian embassy in Kabul.", event_type="Violence against civilians",
               target="the Russian embassy", target_type="Diplomatic",
               actor1="Islamic State Khorasan Province", **KABUL),
    ]
    refs = {"a": date(2022, 12, 3), "b": date(2022, 12, 5)}
    assert groups(fuse_events(events, references=refs)) == [["a"], ["b"]]


def test_a_background_mention_of_a_named_target_joins_the_attack_months_before():
    from datetime import date
    events = [
        report("wire", "A suicide bomber struck the Russian embassy in Kabul on Monday, killing two staff.",
               event_date="2022-09-05", date_precision="day", event_type="Explosions/Remote violence",
               sub_event_type="Suicide bomb", target="the Russian embassy", target_type="Diplomatic",
               actor1="Islamic State Khorasan Province", fatalities=2, **KABUL),
        report("analysis", "Earlier, Islamic State Khorasan Province had also struck the Russian embassy.",
               event_type="Explosions/Remote violence", target="the Russian embassy", target_type="Diplomatic",
               actor1="Islamic State Khorasan Province", **KABUL),
    ]
    refs = {"wire": date(2022, 9, 6), "analysis": date(2023, 1, 20)}
    assert groups(fuse_events(events, references=refs)) == [["analysis", "wire"]]


def test_one_articles_reports_of_the_same_day_and_town_are_one_event():
    nice = dict(country="France", admin1="Provence-Alpes-Cote d'Azur", location="Nice", latitude=43.70,
                longitude=7.27, geo_precision=1, event_type="Violence against civilians", sub_event_type="Attack")
    events = [
        report("a", "A truck ploughed into a crowd in Nice on Thursday night, killing 84 people.",
               event_date="2016-07-14", date_precision="day", target="84 people", target_type="Private Citizens",
               fatalities=84, **nice),
        report("a", "Witnesses in Nice described the truck driving into the crowd on the promenade.",
               event_date="2016-07-15", date_precision="day", target="the crowd", target_type="Private Citizens",
               **nice),
        report("a", "Police in Paris arrested a man on Friday.", event_date="2016-07-15", date_precision="day",
               event_type="Strategic developments", sub_event_type="Arrests", country="France", admin1="Ile-de-France",
               location="Paris", latitude=48.85, longitude=2.35, geo_precision=1),
    ]
    assert sorted(len(ev["mention_ids"]) for ev in fuse_events(events)) == [1, 2]
