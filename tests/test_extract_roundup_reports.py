"""A round-up of a day's attacks across a country: one record per attack, none for the
summary lead, a suicide car bomber's strike a suicide bomb, and "the Ghazni bombing" a
reference back to the bombing told at Ghazni."""
import datetime

import pytest

from eventdesk import Pipeline
from eventdesk.model import Document

ROUNDUP = (
    "MOSUL - A spate of attacks across northern Iraq killed at least 19 people on Sunday, "
    "officials said.\n\n"
    "In Tikrit, a suicide truck bomber rammed a police checkpoint, killing seven policemen.\n\n"
    "Gunmen shot dead a village headman near Hawija later in the day.\n\n"
    "A roadside bomb struck an army patrol in Baiji, killing four soldiers.\n\n"
    "No group claimed the Baiji bombing.")


@pytest.fixture(scope="module")
def events():
    return Pipeline().process(Document(id="r", text=ROUNDUP, published=datetime.date(2016, 5, 9)))


def test_the_summary_lead_is_no_record_of_its_own(events):
    assert len(events) == 3 and {"Baiji", "Tikrit"} <= {e.location for e in events}


def test_a_suicide_truck_bomber_is_a_suicide_bomb(events):
    tikrit = next(e for e in events if e.location == "Tikrit")
    assert (tikrit.event_type, tikrit.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")


def test_the_bombing_named_by_its_town_is_that_bombing(events):
    baiji = next(e for e in events if e.location == "Baiji")
    assert any("claimed the Baiji bombing" in ev.text for ev in baiji.evidence)
