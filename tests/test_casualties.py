"""Casualty counts from single sentences (sentences written for these tests)."""
import pytest

from eventdesk.extract.casualties import CasualtyCount, merge_counts, parse_casualties


@pytest.mark.parametrize("sentence, killed, injured", [
    ("Three guards were killed and 6 others were wounded near the gate.", 3, 6),
    ("The explosion ripped through the bazaar, killing at least 38 people and wounding at least 65 others.",
     38, 65),
    ("The truck bomb left 12 killed and more than 35 injured.", 12, 35),
    ("A later attack left 27 dead and more than 60 injured.", 27, 60),
    ("The explosion resulted in the death of 17 pupils while more than 40 others sustained injuries.", 17, 40),
    ("Gunmen opened fire on a minibus, claiming the lives of six passengers and wounding multiple others.",
     6, None),
    ("Two alleged gunmen stormed the guesthouse and injured five foreign guests.", None, 5),
    ("Assailants shot and killed a night watchman outside the depot.", 1, None),
    ("Haidari, the district police chief, was killed, and three of his guards were hurt in the explosion.", 1, 3),
    ("At least one border guard was killed and another guard was wounded in the ambush.", 1, 1),
    ("A rocket hit an empty field. There were no casualties.", 0, 0),
    ("An unknown number of villagers were killed in the raid.", None, None),
    ("Militants killed twenty-one soldiers at the outpost.", 21, None),
    ("Officials said over 100 people were killed.", 100, None),
    ("Dozens were killed when the roof collapsed after the strike.", 12, None),
    ("Police said hundreds were injured in the stampede.", None, 100),
])
def test_killed_and_injured(sentence, killed, injured):
    c = parse_casualties(sentence)
    assert (c.fatalities, c.injuries) == (killed, injured)


def test_unsplit_casualties_are_not_forced_into_killed():
    c = parse_casualties("A minibus hit a roadside mine, leaving 9 casualties.")
    assert c.casualties == 9 and c.fatalities is None


def test_sum_of_parts():
    c = parse_casualties("The bomber struck the gate, killing two guards and four visa applicants.")
    assert c.fatalities == 6


def test_total_kept_over_breakdown():
    c = parse_casualties("The airport bombing killed more than 170 people; the dead included 28 local "
                         "fighters, 13 foreign troops and two contractors.")
    assert c.fatalities == 170 and c.fatalities_low == 171
    c = parse_casualties("The blast killed more than 170, killing 28 local fighters, 13 foreign troops "
                         "and two contractors.")
    assert c.fatalities == 170
    assert any("43" in n for n in c.notes)


@pytest.mark.parametrize("sentence, low, best, high", [
    ("Between 10 and 15 people were killed.", 10, 10, 15),
    ("Reports said 10-15 people died.", 10, 10, 15),
    ("Nearly 30 people were killed.", None, 30, 30),
    ("Up to 12 people were killed.", None, 12, 12),
    ("At least 8 people were killed.", 8, 8, None),
])
def test_qualifiers_and_ranges(sentence, low, best, high):
    c = parse_casualties(sentence)
    assert (c.fatalities_low, c.fatalities, c.fatalities_high) == (low, best, high)


def test_vague_words_follow_acled_only_on_request():
    s = "Commandos stormed the compound and killed several of the gang's members."
    assert parse_casualties(s).fatalities is None
    assert parse_casualties(s).fatalities_low == 2
    assert parse_casualties(s, acled_vague=True).fatalities == 10


@pytest.mark.parametrize("sentence", [
    "On 11 March 2023, two attacks (4 explosions) hit the college.",
    "A 25-year-old shopkeeper said he heard 119 attacks were recorded in 2021.",
    "The meeting started at 10:30 on May 7 in district 5.",
    "Two alleged gunmen fled towards the river.",
])
def test_numbers_that_are_not_casualties(sentence):
    assert parse_casualties(sentence).is_empty()


def test_attackers_counted_and_kept_apart():
    c = parse_casualties("Three soldiers and four attackers were killed in the firefight.")
    assert c.fatalities == 7 and c.attacker_fatalities == 4
    c = parse_casualties("In addition to the gunman, four people were killed and another 19, "
                         "among them two guards, were wounded.")
    assert (c.fatalities, c.attacker_fatalities, c.injuries) == (5, 1, 19)
    c = parse_casualties("A suicide attacker blew himself up at the checkpoint, killing three soldiers.")
    assert (c.fatalities, c.attacker_fatalities) == (3, 1)


def test_spans_are_shifted_by_offset():
    s = "Three people were killed."
    c = parse_casualties(s, offset=100)
    assert c.spans and all(100 <= a < b <= 100 + len(s) for a, b in c.spans)
    assert s[c.spans[0][0] - 100:c.spans[0][1] - 100].startswith("Three")


def test_merge_keeps_larger_counts_and_all_spans():
    a = parse_casualties("Five people died in the explosion.")
    b = parse_casualties("The death toll rose to 8, and 12 were injured.", offset=40)
    m = merge_counts(a, b)
    assert (m.fatalities, m.injuries) == (8, 12)
    assert len(m.spans) == len(a.spans) + len(b.spans)
    assert merge_counts(CasualtyCount(), CasualtyCount()).is_empty()


def test_a_death_toll_that_rose_to_a_figure_counts_the_dead():
    from eventdesk.extract.casualties import parse_casualties
    c = parse_casualties("The death toll from Monday's suicide bombing at a mosque in Peshawar rose to 100 on "
                         "Wednesday, hospital officials said.")
    assert c.fatalities == 100
    assert parse_casualties("The toll rose to at least 45 on Tuesday.").fatalities_low == 45


def test_victims_in_one_sentence_and_attackers_alone_in_another_add_up():
    from eventdesk.extract.casualties import merge_counts, parse_casualties
    a = parse_casualties("Fighters overran a base in Marte, killing at least seven soldiers.")
    b = parse_casualties("The army said it killed 12 insurgents.")
    total = merge_counts(a, b)
    assert (total.fatalities, total.attacker_fatalities) == (19, 12)


def test_a_toll_followed_by_per_and_its_source_still_counts():
    from eventdesk.extract.casualties import parse_casualties
    c = parse_casualties("A bomb went off in a mosque, killing at least 12 and wounding 40 others per local officials.")
    assert (c.fatalities, c.injuries) == (12, 40)
    assert parse_casualties("Turnout rose 20 per cent in the city.").fatalities is None


def test_a_running_toll_gives_the_named_incident_only_its_own_dead():
    from eventdesk.extract.casualties import parse_casualties
    c = parse_casualties("Six days after the clashes erupted, the overall toll has reached 412, including "
                         "the 35 passengers who were killed in the arson attack on the Kalinga Express on March 4.")
    assert c.fatalities == 35
    c = parse_casualties("The death toll from Monday's bombing rose to 100, including 20 children.")
    assert c.fatalities == 100


def test_a_total_told_twice_in_one_sentence_counts_once():
    # a headline run into its lead: "7 killed in Vadodara" then "at least seven persons ..."
    c = parse_casualties("7 killed in Vadodara at least seven persons have been killed and 30 "
                         "injured in mob attacks on three localities on Thursday")
    assert (c.fatalities, c.injuries) == (7, 30)
