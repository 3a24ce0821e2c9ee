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


@pytest.mark.parametrize("text", [
    "Protesters marched through Nairobi on Tuesday and set two police cars ablaze, witnesses said.",
    "Hundreds of students rallied in Dhaka on Monday and threw bricks and bottles at the police.",
    "A march against fuel prices in Lagos turned very violent on Saturday, police said.",
])
def test_demonstrators_who_burn_or_throw_are_a_violent_demonstration(pipeline, text):
    [event] = events(pipeline, text)
    assert (event.event_type, event.sub_event_type) == ("Riots", "Violent demonstration")


def test_police_who_only_tell_of_a_killing_are_no_side_in_a_fight(pipeline):
    [event] = events(pipeline, "Gunmen shot dead a shopkeeper in Peshawar on Monday, police said.")
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")


def test_an_attack_on_a_police_post_is_still_a_clash(pipeline):
    [event] = events(pipeline, "Gunmen attacked a police post in Bannu on Monday, killing two policemen, "
                               "police said.")
    assert event.event_type == "Battles"
