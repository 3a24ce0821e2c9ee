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
