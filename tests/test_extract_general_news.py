"""General news (sports, markets, entertainment, ordinary crime) must not become conflict events,
while the real thing in the same words still does. Sentences written for these tests."""
import pytest

import eventdesk


def events(text, published="2018-01-10"):
    return [e for e in eventdesk.extract(text, published=published, doc_id="t") if e.kind == "event"]


@pytest.mark.parametrize("text", [
    "Houston cornerback Kevin Johnson injured his knee in the third quarter and didn't return.",
    "While bank stocks have rallied on the tax bill's lower rates, the new law requires charges.",
    "The actor had long fought to gain access to the footage for fifteen years.",
    "The producer, who has been accused by dozens of women of sexual assault, was fired from the studio he founded.",
    "The FBI interviewed passengers on Tuesday night but made no arrests.",
    "In the more than 50 years we've been launching rockets, only one person was hit by space debris.",
    "Top music executives protest gender bias in a letter to the academy.",
    "In a gesture interpreted as protest, the singer stitched a poem into the back of her dress.",
    "The messaging app, used by protesters, was blocked by the government.",
    "Authorities arrested a 42-year-old man on Jan. 29 at his home in Forest City, Iowa.",
    "She handed over the results of her own inquiry to the police.",
])
def test_figures_of_speech_and_ordinary_news_are_no_events(text):
    assert events(text) == []


def test_protest_over_pandemic_layoffs_is_still_a_protest():
    [ev] = events("On 1 May 2020, hundreds of workers protested in Karachi against forced layoffs "
                  "during the coronavirus pandemic.", published="2020-05-03")
    assert ev.event_type == "Protests"


def test_an_earthquake_toll_is_still_no_event():
    assert events("An earthquake killed 12 people in Herat province on Monday.") == []


def test_police_dispersing_a_crowd_is_a_protest_with_intervention():
    [ev] = events("Police halted a May Day march in Istanbul on Saturday, dispersing the crowds "
                  "with tear gas.", published="2021-05-03")
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Protest with intervention")


def test_arrests_in_a_political_context_stay_events():
    [ev] = events("Security forces arrested 30 opposition activists in Dhaka on Sunday.")
    assert ev.sub_event_type == "Arrests"


def test_shootouts_and_bursts_of_fire_are_clashes():
    [ev] = events("On 6 May 2020, shoot-outs took place in three neighbourhoods of Rio de Janeiro.",
                  published="2020-05-08")
    assert ev.event_type == "Battles"
    [ev] = events("On 6 May 2020, monitors observed two bursts of fire involving small arms near "
                  "Olenivka.", published="2020-05-08")
    assert ev.event_type == "Battles"


def test_a_suspect_beaten_by_locals_is_mob_violence():
    [ev] = events("On 29 April 2020, in Maues, a suspected thief was beaten up by locals before "
                  "being arrested.", published="2020-05-01")
    assert ev.sub_event_type == "Mob violence"


@pytest.mark.parametrize("text, sub_event_type", [
    ("Police said weapons and ammunition had been seized from two hostels during the raids on Monday.",
     "Disrupted weapons use"),
    ("Three people torched two county officers' patrol cars outside their homes on Wednesday.",
     "Looting/property destruction"),
    ("The army inflicted heavy losses on the militants in Hama province on Sunday.", "Armed clash"),
])
def test_seizures_arson_and_losses_are_events(text, sub_event_type):
    [ev] = events(text)
    assert ev.sub_event_type == sub_event_type


def test_demonstrators_who_burn_a_police_station_riot():
    [ev] = events("On 4 May 2020, thousands of residents demonstrated against the curfew in Koutiala; "
                  "demonstrators attacked and burned the police station and police vehicles.",
                  published="2020-05-06")
    assert (ev.event_type, ev.sub_event_type) == ("Riots", "Violent demonstration")


def test_demonstrated_the_power_is_no_demonstration():
    evs = events("On Thursday, the attack in Nice demonstrated the devastating power of using a "
                 "truck as a weapon, killing 84 people.", published="2016-07-15")
    assert [e.event_type for e in evs] == ["Violence against civilians"]


@pytest.mark.parametrize("text", [
    "The Steelers' defense attacked the quarterback all night, and the Texans were killed on third downs.",
    "The film bombed at the box office, earning just $3 million in its opening weekend.",
])
def test_sports_and_show_business_figures_of_speech_are_no_events(text):
    assert [e for e in eventdesk.extract(text, published="2023-04-12") if e.kind == "event"] == []
