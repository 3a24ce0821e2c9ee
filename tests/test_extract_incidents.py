"""The incidents stage alone: which mentions are one incident, and why."""
from eventdesk.extract.candidates import find_candidates
from eventdesk.extract.incidents import Incident, dates_compatible, group_incidents

from extract_stage_fixtures import context, state_of


def with_mentions(*texts):
    """The state as the candidates stage leaves it (the fixture; the stage under test is next)."""
    return find_candidates(state_of(*texts), context())


def test_a_sentence_pointing_back_joins_the_incident_with_its_reason():
    state = group_incidents(with_mentions("Gunmen killed two police officers in Peshawar on Monday.",
                                          "The attack was claimed by the TTP."), context())
    [inc] = state.incidents
    assert isinstance(inc, Incident) and len(inc.mentions) == 2
    assert inc.joined == ["points back"]


def test_a_sentence_naming_a_town_of_its_own_is_another_incident():
    state = group_incidents(with_mentions("Gunmen killed two police officers in Peshawar on Monday.",
                                          "Gunmen killed a shopkeeper in Quetta on Monday."), context())
    assert [len(inc.mentions) for inc in state.incidents] == [1, 1]


def test_a_claim_told_after_the_incident_is_attached_to_it():
    state = with_mentions("Gunmen killed two police officers in Peshawar on Monday.",
                          "The TTP claimed responsibility.")
    state.mentions = state.mentions[:1]   # one candidate: the claim sentence is no mention here
    state = group_incidents(state, context())
    [inc] = state.incidents
    assert [c.name for _, c in inc.claims] == ["Tehrik-i-Taliban Pakistan"]


def test_dates_far_apart_are_not_compatible():
    state = with_mentions("Gunmen killed two police officers in Peshawar on 3 January 2023.",
                          "Gunmen killed two police officers in Peshawar on 9 March 2023.")
    first, second = state.mentions
    assert not dates_compatible([d for d in second.dates if d.value], Incident("event", [first]))
    assert dates_compatible([], Incident("event", [first]))


def test_a_paragraph_of_different_kinds_of_incident_keeps_them_apart():
    # one paragraph (no line breaks): a shooting, then a bombing with nothing pointing back
    state = group_incidents(with_mentions(
        "Later, a taxi driver was shot dead as he stepped out of his car.",
        "By evening, in a burst of intense bombing lasting an hour, at least nine people had died."), context())
    assert len(state.incidents) == 2


def test_a_paragraph_goes_on_telling_one_incident_only_nearby():
    texts = (["Gunmen stormed a police post in the north on Monday."] + ["The region has long been poor."] * 5
             + ["Gunmen also opened fire on a wedding party, killing three."])
    state = group_incidents(with_mentions(*texts), context())
    assert len(state.incidents) == 2


def test_an_attack_on_soldiers_told_next_to_a_battle_is_that_battle():
    state = group_incidents(with_mentions(
        "Al-Shabaab fighters clashed with Kenyan troops near the border on Monday.",
        "The fighters attacked the base from all directions."), context())
    assert len(state.incidents) == 1


def test_a_bare_back_reference_skips_a_background_incident():
    state = group_incidents(with_mentions(
        "A bomb exploded in a rubbish bin in Chelsea on Saturday night, injuring 29 people.",
        "Nail-packed pipes were also used in the bombs that went off at a Madrid railway station in 2004.",
        "Paramedics hurried to the site of the explosion."), context())
    chelsea, madrid = state.incidents
    assert len(chelsea.mentions) == 2 and chelsea.joined == ["points back past a background incident"]


def test_a_back_reference_told_later_with_the_date_of_its_telling_joins():
    texts = ["A bomb exploded in a rubbish bin in Chelsea on Saturday night, injuring 29 people."] + \
        ["Witnesses described the noise and the smoke."] * 4 + \
        ["The mayor said on Sunday the explosion was intentional."]
    state = group_incidents(with_mentions(*texts), context())
    assert len(state.incidents) == 1


def test_a_mention_with_nothing_of_its_own_joins_an_earlier_incident_of_its_kind():
    state = group_incidents(with_mentions(
        "Dozens rioted in Brooklyn on Monday night after a vigil.",
        "Police said on Sunday that officers shot a teenager who pointed a gun at them.",
        "A council member lamented that a peaceful vigil had devolved into a riot."), context())
    riot, shooting = state.incidents
    assert len(riot.mentions) == 2
    assert riot.joined == ["nothing of its own, the kind of an incident told before"]


def test_a_statement_about_the_known_incident_dated_by_its_telling_joins_it():
    state = group_incidents(with_mentions(
        "A bomb exploded in a rubbish bin in Chelsea on Saturday night, injuring 29 people.",
        "Police found a second device four blocks away.",
        "On Sunday the governor said the explosion was an act of terrorism."), context())
    assert state.incidents[0].joined[-1] in ("names an incident already told", "points back")
    assert all("governor" not in m.sentence.text for inc in state.incidents[1:] for m in inc.mentions)


def test_a_riot_headline_is_the_protest_its_lead_reports():
    # a riot is a demonstration turned violent: the headline and the lead told in a protest's words
    state = state_of("Riots in Lyon after police shooting",
                     "Hundreds of demonstrators marched through Lyon on Tuesday night.")
    state.sentences[0].kind = "heading"
    state = group_incidents(find_candidates(state, context()), context())
    [inc] = state.incidents
    assert inc.joined == ["reports what the headline announced"]


def test_the_story_goes_on_after_an_aside_about_an_earlier_incident():
    state = group_incidents(with_mentions(
        "A bomb exploded at a bus station in Quetta on Saturday, killing four people.",
        "In 2013 a similar bombing at the same station killed 20.",
        "Police said the bomb had been planted under a bench."), context())
    story, aside = state.incidents
    assert len(story.mentions) == 2 and len(aside.mentions) == 1


def test_a_reference_back_that_names_another_place_is_not_the_incident_just_told():
    state = group_incidents(with_mentions(
        "Two men were stabbed in Hyderabad on Thursday, police said.",
        "The toll from the attack on the bus at Warangal has climbed to five after two more passengers died.",
        "The attack in Hyderabad was the first in the city in a week."), context())
    assert [[m.sentence.position for m in inc.mentions] for inc in state.incidents] == [[0, 2], [1]]
    assert "points back to an incident at another place" not in state.incidents[0].joined


def test_an_event_told_as_the_next_day_is_another_incident_dated_from_the_one_before():
    state = group_incidents(with_mentions(
        "On 8 March 2023 a bomb exploded at a bus station in Mardan, wounding nine people.",
        "The blast damaged several shops.",
        "The next day, the same cell detonated a bomb outside a police post, wounding two officers."),
        context())
    first, second = state.incidents
    assert len(first.mentions) == 2 and second.first.sentence.position == 2
    assert [d.value.isoformat() for d in second.counted_dates] == ["2023-03-09"]


def test_a_toll_told_the_next_day_is_still_the_incident():
    state = group_incidents(with_mentions(
        "On 8 March 2023 a bomb exploded at a bus station in Mardan, wounding nine people.",
        "The next day, two of the wounded died in hospital."), context())
    [inc] = state.incidents
    assert len(inc.mentions) == 2


def test_an_event_dated_a_week_after_another_clause_is_not_counted_from_the_incident():
    state = group_incidents(with_mentions(
        "Gunmen attacked a checkpoint in Mardan on 8 March 2023.",
        "The raid came a week after militants attacked a school in the same town."), context())
    assert all(not inc.counted_dates for inc in state.incidents)


def test_an_event_told_days_after_the_incident_it_names_is_another_incident():
    state = group_incidents(with_mentions(
        "On 8 March 2023 a bomb exploded at a bus station in Mardan, wounding nine people.",
        "One of the bombers died in a gunfight with police two days after the bombing."), context())
    first, second = state.incidents
    assert [d.value.isoformat() for d in second.counted_dates] == ["2023-03-10"]
    assert {t.family.name for t in second.first.triggers} == {"clash"}


def test_an_event_told_days_later_is_another_incident():
    state = group_incidents(with_mentions(
        "On 8 March 2023 a bomb exploded at a bus station in Mardan, wounding nine people.",
        "Days later, gunmen ambushed a police patrol near the station."), context())
    assert len(state.incidents) == 2


def test_a_claim_of_both_attacks_is_attached_to_each():
    state = with_mentions("A suicide bomber struck a rally in Charikar on 8 March 2023, killing 26 people.",
                          "Hours later, a second bomber blew himself up near a bank in Kabul, killing 22.",
                          "The TTP claimed responsibility for both attacks.")
    state.mentions = state.mentions[:2]   # the claim sentence is no mention here
    state = group_incidents(state, context())
    assert len(state.incidents) == 2
    assert all([c.name for _, c in inc.claims] == ["Tehrik-i-Taliban Pakistan"] for inc in state.incidents)


def test_a_claim_of_one_attack_is_attached_to_the_latest():
    state = with_mentions("A suicide bomber struck a rally in Charikar on 8 March 2023, killing 26 people.",
                          "Hours later, a second bomber blew himself up near a bank in Kabul, killing 22.",
                          "The TTP claimed responsibility for the Kabul bombing.")
    state.mentions = state.mentions[:2]
    state = group_incidents(state, context())
    assert [len(inc.claims) for inc in state.incidents] == [0, 1]


def test_a_killing_told_in_another_quarter_of_the_city_is_another_incident():
    state = group_incidents(with_mentions(
        "Shootings went on in Lahore overnight. A man was killed in a gun battle between police and "
        "gunmen in the Bilal Ganj area.",
        "Later, a shopkeeper was shot dead at his door in Ferozepur Road."), context())
    assert [len(inc.mentions) for inc in state.incidents] == [1, 1]
    assert state.incidents[1].joined == [] and state.incidents[1].quarters() == {"ferozepur road"}


def test_a_sentence_in_the_same_quarter_goes_on_with_its_incident():
    state = group_incidents(with_mentions(
        "A man was killed in a gun battle between police and gunmen in the Bilal Ganj area.",
        "Two more were wounded when the firing resumed in the Bilal Ganj area."), context())
    assert len(state.incidents) == 1


def test_an_earlier_incidents_toll_told_again_joins_it_wherever_it_is_named():
    state = group_incidents(with_mentions(
        "Gunmen stormed a bus near Quetta on March 2, killing 14 passengers.",
        "On Tuesday a bomb killed two policemen in Sibi.",
        "Officials said the toll in the attack on the bus at Mastung had risen from 12 to 14."), context())
    first = state.incidents[0]
    assert len(first.mentions) == 2
    assert "the toll of an incident told before, told again" in first.joined


def test_a_statement_naming_a_street_of_its_own_is_no_mere_comment():
    state = group_incidents(with_mentions(
        "Later, a man was shot dead when he answered a knock at his door in Deerpark Road.",
        "The army said that after midnight its posts on the Falls Road came under intense gunfire."), context())
    assert len(state.incidents) == 2


def test_reports_the_text_then_calls_rumours_are_no_incidents():
    state = group_incidents(with_mentions(
        "Twenty pilgrims were lynched in the old city on Friday.",
        "A bus was torched near the railway station.",
        "But wait! These were only rumours which did the rounds of the city."), context())
    assert state.incidents == []


def test_a_rumour_of_a_second_blast_leaves_the_first_standing():
    state = group_incidents(with_mentions(
        "A bomb exploded at a market in Kabul on Friday, killing five people.",
        "Police said reports of a second explosion near the airport were false."), context())
    assert any(inc.first.sentence.position == 0 for inc in state.incidents)


def test_one_blast_of_a_series_told_with_a_street_and_toll_of_its_own_is_an_incident():
    state = group_incidents(with_mentions(
        "By the time it was all over, some 20 bombs had gone off in the city centre.",
        "The worst explosion was at the busy Oxford Street bus station, where at least six people were killed."),
        context())
    assert len(state.incidents) == 2


def test_an_incident_called_by_its_name_is_told_again_at_that_name():
    state = group_incidents(with_mentions(
        "A court convicted a friend of the Rynek Square bombing suspect of impeding the inquiry into the deadly blast.",
        "The student had hidden the bag, prosecutors said.",
        "The man was sentenced to ten years.",
        "The trial heard from dozens of witnesses.",
        "Two bombs exploded in the crowd at the Rynek Square, killing three people."), context())
    bombing = [inc for inc in state.incidents if "rynek square" in inc.incident_names()]
    assert len(bombing) == 1 and "names the incident told before by its name" in bombing[0].joined


def test_meanwhile_turns_to_another_incident_only_at_a_town_of_its_own():
    state = group_incidents(with_mentions(
        "Rebels attacked army positions in San Salvador on Monday night.",
        "Meanwhile, fighting continues in the northern area of San Salvador.",
        "Meanwhile, in Usulutan, rebels ambushed an army patrol."), context())
    assert [len(inc.mentions) for inc in state.incidents] == [2, 1]


def test_an_incident_named_by_its_place_after_the_event_noun_is_told_again_there():
    state = group_incidents(with_mentions(
        "A witness identified the man who rented the truck used in the bombing of the Oklahoma City federal building.",
        "The trial heard from dozens of witnesses.",
        "The man sat silent.",
        "The jury heard that the truck bomb exploded outside the building in Oklahoma City, killing 168 people."),
        context())
    assert len(state.incidents) == 1


def test_a_country_named_like_a_town_is_no_town_of_its_own():
    from eventdesk.extract.candidates import local_places
    assert local_places("Militants attack army post in central Mali, six soldiers killed") == frozenset()
    assert local_places("Fighters attacked a post near Boni in the Mopti region.") == {"boni", "mopti"} or \
        "mopti" in local_places("Fighters attacked a post near Boni in the Mopti region.")


def test_a_town_named_short_and_in_full_is_one_town():
    from eventdesk.extract.incidents import share_a_town
    assert share_a_town({"rio", "mare"}, {"rio de janeiro"})
    assert share_a_town({"complexo da mare"}, {"mare"})
    assert not share_a_town({"north waziristan"}, {"south waziristan"})


def test_what_the_attackers_told_before_do_next_is_their_incident():
    state = group_incidents(with_mentions(
        "Insurgents attacked the town of Quissanga on Tuesday, clashing with troops for hours.",
        "Residents fled as the fighters looted shops and a food warehouse."), context())
    [inc] = state.incidents
    assert inc.joined == ["its attackers, told before, do more"]


def test_violence_of_another_kind_with_nothing_of_its_own_told_right_after_is_the_same_fight():
    state = group_incidents(with_mentions(
        "Troops raided the camp in Jenin on Thursday, exchanging fire with gunmen for two hours.",
        "Soldiers said an explosive device was thrown at their vehicles."), context())
    assert len(state.incidents) == 1
