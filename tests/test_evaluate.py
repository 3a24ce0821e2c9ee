"""``eventdesk evaluate`` and ``eventdesk.evaluate.score``: matching records to gold mentions by
evidence overlap (one to one, best first, ``also_evidence`` too), evidence-less gold matched by
field agreement, optional gold, detection P/R/F1 and the per-field normalisations."""
import json
import types

import pytest
from click.testing import CliRunner

from eventdesk import evaluate as ev
from eventdesk.cli import main

# --- a small corpus -------------------------------------------------------------------------------

BLAST = "A car bomb exploded outside the governor's office in Jalalabad on Monday, killing 4 people."
RAID = "Separately, police said gunmen stormed a checkpoint in Kunar overnight."
PLOT = "Officials said \u201cDaesh\u201d had planned to attack the embassy."
CAPTION = "Photo: smoke over Jalalabad."
DOC_A = f"{BLAST} {RAID}\n\n{PLOT} {CAPTION}\n\nLater the ministry said the blast in Jalalabad had killed four."
DOC_B = "Militants attacked a village in Ituri. Ten civilians were killed, local officials said."

TEXTS = {"a": DOC_A, "b": DOC_B}


def at(text, passage):
    start = text.index(passage)
    return {"start": start, "end": start + len(passage), "text": passage, "fields": []}


BLAST_GOLD = {
    "key": "blast", "kind": "event", "date": "2023-03-06", "date_precision": "day",
    "event_type": "Explosions/Remote violence", "acceptable_event_types": ["Explosions/Remote violence"],
    "sub_event_type": "Remote explosive/landmine/IED",
    "actor1": "Islamic State Khorasan Province", "country": "Afghanistan", "admin1": "Nangarhar",
    "latitude": 34.43, "longitude": 70.45, "fatalities": 4, "injuries": 0, "optional": False,
    # white space differs from the text: must still be found
    "evidence": "A car bomb exploded outside the governor's office   in\nJalalabad",
    "also_evidence": ["the blast in Jalalabad had killed four"],
}
RAID_GOLD = {
    "key": "raid", "kind": "event", "date": "2023-03-05", "event_type": "Battles",
    "acceptable_event_types": ["Battles"], "country": "Afghanistan", "admin1": "Kunar",
    "evidence": "gunmen stormed a checkpoint in Kunar",
}
PLOT_GOLD = {
    "key": "plot", "kind": "threat", "actor1": "Daesh", "country": "Afghanistan",
    "optional": True, "evidence": "Officials said \"Daesh\" had planned",   # straight quotes in gold
}
VILLAGE_GOLD = {      # document b reports one event: no evidence, matched by field agreement
    "key": "village", "kind": "event", "date": "2023-01-2", "date_precision": "month",
    "event_type": "Violence against civilians", "acceptable_event_types": ["Violence against civilians"],
    "country": "Democratic Republic of Congo", "admin1": "Ituri", "fatalities": 10, "evidence": None,
}
GOLD = {"documents": [{"doc": "a", "events": [BLAST_GOLD, RAID_GOLD, PLOT_GOLD]},
                      {"doc": "b", "events": [VILLAGE_GOLD]}]}


def blast_record(**fields):
    rec = {"doc_id": "a", "kind": "event", "event_date": "2023-03-07", "event_type": "Explosions/Remote violence",
           "sub_event_type": "remote explosive / landmine / IED", "actor1": "ISKP", "country": "Afghanistan",
           "admin1": "Nangarhar Province", "latitude": 34.6, "longitude": 70.5, "fatalities": 4,
           "injuries": None, "evidence": [at(DOC_A, "A car bomb exploded outside the governor's office")]}
    rec.update(fields)
    return rec


def predictions():
    return [
        # overlaps BLAST only by its also_evidence passage: a weaker match than the record below
        {"doc_id": "a", "event_type": "Explosions/Remote violence", "event_date": "2023-03-06",
         "evidence": [at(DOC_A, "the blast in Jalalabad")]},
        blast_record(),
        # overlaps the optional plot: neither tp nor fp
        {"doc_id": "a", "kind": "threat", "actor1": "Islamic State", "country": "Afghanistan",
         "evidence": [at(DOC_A, PLOT)]},
        # the caption: no gold -> an extra record
        {"doc_id": "a", "event_type": "Riots", "event_date": "2023-03-06", "evidence": [at(DOC_A, CAPTION)]},
        # the raid gold is missed: no record overlaps it
        # document b: the second record agrees with the gold on more fields and is chosen
        {"doc_id": "b", "kind": "event", "event_type": "Battles", "country": "Uganda", "evidence": []},
        {"doc_id": "b", "kind": "event", "event_type": "Violence against civilians", "event_date": "2023-01-30",
         "country": "DRC", "admin1": "Ituri", "fatalities": 10, "evidence": []},
        # a document the gold does not cover is not scored
        {"doc_id": "zzz", "event_type": "Battles", "evidence": [{"start": 0, "end": 10}]},
    ]


# --- matching and detection -----------------------------------------------------------------------

def test_detection_counts_matching_optional_missed_and_extra():
    report = ev.score(GOLD, predictions(), TEXTS)
    assert (report.tp, report.fp, report.fn) == (2, 3, 1)
    a, b = report.documents
    assert (a.tp, a.fp, a.fn) == (1, 2, 1)
    assert a.missed == ["raid"]
    extra_types = sorted(r["event_type"] for r in a.extra)
    assert extra_types == ["Explosions/Remote violence", "Riots"]    # the weaker blast record and the caption
    assert {g["key"]: r.get("actor1") for g, r in a.matched} == {"blast": "ISKP", "plot": "Islamic State"}
    assert (b.tp, b.fp, b.fn) == (1, 1, 0)
    assert b.matched[0][1]["country"] == "DRC"
    assert report.precision == pytest.approx(0.4)
    assert report.recall == pytest.approx(2 / 3)
    assert report.f1 == pytest.approx(0.5)


def test_one_to_one_best_overlap_first():
    gold = {"documents": [{"doc": "a", "events": [dict(BLAST_GOLD, also_evidence=[])]}]}
    small = blast_record(evidence=[at(DOC_A, "governor's office")], actor1="SMALL")
    big = blast_record(actor1="BIG")
    report = ev.score(gold, [small, big], TEXTS)
    (g, matched), = report.documents[0].matched
    assert matched["actor1"] == "BIG"
    assert [r["actor1"] for r in report.documents[0].extra] == ["SMALL"]
    assert (report.tp, report.fp, report.fn) == (1, 1, 0)


def test_also_evidence_alone_matches():
    rec = {"doc_id": "a", "evidence": [at(DOC_A, "had killed four")]}
    report = ev.score({"documents": [{"doc": "a", "events": [BLAST_GOLD]}]}, [rec], TEXTS)
    assert (report.tp, report.fp, report.fn) == (1, 0, 0)


def test_unmatched_optional_gold_is_not_missed_and_not_field_scored():
    report = ev.score({"documents": [{"doc": "a", "events": [PLOT_GOLD]}]}, [], TEXTS)
    assert (report.tp, report.fp, report.fn) == (0, 0, 0)
    matched = ev.score({"documents": [{"doc": "a", "events": [PLOT_GOLD]}]},
                       [{"doc_id": "a", "kind": "event", "evidence": [at(DOC_A, PLOT)]}], TEXTS)
    assert (matched.tp, matched.fp, matched.fn) == (0, 0, 0)
    assert all(support == 0 for _, support in matched.fields.values())


def test_gold_evidence_not_in_text_is_an_error():
    gold = {"documents": [{"doc": "a", "events": [dict(RAID_GOLD, evidence="no such sentence")]}]}
    with pytest.raises(ev.EvaluationError, match="gold evidence not found in a"):
        ev.score(gold, [], TEXTS)
    with pytest.raises(ev.EvaluationError, match="no text"):
        ev.score({"documents": [{"doc": "missing", "events": [RAID_GOLD]}]}, [], TEXTS)


def test_repeated_passage_matches_at_each_place():
    text = "Caption: bomb in Kabul. Body. Caption: bomb in Kabul."
    gold = {"documents": [{"doc": "c", "events": [{"key": "k", "evidence": "bomb in Kabul"}]}]}
    rec = {"doc_id": "c", "evidence": [{"start": text.rindex("bomb"), "end": len(text)}]}
    assert ev.score(gold, [rec], {"c": text}).tp == 1


# --- fields ---------------------------------------------------------------------------------------

def test_field_scores_on_the_small_corpus():
    report = ev.score(GOLD, predictions(), TEXTS)
    fields = report.fields
    # blast: date 1 day off ok, ISKP ~ IS Khorasan, admin1 "Nangarhar Province", 19 km, injuries null ~ 0
    # village: month precision, DRC ~ Democratic Republic of Congo
    assert fields["event_date"] == [2, 2]
    assert fields["actor1"] == [1, 1]
    assert fields["country"] == [2, 2]
    assert fields["admin1_or_country"] == [2, 2]
    assert fields["coordinates_50km"] == [1, 1]
    assert fields["fatalities"] == [2, 2]
    assert fields["injuries"] == [1, 1]
    assert fields["sub_event_type"] == [1, 1]
    assert fields["event_type"] == [2, 2]
    assert fields["kind"] == [2, 2]
    assert report.accuracy("kind") == 1.0


def verdicts(gold, **record):
    return ev.compare_fields(gold, record)


def test_actor_alias_groups():
    for name in ["Daesh", "IS-K", "ISIS-K", "Islamic State Khorasan Province", "ISWAP", "Da'esh fighters"]:
        assert verdicts({"actor1": "Islamic State (Iraq)"}, actor1=name)["actor1"], name
    assert verdicts({"actor1": "Taliban"}, actor1="Islamic Emirate of Afghanistan")["actor1"]
    assert not verdicts({"actor1": "Taliban"}, actor1="ISKP")["actor1"]
    assert verdicts({"actor1": "Al-Shabaab"}, actor1="al Shabaab")["actor1"]        # normalised text
    assert not verdicts({"actor1": "Al-Shabaab"})["actor1"]
    assert not verdicts({"actor1": "Islamic State"}, actor1="Thisis Group")["actor1"]  # whole words only


def test_country_aliases_and_normalisation():
    for gold, pred in [("United States", "USA"), ("Myanmar", "Burma"), ("DR Congo", "Democratic Republic of the Congo"),
                       ("Turkey", "Türkiye"), ("Cote d'Ivoire", "Ivory Coast"), ("Palestine", "West Bank and Gaza Strip")]:
        assert verdicts({"country": gold}, country=pred)["country"], (gold, pred)
    assert not verdicts({"country": "Niger"}, country="Nigeria")["country"]
    assert verdicts({}, country="Nigeria")["country"] is None


def test_dates_within_a_day_or_at_the_gold_precision():
    g = {"date": "2023-03-01", "date_precision": "day"}
    assert verdicts(g, event_date="2023-02-28")["event_date"]
    assert verdicts(g, event_date="2023-03-02")["event_date"]
    assert not verdicts(g, event_date="2023-03-03")["event_date"]
    assert not verdicts(g)["event_date"]
    assert not verdicts(g, event_date="March 2023")["event_date"]
    assert verdicts({"date": "2023-03-15", "date_precision": "month"}, event_date="2023-03-01")["event_date"]
    assert verdicts({"date": "2023-03-15", "date_precision": "year"}, event_date="2023-11-30")["event_date"]
    assert not verdicts({"date": "2023-03-15", "date_precision": "year"}, event_date="2022-12-31")["event_date"]
    assert verdicts({"date": None}, event_date="2023-03-01")["event_date"] is None


def test_coordinates_within_50_km():
    g = {"latitude": 34.0, "longitude": 70.0}
    assert verdicts(g, latitude=34.4, longitude=70.0)["coordinates_50km"]          # ~44 km
    assert not verdicts(g, latitude=34.5, longitude=70.0)["coordinates_50km"]      # ~56 km
    assert not verdicts(g, latitude=None, longitude=None)["coordinates_50km"]
    assert verdicts(g, latitude="34.1", longitude="70.1")["coordinates_50km"]      # numeric strings
    assert verdicts({}, latitude=1, longitude=2)["coordinates_50km"] is None


def test_admin1_or_country():
    g = {"admin1": "North Sinai", "country": "Egypt", "latitude": 31.0, "longitude": 33.8}
    assert verdicts(g, admin1="North Sinai Governorate")["admin1_or_country"]
    assert verdicts(g, admin1="Sinai")["admin1_or_country"]                       # one name in the other
    # another gazetteer's name, but within 25 km in the right country
    assert verdicts(g, admin1="Shamal Sina'", country="Egypt", latitude=31.1, longitude=33.8)["admin1_or_country"]
    assert not verdicts(g, admin1="Shamal Sina'", country="Israel", latitude=31.1, longitude=33.8)["admin1_or_country"]
    assert not verdicts(g, admin1="Shamal Sina'", country="Egypt", latitude=31.4, longitude=33.8)["admin1_or_country"]
    # no gold admin1: the country decides
    assert verdicts({"country": "UK"}, admin1="Anything", country="United Kingdom")["admin1_or_country"]
    assert verdicts({}, country="Egypt")["admin1_or_country"] is None


def test_counts_kind_and_types():
    assert verdicts({"fatalities": 0})["fatalities"]                 # not given agrees with none reported
    assert not verdicts({"fatalities": 3})["fatalities"]
    assert verdicts({"fatalities": 3}, fatalities="3")["fatalities"]
    assert not verdicts({"injuries": 3}, injuries="a few")["injuries"]
    assert verdicts({}, injuries=5)["injuries"] is None
    assert verdicts({})["kind"]                                      # both default to event
    assert not verdicts({"kind": "threat"}, kind="event")["kind"]
    g = {"event_type": "Battles", "acceptable_event_types": ["Battles", "Violence against civilians"]}
    assert verdicts(g, event_type="Violence against civilians")["event_type"]
    assert not verdicts(g, event_type="Riots")["event_type"]
    assert verdicts({"sub_event_type": "Armed clash"}, sub_event_type="armed-clash")["sub_event_type"]


# --- the report -----------------------------------------------------------------------------------

def test_report_text_and_dict():
    report = ev.score(GOLD, predictions(), TEXTS)
    text = report.format()
    assert text.splitlines()[0] == "events  P=0.400 R=0.667 F1=0.500  (tp=2 fp=3 fn=1)"
    assert "  kind                  1.0  (2/2)" in text
    assert "  sub_event_type        1.0  (1/1)" in text
    verbose = report.format(verbose=True)
    assert "a: tp=1 fp=2 fn=1" in verbose and "   missed: raid" in verbose
    assert "   extra:  Riots 2023-03-06 'Photo: smoke over Jalalabad.'" in verbose
    d = report.to_dict()
    assert d["tp"] == 2 and d["precision"] == 0.4 and d["recall"] == 0.667 and d["f1"] == 0.5
    assert list(d["field_accuracy"]) == list(ev.FIELD_NAMES)
    assert d["field_support"]["coordinates_50km"] == 1
    assert "documents" not in d and report.to_dict(verbose=True)["documents"][0]["missed"] == ["raid"]
    empty = ev.score({"documents": []}, [], {})
    assert empty.format().splitlines()[1] == "  kind                    -  (0/0)"
    assert empty.to_dict()["field_accuracy"]["kind"] is None


# --- the command ----------------------------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    for doc_id, text in TEXTS.items():
        (folder / doc_id).write_text(text, encoding="utf-8")
    docs_jsonl = tmp_path / "docs.jsonl"
    docs_jsonl.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in TEXTS.items()),
                          encoding="utf-8")
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps({"document": {"doc_id": "a"}}) + "\n"
                     + "".join(json.dumps(r) + "\n" for r in predictions()) + "\n", encoding="utf-8")
    return types.SimpleNamespace(gold=str(gold), folder=str(folder), jsonl=str(docs_jsonl), preds=str(preds))


def invoke(*args):
    return CliRunner().invoke(main, ["evaluate", *args])


def test_cli_text_json_and_verbose(files):
    expected = ev.score(GOLD, predictions(), TEXTS)
    for docs in (files.folder, files.jsonl):
        result = invoke(files.gold, docs, files.preds)
        assert result.exit_code == 0, result.output
        assert result.output == expected.format() + "\n"
    result = invoke(files.gold, files.jsonl, files.preds, "--json")
    assert json.loads(result.output) == expected.to_dict()
    result = invoke(files.gold, files.folder, files.preds, "-v")
    assert result.output == expected.format(verbose=True) + "\n"


def test_cli_reports_bad_gold_evidence(files, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"documents": [{"doc": "a", "events": [dict(RAID_GOLD, evidence="nowhere")]}]}))
    result = invoke(str(bad), files.folder, files.preds)
    assert result.exit_code == 1
    assert "gold evidence not found in a: 'nowhere'" in result.output


def test_cli_without_predictions_runs_the_pipeline(files, monkeypatch):
    import eventdesk.pipeline

    class Record:
        def __init__(self, rec):
            self.rec = rec

        def to_dict(self):
            return dict(self.rec)

    seen = []

    class FakePipeline:
        def run(self, items):
            for doc in items:
                seen.append(doc.id)
                records = [r for r in predictions() if r["doc_id"] == doc.id]
                yield types.SimpleNamespace(error=None, document=doc, events=[Record(r) for r in records])

    monkeypatch.setattr(eventdesk.pipeline, "Pipeline", FakePipeline)
    result = invoke(files.gold, files.jsonl)
    assert result.exit_code == 0, result.output
    assert sorted(seen) == ["a", "b"]
    assert result.output.splitlines()[0] == "events  P=0.400 R=0.667 F1=0.500  (tp=2 fp=3 fn=1)"
