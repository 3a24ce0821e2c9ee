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


def test_another_device_found_nearby_is_an_incident_of_its_own():
    incidents = incidents_of(
        "A pipe bomb exploded in a rubbish bin outside a shopping centre in Lyon on Saturday night.",
        "Shortly afterwards, police said they had found another suspicious explosive device two streets away.")
    assert len(incidents) == 2


def test_statements_about_the_bombing_told_with_dates_of_their_own_stay_with_it():
    # one run-together paragraph: officials tell more of the blast on the day after it
    incidents = incidents_of(
        "A bomb exploded outside a bank in Lyon on Saturday night, wounding nine people.",
        "The prefect, who took office on Friday, told reporters on Sunday that the bomb was packed with nails.",
        "Investigators were still trying on Sunday to establish what kind of bomb had exploded.")
    assert len(incidents) == 1
    assert incidents[0].joined[-1] == "the same kind of event at a time and place that fit"


def test_a_shooting_told_after_a_bombing_in_the_same_paragraph_is_not_joined_by_kind():
    incidents = incidents_of(
        "A bomb exploded outside a bank in Lyon on Saturday night, wounding nine people.",
        "On Sunday, gunmen shot at a police patrol on the ring road.")
    assert len(incidents) == 2


def test_a_massacre_recalled_in_passing_is_anchored():
    from eventdesk.extract.incidents import anchored
    state = group_incidents(find_candidates(state_of(
        "The town has been tense since the massacre at the railway station took place on Wednesday."),
        context()), context())
    assert len(state.incidents) == 1 and anchored(state.incidents[0], context())


def test_a_statement_about_the_attack_told_first_is_the_attack_told_after_it():
    incidents = incidents_of(
        "The interior ministry said in a statement that the bombing was a cowardly act.",
        "A car bomb exploded outside a police station in Kirkuk on Monday, killing six people.")
    [incident] = incidents
    assert incident.first.sentence.position == 1   # the report of the bombing leads
    assert incident.joined == ["comments on the incident told here"]


def test_a_statement_with_a_toll_of_its_own_is_not_folded():
    incidents = incidents_of(
        "A car bomb exploded outside a police station in Kirkuk on Monday, killing six people.",
        "Police said gunmen killed two shepherds in Hawija on Tuesday.")
    assert len(incidents) == 2


def incidents_of_paragraphs(*texts):
    """Each text a paragraph of its own."""
    import dataclasses
    state = state_of(*texts)
    state.sentences = [dataclasses.replace(sent, block=i) for i, sent in enumerate(state.sentences)]
    return group_incidents(find_candidates(state, context()), context()).incidents


def test_a_quote_in_another_paragraph_is_the_only_riot_the_article_tells():
    incidents = incidents_of_paragraphs(
        "Rioters threw bottles at police and looted a pharmacy in Flatbush on Monday night.",
        "“I'm in the middle of the riot right now,” a councilman wrote.")
    assert len(incidents) == 1


def test_a_dated_aside_in_another_paragraph_is_not_joined_by_kind():
    incidents = incidents_of_paragraphs(
        "Rioters threw bottles at police and looted a pharmacy in Flatbush on Monday night.",
        "In 2011, a riot in the same district left two people dead.")
    assert len(incidents) == 2


def test_the_items_of_one_at_another_at_are_incidents_of_their_own():
    incidents = incidents_of(
        "Police said two attacks took place on Sunday - one at Kalol, where a mob burnt "
        "down four shops, and another at Halol, where three men were stabbed to death.")
    assert len(incidents) == 2
    assert [sorted(inc.places()) for inc in incidents] == [["kalol"], ["halol"]]


def test_one_of_them_without_a_second_item_is_one_sentence():
    from eventdesk.extract.candidates import partitive_clauses
    state = state_of("One of the attackers was killed in Kalol when police opened fire.")
    [sent] = state.sentences
    assert partitive_clauses(sent, context()) == [sent]
