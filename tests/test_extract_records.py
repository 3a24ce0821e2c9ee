"""The records stage alone: one event per incident kept, fields filled, evidence cited."""
from eventdesk.extract.records import build_records

from extract_stage_fixtures import context, one_incident


def test_one_incident_becomes_one_event_with_its_fields_and_evidence():
    state, _ = one_incident("Gunmen killed two police officers in Peshawar, Pakistan, on Monday.",
                            "The attack was claimed by the TTP.", read=True)
    state = build_records(state, context())
    [ev] = state.events
    assert (ev.kind, ev.event_date, ev.location, ev.fatalities) == ("event", "2023-03-06", "Peshawar", 2)
    assert ev.actor1 == ev.claimed_by == "Tehrik-i-Taliban Pakistan"
    assert [e.start for e in ev.evidence] == [0, 68]
    assert "relevance" not in ev.provenance   # unscored: the relevance stage did not run


def test_an_incident_marked_not_relevant_yields_no_event():
    state, _ = one_incident("Gunmen killed two police officers in Peshawar on Monday.", "The weather was fine.")
    state.relevant, state.scores = [False], [None]
    assert build_records(state, context()).events == []


def test_a_caseless_document_is_quoted_from_its_original_text():
    state, _ = one_incident("gunmen killed two police officers in peshawar, pakistan, on monday.",
                            "the weather was fine.", read=True)
    [ev] = build_records(state, context()).events
    assert ev.evidence[0].text == state.doc.text[ev.evidence[0].start:ev.evidence[0].end]
    assert ev.evidence[0].text.startswith("gunmen")


def test_the_model_may_give_back_the_type_of_a_first_report_its_joined_sentences_changed():
    from eventdesk.extract.relevance import Decision, Relevance
    from eventdesk.textcat import Scores
    relevance = Relevance(classifier=object(), decision=Decision(0.55, 0.5, retype="within_type"))
    sure = Scores(none=0.05, threat=0.05, event=0.9, sub_event_type="Arrests", sub_event_score=0.7,
                  event_type="Strategic developments")
    # the arrest told among sentences about the carnage: the first report alone is an arrest
    assert relevance.retype("Battles", "Armed clash", sure, frozenset({"Strategic developments"}))[:2] == \
        ("Strategic developments", "Arrests")
    # the same incident typed by its own first report: the model retypes only within the type
    assert relevance.retype("Battles", "Armed clash", sure)[:2] == ("Battles", "Armed clash")
