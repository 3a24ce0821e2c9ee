"""General news (sports, markets, entertainment, ordinary crime) must not become conflict events,
while the real thing in the same words still does. Sentences written for these tests."""
import pytest

import eventdesk


def events(text, published="2018-01-10"):
    return [e for e in eventdesk.extract(text, published=published, doc_id="t") if e.kind == "event"]


@pytest.mark.parametrize("text", [
    "Denver linebacker Marcus Hale injured his ankle in the second half and did not come back.",
    "While insurance shares have climbed on the budget's lower levies, the new rules impose fees.",
    "The actress had fought for years to obtain the recordings from the broadcaster.",
    "The director, who has been accused by several former employees of sexual assault, was dismissed from the "
    "company he built.",
    "The FBI interviewed passengers on Tuesday night but made no arrests.",
    "In the six decades since launches began, only one person has been hit by falling space junk.",
    "Top music executives protest gender bias in a letter to the academy.",
    "In a gesture seen as protest, the actress wore a slogan embroidered on her gown.",
    "The messaging app, used by protesters, was blocked by the government.",
    "Authorities arrested a 37-year-old man on Feb. 11 at his home in Mason City, Iowa.",
    "She handed over the results of her own inquiry to the police.",
])
def test_figures_of_speech_and_ordinary_news_are_no_events(text):
    assert events(text) == []


def test_protest_over_pandemic_layoffs_is_still_a_protest():
    [ev] = events("On 2 May 2020, dozens of garment workers demonstrated in Lahore against unpaid wages "
                  "during the Covid-19 lockdown.", published="2020-05-03")
    assert ev.event_type == "Protests"


def test_an_earthquake_toll_is_still_no_event():
    assert events("An earthquake killed 12 people in Herat province on Monday.") == []


def test_police_dispersing_a_crowd_is_a_protest_with_intervention():
    [ev] = events("Police blocked a May Day rally in Ankara on Saturday, dispersing the marchers "
                  "with tear gas.", published="2021-05-03")
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Protest with intervention")


def test_arrests_in_a_political_context_stay_events():
    [ev] = events("Security forces arrested 30 opposition activists in Dhaka on Sunday.")
    assert ev.sub_event_type == "Arrests"


def test_shootouts_and_bursts_of_fire_are_clashes():
    [ev] = events("On 6 May 2020, shoot-outs took place in three neighbourhoods of Rio de Janeiro.",
                  published="2020-05-08")
    assert ev.event_type == "Battles"
    [ev] = events("On 6 May 2020, observers heard three bursts of fire from light weapons near "
                  "Shyrokyne, Donetsk.", published="2020-05-08")
    assert ev.event_type == "Battles"


def test_a_suspect_beaten_by_locals_is_mob_violence():
    [ev] = events("On 28 April 2020, in Parintins, an alleged robber was beaten up by residents before "
                  "police arrived.", published="2020-05-01")
    assert ev.sub_event_type == "Mob violence"


@pytest.mark.parametrize("text, sub_event_type", [
    ("Police said weapons and ammunition had been seized from two hostels during the raids on Monday.",
     "Disrupted weapons use"),
    ("Three people torched two county officers' patrol cars outside their homes on Wednesday.",
     "Looting/property destruction"),
    ("Troops inflicted heavy losses on the rebels in Idlib province on Sunday.", "Armed clash"),
])
def test_seizures_arson_and_losses_are_events(text, sub_event_type):
    [ev] = events(text)
    assert ev.sub_event_type == sub_event_type


def test_demonstrators_who_burn_a_police_station_riot():
    [ev] = events("On 5 May 2020, hundreds of residents demonstrated against a lockdown in Sikasso; "
                  "demonstrators stoned and set fire to the gendarmerie post and two patrol cars.",
                  published="2020-05-06")
    assert (ev.event_type, ev.sub_event_type) == ("Riots", "Violent demonstration")


def test_demonstrated_the_power_is_no_demonstration():
    evs = events("On Tuesday, the attack in Strasbourg demonstrated how deadly a van can be when "
                 "driven into a crowd, killing 11 people.", published="2018-12-12")
    assert [e.event_type for e in evs] == ["Violence against civilians"]


@pytest.mark.parametrize("text", [
    "The Steelers' defense attacked the quarterback all night, and the Texans were killed on third downs.",
    "The film bombed at the box office, earning just $3 million in its opening weekend.",
])
def test_sports_and_show_business_figures_of_speech_are_no_events(text):
    assert [e for e in eventdesk.extract(text, published="2023-04-12") if e.kind == "event"] == []


@pytest.mark.parametrize("text", [
    "Leftist guerrillas attacked the Third Infantry Brigade barracks in San Miguel on Saturday.",
    "A pro-government militia attacked an army outpost near Bentiu on Monday.",
])
def test_an_attack_by_unnamed_guerrillas_or_militia_on_a_barracks_is_an_event(text):
    assert [e.event_type for e in events(text, published="1989-11-13")] == ["Battles"]


def test_a_thing_blown_up_or_dynamited_is_an_explosion_and_a_temper_that_blew_up_is_not():
    assert [e.event_type for e in events("Militants blew up a railway bridge near Dantewada on Sunday.")] == \
        ["Explosions/Remote violence"]
    assert [e.event_type for e in events("Rebels dynamited two electricity pylons near Usulutan on Sunday.")] == \
        ["Explosions/Remote violence"]
    assert events("The coach blew up at reporters after the defeat on Sunday.") == []
