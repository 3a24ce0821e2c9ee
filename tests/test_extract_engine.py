"""Extraction end to end on short reports written for these tests."""
import pytest

import eventdesk
from eventdesk.extract.classify import classify
from eventdesk.extract.lexicon import lexicon


def events(text, published="2023-03-10"):
    return eventdesk.extract(text, published=published, doc_id="t")


def test_a_suicide_bombing_with_its_toll_claim_date_and_place():
    text = ("KABUL - A suicide attacker blew himself up in a crowded Shia mosque in Kunduz city on Friday, "
            "killing at least 39 worshippers and wounding 64 others. "
            "Islamic State Khorasan Province claimed responsibility for the attack.")
    [ev] = events(text)
    assert (ev.event_type, ev.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")
    assert ev.fatalities == 39 and ev.injuries == 64
    assert ev.claimed_by == "Islamic State Khorasan Province" == ev.actor1
    assert ev.target_type == "Religious"
    assert ev.event_date == "2023-03-10" and ev.date_precision == "day"
    assert ev.country == "Afghanistan" and ev.admin1 == "Kunduz"
    for span in ev.evidence:
        assert text[span.start:span.end] == span.text
    assert any("claimed_by" in span.fields for span in ev.evidence)


def test_each_list_item_is_its_own_event_and_inherits_the_actor_of_the_list():
    text = ("A list of recent Daesh attacks in Afghanistan:\n\n"
            "    • On 3 May 2022, a magnetic bomb attached to a minivan exploded in Kabul, killing 4 people.\n"
            "    • On 9 May 2022, a roadside bomb hit a police vehicle in Jalalabad, killing two officers.\n")
    evs = events(text, published="2022-06-01")
    assert [e.event_date for e in evs] == ["2022-05-03", "2022-05-09"]
    assert all(e.actor1 == "Islamic State Khorasan Province" for e in evs)
    assert [e.fatalities for e in evs] == [4, 2]


def test_later_sentences_about_the_same_attack_enrich_one_record():
    text = ("Gunmen stormed a hotel in Kabul on Monday. The attack lasted several hours. "
            "Five Chinese guests were injured in the assault, police said.")
    [ev] = events(text, published="2022-12-13")
    assert ev.injuries == 5 and ev.target_type == "Business"
    assert len(ev.evidence) >= 2


def test_aggregate_statistics_denials_and_hypotheticals_are_not_events():
    text = ("Over the first six months of 2022, the group staged 86 attacks across Afghanistan. "
            "The spokesman denied reports that the army had shelled the village. "
            "The army will begin a large-scale operation against the militants in the spring. "
            "Daesh poses a serious threat to the region.")
    assert events(text) == []


def test_a_reported_threat_is_a_threat_record_with_its_target():
    text = "Daesh fighters have threatened to strike the Turkish and Indian embassies in Kabul."
    [ev] = events(text)
    assert ev.kind == "threat" and ev.target_type == "Diplomatic"
    assert ev.actor1 == "Islamic State Khorasan Province" and ev.event_type is None


def test_two_embassies_attacked_are_two_events_each_named_again_later():
    text = ("The group was behind an attack on the Turkish and Egyptian embassies. "
            "An IS-K suicide attacker detonated his vest at the gate of the Turkish embassy last September, "
            "killing three guards and three Afghan applicants.")
    evs = events(text, published="2023-02-14")
    turkish = [e for e in evs if "Turkish" in (e.target or "")]
    assert len(evs) == 2 and len(turkish) == 1
    assert turkish[0].fatalities == 6 and turkish[0].event_date == "2022-09-01"
    assert turkish[0].date_precision == "month"


def test_natural_disasters_are_not_conflict_events():
    text = ("A strong earthquake struck the province on Monday, killing 25 people. "
            "A gas cylinder exploded in a restaurant, injuring three.")
    assert events(text) == []


@pytest.mark.parametrize("text, expected", [
    # mortars fired alongside small arms at armed positions: an armed clash (ACLED)
    ("On 2 May 2020, separatist forces fired 120mm mortars, small arms and grenade launchers at government "
     "positions near Marinka, Donetsk.", ("Battles", "Armed clash")),
    ("On 2 May 2020, rebel forces shelled a residential area of Avdiivka, Donetsk, with 82mm mortars.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    # two groups clashing over land: mob violence; rebels clashing with troops: a battle
    ("On 30 April 2020, two rival groups of villagers clashed over a land dispute in Gonda district, "
     "Uttar Pradesh. One man was killed and three injured.", ("Riots", "Mob violence")),
    ("On 30 April 2020, rebels clashed with troops in Ballia district, Uttar Pradesh, killing one soldier.",
     ("Battles", "Armed clash")),
    # demonstrators' barricades are a violent demonstration; police suppressing a march, an intervention
    ("On 3 May 2020, protesters set up barricades and burned tyres on the main road in Beirut, Lebanon.",
     ("Riots", "Violent demonstration")),
    ("On 3 May 2020, police suppressed a peaceful march of opposition supporters in Goma, North Kivu.",
     ("Protests", "Protest with intervention")),
    # who took the ground decides the territory type, not the verb
    ("On 13 December 2019, ISIS fighters retook the village of Al-Shafa, Deir ez-Zor, Syria, from the army.",
     ("Battles", "Non-state actor overtakes territory")),
    ("On 13 December 2019, Syrian government troops regained control of the town of Maarat al-Numan, Idlib, "
     "Syria.",
     ("Battles", "Government regains territory")),
    # party supporters torching a police van: a violent demonstration
    ("On 3 March 2023, supporters of the opposition PTI set fire to a police van in Lahore, Pakistan.",
     ("Riots", "Violent demonstration")),
    # a chemical attack
    ("On 3 May 2020, government forces carried out a chemical attack on a village in Idlib, Syria.",
     ("Explosions/Remote violence", "Chemical weapon")),
])
def test_acled_types_of_fire_and_clashes(text, expected):
    [ev] = events(text, published="2020-05-04")
    assert (ev.event_type, ev.sub_event_type) == expected


def test_no_text_no_events():
    assert events("") == [] and events("The weather was fine.") == []


@pytest.mark.parametrize("families, target, expected", [
    ({"protest"}, None, ("Protests", "Peaceful protest")),
    ({"armed_attack"}, "Military/Police", ("Battles", "Armed clash")),
    ({"armed_attack"}, "Private Citizens", ("Violence against civilians", "Attack")),
    ({"weapons", "ied"}, None, ("Strategic developments", "Disrupted weapons use")),
    # rifles seized after a fight or a town taken are its spoils, not the event
    ({"weapons", "clash"}, None, ("Battles", "Armed clash")),
    ({"weapons", "territory_nonstate"}, None, ("Battles", "Non-state actor overtakes territory")),
    ({"raid", "arrest"}, None, ("Strategic developments", "Arrests")),
])
def test_classification_from_trigger_families(families, target, expected):
    fams = {name: lexicon().family[name] for name in families}
    assert classify(fams, target, "") == expected


def test_protest_met_with_tear_gas_is_a_protest_with_intervention():
    fams = {"protest": lexicon().family["protest"]}
    assert classify(fams, None, "Police fired tear gas to disperse the protesters.")[1] == "Protest with intervention"


def test_victims_listed_in_different_provinces_become_one_record_each():
    text = ("Earlier this year, the Taliban lost two senior officials \u2013 the police chief of Baghlan "
            "province and the deputy governor of Takhar. The two officials were assassinated by "
            "Daesh suicide bombers.")
    evs = events(text, published="2023-08-01")
    assert sorted(e.admin1 for e in evs) == ["Baghlan", "Takhar"]
    for ev in evs:
        assert ev.sub_event_type == "Suicide bomb"
        assert any(ev.admin1 in span.text for span in ev.evidence)


def test_victims_listed_in_one_place_stay_one_record():
    text = ("The district lost two officials \u2013 its police chief and its mayor. The two officials "
            "died when a suicide bomber struck in Kunduz city on Monday.")
    assert len(events(text)) == 1


def test_habitual_attacks_are_no_incident():
    text = ("The group kept attacking mosques, schools and other busy places, and killed or maimed "
            "hundreds of civilians.")
    assert events(text) == []


def test_a_raid_by_named_gunmen_on_hotel_guests_is_violence_against_civilians():
    [ev] = events("Two IS-K gunmen raided a hotel in Kabul on Monday and wounded five Chinese guests.")
    assert (ev.event_type, ev.sub_event_type) == ("Violence against civilians", "Attack")


def test_unknown_gunmen_killing_a_militia_fighter_is_a_battle():
    [ev] = events("On 7 May 2020, unknown gunmen shot and killed an SDF fighter near Shadadah.",
                  published="2020-05-09")
    assert ev.event_type == "Battles"


def test_a_truck_driven_into_a_crowd_is_an_attack():
    [ev] = events("A man drove a lorry into shoppers at a Christmas market in Strasbourg on Tuesday "
                  "night, killing at least 9 people.", published="2018-12-12")
    assert (ev.event_type, ev.sub_event_type) == ("Violence against civilians", "Attack")
    assert ev.fatalities == 9


@pytest.mark.parametrize("text, target", [
    ("Later in March, the senior Egyptian diplomat narrowly escaped an assassination attempt in Kabul.",
     "the senior Egyptian diplomat"),
    ("On 8th November 2021, Imam Bargah, a Shiite mosque in Ghazni, was struck by suicide attackers, killing 29.",
     "a Shiite mosque"),
    # a verb after "and" or "also" opens no noun phrase; a date after the target is not part of it
    ("Days later three gunmen stormed and wounded four Uzbek traders at the hotel in Herat.", "the hotel"),
    ("Earlier, the militants had also attacked the Turkish embassy in Kabul.", "the Turkish embassy"),
    ("A suicide attacker blew himself up near the Egyptian embassy in Kabul last October, killing five.",
     "the Egyptian embassy"),
])
def test_the_target_is_the_noun_phrase_not_the_clause_around_it(text, target):
    [ev] = events(text, published="2023-01-10")
    assert ev.target == target


def test_another_victim_is_not_another_incident():
    text = ("Gunmen ambushed an army patrol in Herat, Afghanistan. At least one soldier was killed "
            "and another soldier was wounded in the ambush.")
    [ev] = events(text)
    assert (ev.fatalities, ev.injuries) == (1, 1)


def test_another_attack_is_another_incident():
    text = ("A bomb exploded near a police vehicle in Kabul on Monday, killing one officer. "
            "Another bomb attack in Kunduz on Monday killed two soldiers.")
    assert len(events(text)) == 2


def test_a_toll_told_by_a_minister_on_another_day_enriches_the_attack():
    text = ("Al-Shabaab militants stormed a hotel in Mogadishu late on Friday, exchanging fire with "
            "security forces. At least 21 people were killed and 117 wounded, the health minister said on Sunday.")
    [ev] = events(text, published="2022-08-21")
    assert ev.event_date == "2022-08-19"
    assert (ev.fatalities, ev.injuries) == (21, 117)


def test_a_timeline_dates_each_item_and_the_period_of_a_rule_names_no_attacker():
    text = ("Timeline: major attacks in Kabul since the Taliban takeover\n\n"
            "- 2 November 2021: Gunmen and suicide bombers attack the Sardar Daud Khan military hospital, "
            "killing at least 19 people.\n"
            "- 30 September 2022: A suicide bomber kills 53 students at an education centre in Dasht-e-Barchi.\n")
    evs = eventdesk.extract(text, doc_id="t")
    assert [e.event_date for e in evs] == ["2021-11-02", "2022-09-30"]
    assert all(e.actor1 != "Taliban" for e in evs)
    assert all(e.country == "Afghanistan" for e in evs)


def test_a_siege_told_with_its_duration_keeps_the_month_and_is_a_battle():
    text = ("In December, militants took over a counter-terrorism centre in Bannu, Pakistan, and held officers "
            "hostage for two days before commandos stormed the compound, killing 33 militants.")
    [ev] = events(text, published="2023-02-07")
    assert (ev.event_date, ev.date_precision) == ("2022-12-01", "month")
    assert ev.event_type == "Battles"


def test_tallies_over_a_period_and_the_number_of_attacks_are_no_events():
    text = ("Analysts say the number of attacks could rise further this year in Pakistan. "
            "Balochistan has seen a rise in attacks by separatist groups such as the BLA this year. "
            "The government has also arrested dozens of suspected militants in raids across Khyber "
            "Pakhtunkhwa province since January.")
    assert [e for e in events(text, published="2023-02-07") if e.kind == "event"] == []


def test_the_group_that_threatens_is_the_threats_actor_not_the_forces_put_on_alert():
    text = ("Pakistan has put security forces in Islamabad on high alert after the banned Tehreek-e-Taliban "
            "Pakistan (TTP) threatened to carry out attacks on government installations.")
    [threat] = [e for e in events(text, published="2023-02-07") if e.kind == "threat"]
    assert threat.actor1 == "Tehrik-i-Taliban Pakistan"
    assert threat.target_type == "Government"


def test_an_insurgency_that_has_killed_thousands_is_no_event_and_jihadists_are_the_attackers():
    text = ("Suspected jihadists killed 20 soldiers in an ambush on a military convoy near Djibo, Burkina Faso, "
            "on Monday. Burkina Faso has been battling a jihadist insurgency since 2015 that has killed more "
            "than 10,000 people.")
    [ev] = events(text, published="2023-05-16")
    assert ev.actor1 == "Unidentified Armed Group (Burkina Faso)" and ev.fatalities == 20


def test_deaths_announced_again_with_the_same_count_are_the_same_incident():
    text = ("An Israeli drone strike on a car in southern Lebanon killed three Hezbollah fighters on Wednesday, "
            "two security sources said.\n\nHezbollah announced the deaths of three of its members without "
            "saying where they were killed.")
    [ev] = events(text, published="2024-01-17")
    assert ev.fatalities == 3 and ev.actor1 == "Military Forces of Israel"


def test_a_warning_that_a_group_will_attack_is_a_threat_with_its_target():
    text = "ISWAP has warned that it will attack churches in Borno state, Nigeria, during the Christmas season."
    [threat] = [e for e in events(text, published="2022-12-10") if e.kind == "threat"]
    assert threat.target == "churches" and threat.target_type == "Religious"
    assert threat.actor1 == "Islamic State West Africa Province"


def test_a_call_to_attack_embassies_is_a_threat_and_a_security_alert_an_embassy_measure():
    text = ("In a video released on Monday, an ISKP spokesman called on followers to attack Chinese embassies "
            "in Central Asia. The US embassy in Dushanbe, Tajikistan, issued a security alert on Tuesday and "
            "temporarily suspended visa services.")
    evs = events(text, published="2024-11-14")
    [threat] = [e for e in evs if e.kind == "threat"]
    assert (threat.actor1, threat.target, threat.target_type) == (
        "Islamic State Khorasan Province", "Chinese embassies", "Diplomatic")
    [measure] = [e for e in evs if e.kind == "event"]
    assert measure.event_type == "Strategic developments" and measure.actor1 == "United States"


def test_two_dated_clauses_of_one_sentence_are_two_events():
    text = ("In April, militants fired rockets from Afghanistan into Tajikistan, and in July two Chinese "
            "workers were shot dead near the border town of Panj, Tajikistan.")
    evs = events(text, published="2024-11-14")
    assert [(e.event_date, e.date_precision) for e in evs] == [("2024-04-01", "month"), ("2024-07-01", "month")]
    assert evs[1].fatalities == 2 and evs[0].fatalities is None
    assert text[evs[1].evidence[0].start:evs[1].evidence[0].end].startswith("in July")


def test_the_attacks_right_after_a_tally_are_the_ones_it_counted():
    text = ("Since the coup, more than 40 bombings and ambushes have been recorded across Mali. "
            "Jihadist groups claimed most of the attacks and more than 200 people were killed in the attacks.")
    assert [e for e in events(text, published="2022-10-02") if e.kind == "event"] == []


def test_an_embassy_shut_over_a_plot_with_background_attacks_of_past_years():
    text = ("US shuts embassy in Nairobi over terror threat\n\n"
            "NAIROBI, Kenya - The United States embassy in Nairobi will remain closed on Monday after receiving "
            "information that al-Shabaab militants are planning attacks on Western targets, the embassy said on Sunday.\n\n"
            "Al-Shabaab has carried out several deadly attacks in Kenya, including the 2013 siege of the Westgate "
            "shopping mall, in which 67 people died, and the 2019 assault on the DusitD2 hotel complex that killed 21.")
    evs = events(text, published="2023-03-12")
    closure = [e for e in evs if e.event_type == "Strategic developments"]
    assert [(e.event_date, e.actor1) for e in closure] == [("2023-03-13", "United States")]
    [threat] = [e for e in evs if e.kind == "threat"]
    assert threat.actor1 == "Al Shabaab"
    background = sorted((e.event_date, e.fatalities, e.actor1) for e in evs if e.event_type == "Violence against civilians")
    assert background == [("2013-01-01", 67, "Al Shabaab"), ("2019-01-01", 21, "Al Shabaab")]


def test_a_country_closing_its_embassy_abroad_acts_there_not_at_home():
    text = ("Canada shuts Baghdad embassy to the public after threat warning\n\n"
            "OTTAWA, May 22 - Canada closed its embassy in Baghdad to the public on Monday, citing a credible "
            "threat against Western diplomatic missions in the Iraqi capital.")
    closure = [e for e in events(text, published="2023-05-22") if e.kind == "event"]
    assert [(e.actor1, e.location, e.country) for e in closure] == [("Canada", "Baghdad", "Iraq")]


def test_a_follow_up_report_is_one_incident_and_a_habit_of_the_group_is_none():
    text = ("Death toll in Kunduz mosque attack rises to 34\n\n"
            "Kabul, 14 October - Residents of Kunduz buried the victims of Friday's suicide attack on a Shia mosque, "
            "as officials raised the death toll to 34.\n\n"
            "Taliban officials in Kunduz province said the number of dead had climbed overnight as several of the "
            "critically injured died in hospital.\n\n"
            "In the past year the group has bombed Shiite mosques in Kandahar, Herat and Kabul.")
    evs = [e for e in events(text, published="2023-10-14") if e.kind == "event"]
    assert len(evs) == 1 and evs[0].fatalities == 34 and evs[0].admin1 == "Kunduz"


def test_a_later_paragraph_with_nothing_of_its_own_tells_the_same_riot_again():
    text = ("Rioters torched shops and cars in Lahore on Friday after a cleric was arrested, police said.\n\n"
            "The governor appealed for calm and promised an inquiry into the arrest.\n\n"
            "Clashes between rioters and police were still going on late in the evening.")
    evs = [e for e in events(text, published="2024-05-10") if e.kind == "event"]
    assert len(evs) == 1 and evs[0].event_type == "Riots"
    assert len(evs[0].evidence) >= 2


def test_rebels_bringing_down_an_army_helicopter_is_a_battle():
    [ev] = [e for e in events("Rebels shot down an army helicopter near Kidal on Tuesday, killing its crew of four.",
                              published="2024-03-14") if e.kind == "event"]
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash")
