"""Event words of kinds the lexicon lacked: an uprising put down, a break-in that wrecks an
office, a march told by its marchers, an armed group's own word of what it will attack."""
import datetime

import pytest

from eventdesk import Pipeline
from eventdesk.model import Document


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def records(pipeline, text):
    return [(e.kind, e.event_type, e.sub_event_type)
            for e in pipeline.process(Document(id="t", text=text, published=datetime.date(2023, 3, 10)))]


def test_an_uprising_crushed_by_troops_is_fighting(pipeline):
    assert records(pipeline, "Rebel fighters crossed into Dagestan, but within weeks Russian troops had "
                             "crushed the uprising.") == [("event", "Battles", "Armed clash")]


def test_a_group_that_broke_in_and_wrecked_an_office_is_mob_violence(pipeline):
    assert records(pipeline, "A group of youths broke into the Congress office in Secunderabad and "
                             "damaged furniture on Friday.") == [("event", "Riots", "Mob violence")]


def test_marchers_with_a_crowd_size_are_a_protest(pipeline):
    assert records(pipeline, "In Boston, about 3,000 marchers headed for the state house on Saturday, "
                             "chanting against the new law.") == [("event", "Protests", "Peaceful protest")]


def test_marchers_in_passing_are_no_protest(pipeline):
    assert records(pipeline, "The square was full of marchers and tourists last summer.") == []


def test_an_armed_groups_word_of_what_its_units_will_attack_is_a_threat(pipeline):
    kinds = [kind for kind, _, _ in records(
        pipeline, "OUR UNITS WILL ATTACK THE GUATEMALAN TROOPS IF THEY ENTER OUR TERRITORY, THE REBEL RADIO SAID.")]
    assert kinds == ["threat"]
