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
