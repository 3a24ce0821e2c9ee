"""A news story tells its incident in the headline, the lead and again, with more detail, in the
paragraphs after: one record. A round-up's items and a comparison are told apart."""
import datetime

import pytest

from eventdesk import Pipeline
from eventdesk.model import Document


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def events(pipeline, text, published=datetime.date(2025, 3, 25)):
    return pipeline.process(Document(id="t", text=text, published=published))


def test_the_lead_told_again_with_detail_is_one_incident(pipeline):
    text = ("Militants storm army post in Gwoza, kill six soldiers\n\n"
            "Militants attacked an army post in Gwoza, Borno State, on Monday, killing six soldiers, "
            "military sources said.\n\n"
            "Insurgents on motorcycles arrived at about 5 p.m. on Monday and fought troops of the "
            "Gwoza garrison for two hours, killing six soldiers.\n\n"
            "A resident of Gwoza said the shooting could be heard across the town.")
    found = events(pipeline, text)
    assert len(found) == 1
    assert found[0].fatalities == 6


def test_a_round_up_opened_by_its_towns_keeps_them_apart(pipeline):
    text = ("Violence in three districts on bandh day\n\n"
            "Mobs torched shops and vehicles in Mandya district on Monday during the bandh.\n\n"
            "In Maddur, police opened fire when a mob of farmers tried to block the highway, "
            "killing one man.\n\n"
            "In Mandya town, protesters set fire to two buses and ransacked a government office.")
    found = events(pipeline, text)
    assert len(found) >= 2


def test_a_comparison_with_earlier_attacks_is_no_incident(pipeline):
    text = ("A suicide bomber killed the refugees minister inside his ministry in Kabul on "
            "Wednesday, officials said. He is the most senior official killed in an attack since "
            "the group returned to power in 2021.")
    found = events(pipeline, text, published=datetime.date(2024, 12, 12))
    assert len(found) == 1
    assert found[0].event_date == "2024-12-11"


@pytest.mark.parametrize("sentence", [
    "Hezbollah has been firing rockets and drones at northern Israel almost daily since October 8.",
    "Kenya has been a frequent target of al-Shabaab since it sent troops into Somalia in 2011.",
    "Remnants of the group continue to carry out hit-and-run attacks in the desert.",
    "The attack comes amid a resurgence of insurgent activity in northern Borno.",
    "More than 2,000 people have been killed in the state since 2019, officials say.",
])
def test_a_trend_told_after_the_incident_adds_no_record(pipeline, sentence):
    text = ("Gunmen killed four soldiers at a checkpoint in Dikwa, Borno State, on Monday, military "
            "sources said. " + sentence)
    assert len(events(pipeline, text)) == 1


def test_the_town_the_wounded_were_taken_to_is_no_incident_of_its_own(pipeline):
    text = ("A suicide bomber blew himself up at a rally in Khar, Bajaur district, Pakistan, on "
            "Sunday, killing 40 people. Rescue officials said more than 100 injured persons were "
            "shifted to hospitals in Peshawar and Timergara.")
    found = events(pipeline, text, published=datetime.date(2023, 7, 31))
    assert len(found) == 1
    assert found[0].location != "Peshawar"
