"""Words that announce another incident inside one paragraph ("in one incident", "also broke
out in", "another mob"), so a run of sentences is not read as one incident."""
from eventdesk.extract.candidates import find_candidates
from eventdesk.extract.incidents import group_incidents

from extract_stage_fixtures import context, state_of


def incidents_of(*texts):
    return group_incidents(find_candidates(state_of(*texts), context()), context()).incidents


def test_in_one_incident_opens_an_incident_of_its_own():
    incidents = incidents_of(
        "Rioting spread across the old quarter of Meerut on Tuesday as mobs set shops ablaze.",
        "In one incident, a mob stabbed a rickshaw puller near the clock tower.")
    assert len(incidents) == 2
    assert incidents[1].mentions[0].new_incident


def test_trouble_that_also_broke_out_elsewhere_is_another_incident():
    incidents = incidents_of(
        "A mob torched a bus depot in Aligarh on Sunday, and police fired tear gas at the crowd.",
        "Trouble also broke out in Bulandshahr, where rival mobs hurled stones at each other.")
    assert len(incidents) == 2


def test_another_mob_is_another_incident():
    incidents = incidents_of(
        "A mob of about 300 people attacked a temple in the walled city on Friday night.",
        "Another mob ransacked a party office two streets away and burnt its furniture.")
    assert len(incidents) == 2


def test_more_victims_told_with_also_stay_with_their_incident():
    incidents = incidents_of(
        "A car bomb exploded outside a police station in Kirkuk on Monday, killing six people.",
        "Two policemen were also killed in the blast.")
    assert len(incidents) == 1
