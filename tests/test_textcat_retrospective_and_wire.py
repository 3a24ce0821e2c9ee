"""The packaged model on passages it was not trained on: past violence told in the background of an
article about something else is an event of its type; arrests of suspects, activists and officials
are Arrests; ALL-CAPS guerrilla and government communiques report clashes, downed aircraft and air
raids, or threaten them; lower-case reports of communal riots are attacks or mob violence, and
their context (curfew relaxed, relief camps, officials' meetings) is no event; marches are peaceful
protests, while sentences, condolences, security reviews, anniversaries and commentary on an attack
report no new one."""
import pytest

from eventdesk.textcat import default_classifier

RETROSPECTIVE = [
    ("Only last month the opposition councillor Marta Illescas was shot dead by gunmen outside a polling "
     "station in Chiquimula.", "Violence against civilians"),
    ("The square has been closed to traffic since a car bomb exploded there in 2014, killing nine people.",
     "Explosions/Remote violence"),
    ("In 1998 the rebels kidnapped 40 tourists from a lodge near Kisoro and held them for a month.",
     "Violence against civilians"),
    ("Two years after military jets bombed a crowded market in Pazigyi, killing 30 people, survivors are "
     "still waiting for compensation.", "Explosions/Remote violence"),
    ("the road was closed after a suicide bomber rammed an explosives-laden car into a police post there in "
     "2017, killing eight officers.", "Explosions/Remote violence"),
]

ARRESTS = [
    "Police in Dhaka detained two senior leaders of the opposition party at their homes before dawn on Saturday.",
    "the police arrested 35 persons for rioting and arson in the town on monday night.",
    "QUITO, 6 MAY 91 -- POLICE CAPTURED FOUR MEMBERS OF THE ALFARO VIVE CARAJO GROUP IN A HOUSE IN THE NORTH "
    "OF THE CITY.",
    "A former intelligence chief was arrested in Bamako on Wednesday over the disappearance of a journalist.",
]

COMMUNIQUES = [
    ("[TEXT] OUR FORCES SHOT DOWN AN AIR FORCE HELICOPTER OVER CACAOPERA, MORAZAN, THIS AFTERNOON, THE REBEL "
     "RADIO SAID.", "Battles"),
    ("SAN SALVADOR, 4 DEC 89 -- FMLN GUERRILLAS ATTACKED THE SIXTH BRIGADE BARRACKS IN USULUTAN AT DAWN, AND "
     "FIGHTING LASTED UNTIL NOON, THE ARMY SAID.", "Battles"),
    ("[TEXT] THE AIR FORCE BOMBED THE CANTONS OF EL ZAPOTAL AND LAS MINAS, CHALATENANGO, DESTROYING A CHAPEL "
     "AND SEVERAL HOUSES.", "Explosions/Remote violence"),
]

COMMUNIQUE_THREATS = [
    "[TEXT] WE WARN THE ARMY THAT EVERY PLANE THAT BOMBS OUR PEOPLE WILL BE SHOT DOWN BY OUR FORCES.",
    "THE FMLN ANNOUNCED THAT ITS COMMANDOS WILL ATTACK THE MILITARY GARRISONS OF THE EASTERN ZONE IN THE "
    "COMING DAYS.",
]

RIOTS = [
    ("a 40-year-old tailor was stabbed to death in the old city on monday afternoon, the police said.",
     "Violence against civilians"),
    ("a mob set fire to seven shops and a mosque in the town and the police fired teargas to disperse it.",
     "Riots"),
    ("the bodies of five persons were recovered from a burnt house in the village on tuesday morning.",
     "Violence against civilians"),
]

MARCHES = [
    "About 6,000 people marched from the central station to the city hall in Utrecht on Saturday, carrying "
    "banners against the housing shortage.",
    "Thousands of demonstrators rallied peacefully outside the parliament in Bishkek, chanting slogans "
    "against the new constitution.",
]

NO_EVENT = [
    "curfew was relaxed for five hours in the riot-affected areas on wednesday and people rushed to buy milk "
    "and vegetables.",
    "more than 6,000 people are sheltering in eleven relief camps in the district, the collector said.",
    "the home minister met senior police officers in the capital on friday to review the situation in the "
    "riot-hit areas.",
    "A court in Brussels sentenced two men to 15 years in prison on Wednesday for their part in the 2016 attack.",
    "The prime minister expressed his condolences to the families of those killed in the bombing.",
    "Security at the country's airports will be reviewed after the attack, the transport minister said.",
    "Survivors gathered at the memorial on Saturday to mark five years since the bombing.",
    "Commentators said the bombing had changed the tone of the election campaign.",
]


@pytest.fixture(scope="module")
def model():
    return default_classifier()


@pytest.mark.parametrize("text,event_type", RETROSPECTIVE)
def test_past_violence_told_in_the_background_is_an_event_of_its_type(model, text, event_type):
    (s,) = model.predict([text])
    assert s.label == "event" and s.none < 0.4
    assert s.event_type == event_type


@pytest.mark.parametrize("text", ARRESTS)
def test_an_arrest_of_suspects_activists_or_officials_is_arrests(model, text):
    (s,) = model.predict([text])
    assert s.label == "event"
    assert s.event_type == "Strategic developments" and s.sub_event_type == "Arrests"


@pytest.mark.parametrize("text,event_type", COMMUNIQUES)
def test_a_wire_communique_of_fighting_or_bombing_is_an_event_of_its_type(model, text, event_type):
    (s,) = model.predict([text])
    assert s.label == "event" and s.none < 0.4
    assert s.event_type == event_type


@pytest.mark.parametrize("text", COMMUNIQUE_THREATS)
def test_a_communique_of_what_the_units_will_do_is_a_threat(model, text):
    (s,) = model.predict([text])
    assert s.label == "threat"


@pytest.mark.parametrize("text,event_type", RIOTS)
def test_a_lower_case_riot_report_is_an_event_of_its_type(model, text, event_type):
    (s,) = model.predict([text])
    assert s.label == "event" and s.none < 0.4
    assert s.event_type == event_type


@pytest.mark.parametrize("text", MARCHES)
def test_a_march_or_rally_is_a_peaceful_protest(model, text):
    (s,) = model.predict([text])
    assert s.label == "event" and s.sub_event_type == "Peaceful protest"


@pytest.mark.parametrize("text", NO_EVENT)
def test_context_and_aftermath_of_an_attack_is_no_event(model, text):
    (s,) = model.predict([text])
    assert s.label == "none"
