"""The enumerations filler alone: an event shared out between the items of a list."""
from eventdesk.extract.enumerations import split_enumerated
from eventdesk.model import Event

from extract_stage_fixtures import context, one_incident


def test_enumerations_an_event_that_points_at_no_list_stays_one():
    state, inc = one_incident("Gunmen killed two police officers in Peshawar on Monday.", "The weather was fine.")
    ev = Event(doc_id="t", kind="event")
    assert split_enumerated(ev, inc, state, context()) == [ev]


def test_enumerations_victims_listed_in_two_provinces_are_two_events_the_toll_shared():
    state, inc = one_incident("The Taliban lost two officials - the governor of Baghlan and the governor of Takhar.",
                              "The two officials were assassinated by suicide bombers on Monday, with 4 guards.",
                              read=True)
    ev = Event(doc_id="t", kind="event", fatalities=4)
    one, two = split_enumerated(ev, inc, state, context())
    assert {one.admin1, two.admin1} == {"Baghlan", "Takhar"}
    assert (one.fatalities, two.fatalities) == (2, 2)
