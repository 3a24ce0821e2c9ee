"""Bombing by an air force is an air strike by the state's military; a demonstration that
turned violent is a violent demonstration."""
import datetime

import pytest

from eventdesk import Pipeline
from eventdesk.model import Document


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def events(pipeline, text):
    return pipeline.process(Document(id="t", text=text, published=datetime.date(2023, 3, 10)))


@pytest.mark.parametrize("text", [
    "The air force has bombed and strafed the villages north of Suchitoto since Monday, the rebels said.",
    "THE AIR FORCE IS INDISCRIMINATELY BOMBING THE NEIGHBORHOODS OF SOYAPANGO, THE RADIO SAID.",
])
def test_an_air_force_bombing_is_an_air_strike_by_the_military(pipeline, text):
    [event] = events(pipeline, text)
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.actor1 == "Military Forces of El Salvador"


def test_a_demonstration_that_turned_violent_is_a_violent_demonstration(pipeline):
    [event] = events(pipeline, "On Friday demonstrations in Lyon turned violent and one man was shot, police said.")
    assert (event.event_type, event.sub_event_type) == ("Riots", "Violent demonstration")
