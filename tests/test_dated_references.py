"""A wire dateline dates the report, not the event; an attack named by its day ("condemned
Saturday's attack") is the incident of that day, whatever the story recalled in between."""
import datetime

import pytest

from eventdesk import Pipeline
from eventdesk.model import Document


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def records(pipeline, text, published=datetime.date(2024, 3, 3)):
    return pipeline.process(Document(id="t", text=text, published=published))


def test_the_event_takes_its_weekday_not_the_datelines_date(pipeline):
    text = ("MOGADISHU, March 3 (Reuters) - Al Shabaab militants stormed a hotel in the capital on "
            "Saturday evening, killing nine people, police said.")
    [event] = records(pipeline, text)
    assert event.event_date == "2024-03-02"


def test_a_reference_to_the_attack_of_a_day_joins_that_days_incident(pipeline):
    text = ("Militants set off a car bomb outside a police station in Bannu on Saturday, killing "
            "seven officers, police said.\n\n"
            "The blast came two weeks after gunmen ambushed an army convoy near Lakki Marwat on "
            "Feb. 17, killing four soldiers.\n\n"
            "The provincial governor condemned Saturday's attack and promised to hunt down those "
            "behind it.")
    found = sorted((e.event_date, e.fatalities) for e in records(pipeline, text))
    assert found == [("2024-02-17", 4), ("2024-03-02", 7)]


def test_a_days_violence_elsewhere_stays_an_incident_of_its_own(pipeline):
    text = ("Rioters set fire to shops in Vadodara on Thursday, killing two people.\n\n"
            "In Godhra, a mob attacked a bus on Thursday night and killed five passengers.")
    assert len(records(pipeline, text)) == 2
