"""Tolls told with words of harm ("was stabbed", "burnt alive six persons", "had risen from
58 to 60"): who was hurt, who died, and which figure is the toll."""
import pytest

from eventdesk.extract.casualties import parse_casualties


@pytest.mark.parametrize("text, fatalities, injuries", [
    ("A mob burnt alive four persons near the bus stand on Tuesday night.", 4, None),
    ("Just an hour after curfew was lifted, a shopkeeper was stabbed.", None, 1),
    ("The rally turned violent and one man was shot.", None, 1),
    ("Two farmers were shot and killed near their fields.", 2, None),
    ("A guard was stabbed to death at the gate.", 1, None),
    ("Villagers lynched two suspected thieves.", 2, None),
    ("Three people were shot dead at the market.", 3, None),
    ("A guard was fatally shot at the gate.", 1, None),
    ("Two farmers were mortally wounded in the raid.", 2, None),
    ("Critics called the remark a cheap shot at the mayor.", None, None),
])
def test_words_of_harm_give_the_count_its_role(text, fatalities, injuries):
    count = parse_casualties(text, 0)
    assert (count.fatalities, count.injuries) == (fatalities, injuries)


def test_an_attacker_who_shot_people_is_not_counted_as_hurt():
    count = parse_casualties("Four gunmen shot two guards outside the bank.", 0)
    assert count.injuries != 4


def test_a_toll_that_rose_from_one_figure_to_another_is_the_later_figure():
    count = parse_casualties("The death toll in the fire on the bus had risen from 31 to 35 by Sunday.", 0)
    assert count.fatalities == 35


def test_a_range_is_still_a_range():
    count = parse_casualties("Between 20 and 30 people were killed in the raid.", 0)
    assert count.fatalities == 20
