"""The dating filler alone: the event date of one incident, and the per-document memory."""
from datetime import date

from eventdesk.extract.dating import fill_date
from eventdesk.extract.records import Citations
from eventdesk.model import Event
from eventdesk.time import fallback_date

from extract_stage_fixtures import context, one_incident


def test_dating_takes_the_weekday_and_remembers_it_for_the_document():
    state, inc = one_incident("Gunmen killed two police officers in Peshawar on Monday.", "The weather was fine.")
    ev = Event(doc_id="t", kind="event")
    fill_date(ev, inc, state, context(), Citations())
    assert (ev.event_date, ev.date_precision) == ("2023-03-06", "day")
    assert state.previous_date == date(2023, 3, 6) and state.previous_precision == "day"


def test_dating_an_undated_lead_event_falls_back_to_the_reference_date():
    state, inc = one_incident("Gunmen killed two police officers in Peshawar.", "The weather was fine.")
    ev = Event(doc_id="t", kind="event")
    fill_date(ev, inc, state, context(), Citations())
    assert ev.provenance["event_date"] == "fallback: reference date"
    assert (ev.event_date, ev.date_precision) == fallback_date(state.reference)


def test_a_planned_date_in_the_sentence_before_dates_no_event():
    state, inc = one_incident("The court heard the case on Tuesday.", "His sentencing is scheduled for May 16.",
                              "A bomb killed 12 people at a market in Quetta.")
    state.sentences[0].block = 1   # the paragraph before, whose date is no part of this one
    ev = Event(doc_id="t", kind="event")
    fill_date(ev, inc, state, context(), Citations())
    assert ev.event_date != "2022-05-16" and "May 16" not in ev.provenance["event_date"]


def test_the_span_a_tally_counts_over_dates_no_event_after_it():
    state, inc = one_incident("The toll in the last six days in the state now stands at 54.",
                              "A mob burnt six shops in Danta.")
    ev = Event(doc_id="t", kind="event")
    fill_date(ev, inc, state, context(), Citations())
    assert "last six days" not in (ev.provenance.get("event_date") or "")


def test_an_inferred_article_date_yields_to_a_full_date_of_the_incident():
    from eventdesk.extract.candidates import find_candidates
    from eventdesk.extract.incidents import group_incidents
    from eventdesk.time import ReferenceDate

    from extract_stage_fixtures import state_of
    state = state_of("A court convicted a friend of the suspect in last year's blast at the market.",
                     "The April 15, 2013, bombing at the market killed three people.",
                     published=date(2013, 4, 15))
    state.reference = ReferenceDate(date(2013, 4, 15), "inferred:latest-date", "month")
    state = group_incidents(find_candidates(state, context()), context())
    [inc] = state.incidents
    ev = Event(doc_id="t", kind="event")
    fill_date(ev, inc, state, context(), Citations())
    assert (ev.event_date, ev.date_precision) == ("2013-04-15", "day")
