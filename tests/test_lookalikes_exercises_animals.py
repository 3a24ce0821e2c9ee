"""Fire that hits no enemy (drills, weapons tests, parades, re-enactments) and animals shot
are no conflict events; a protest against drills and a real shelling still are."""
import datetime

import pytest

from eventdesk import Pipeline
from eventdesk.model import Document


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def kinds(pipeline, text):
    return [(e.kind, e.event_type) for e in
            pipeline.process(Document(id="t", text=text, published=datetime.date(2024, 6, 3)))]


@pytest.mark.parametrize("text", [
    "Iran test-fired a new cruise missile over the Gulf of Oman on Saturday, state television reported.",
    "Marines fired rockets and mortars at dummy targets during week-long naval exercises off Okinawa.",
    "Tanks rolled through the square and jets flew overhead as the army staged a parade for Victory Day.",
    "Some 300 volunteers re-enacted the storming of the fortress, firing blank muskets at the walls.",
    "Rangers shot dead a tiger that had killed three villagers near the reserve on Sunday.",
    "Police killed a rabid dog that bit five children in the market.",
])
def test_fire_at_no_enemy_and_animals_shot_are_no_events(pipeline, text):
    assert kinds(pipeline, text) == []


def test_a_protest_against_drills_is_still_a_protest(pipeline):
    assert kinds(pipeline, "Hundreds of fishermen protested on Monday against live-fire military drills "
                           "near their village in Jeju.") == [("event", "Protests")]


def test_shelling_of_an_island_is_still_shelling(pipeline):
    assert kinds(pipeline, "North Korean artillery shelled Yeonpyeong island on Tuesday, killing two "
                           "South Korean marines.") == [("event", "Explosions/Remote violence")]


@pytest.mark.parametrize("text", [
    "Two freight trains collided head-on near Allahabad on Sunday, killing four railway staff.",
    "The lorry driver lost control on the ice and hit a bus shelter, killing two, in what police called an accident.",
])
def test_collisions_and_accidents_are_no_attacks(pipeline, text):
    assert kinds(pipeline, text) == []


def test_a_ramming_the_police_call_deliberate_is_an_attack(pipeline):
    assert kinds(pipeline, "A man deliberately drove a van into pedestrians in Toronto on Monday, killing "
                           "ten, police said; it was no accident.") != []


def test_a_lorry_that_rammed_a_bus_when_its_driver_dozed_off_is_an_accident(pipeline):
    assert kinds(pipeline, "nagpur: a lorry rammed into a stationary bus near wardha killing two "
                           "passengers; police said its driver had dozed off.") == []


def test_an_attack_on_a_parade_is_an_attack(pipeline):
    assert kinds(pipeline, "Gunmen opened fire on a military parade in Ahvaz on Saturday, killing 25 "
                           "people, state media said.") != []


def test_an_army_flag_march_is_no_protest(pipeline):
    assert kinds(pipeline, "rajkot: the army staged flag marches in the sensitive localities on tuesday "
                           "to reassure residents.") == []


@pytest.mark.parametrize("text", [
    "The missile flew over Hokkaido before falling into the Pacific Ocean on Friday, Japan's defence ministry said.",
    "Pyongyang flight-tested a new intercontinental ballistic missile on Sunday.",
])
def test_a_weapons_programmes_launches_are_no_strikes(pipeline, text):
    assert kinds(pipeline, text) == []


def test_a_missile_fired_at_an_airport_is_a_strike(pipeline):
    assert kinds(pipeline, "Rebels fired a ballistic missile at Abha airport on Sunday, wounding eight "
                           "people.") == [("event", "Explosions/Remote violence")]


@pytest.mark.parametrize("text", [
    "A teenager was stabbed in a fight over a girlfriend outside a cinema in Leeds, police said.",
    "A man was stabbed to death during a drunken brawl outside a bar in Glasgow.",
])
def test_private_violence_is_no_political_violence(pipeline, text):
    assert kinds(pipeline, text) == []


def test_militants_killing_over_land_are_still_violence(pipeline):
    assert kinds(pipeline, "Militants killed three villagers in a dispute over land in Ituri on Monday.") \
        == [("event", "Violence against civilians")]


@pytest.mark.parametrize("text", [
    "A jury in Leeds convicted a friend of the stadium bombing suspect of destroying evidence on Tuesday.",
    "Court records show the man had three prior arrests, including charges of inciting a riot in 2019.",
    "The bombing trial resumed on Monday with testimony from a forensic chemist.",
])
def test_a_courts_words_for_a_past_act_are_no_event(pipeline, text):
    assert kinds(pipeline, text) == []


def test_an_attack_on_a_court_during_a_trial_is_still_an_attack(pipeline):
    found = kinds(pipeline, "Gunmen stormed the district court in Quetta on Monday during a murder trial, "
                            "killing two policemen.")
    assert [kind for kind, _ in found] == ["event"]


@pytest.mark.parametrize("text", [
    # a parade told over several sentences: the lead frames the rest
    "Thousands of soldiers marched across the main square of Tashkent on Monday in the annual "
    "Independence Day military parade. Rocket launchers and howitzers rumbled past the reviewing "
    "stand while jets flew overhead.",
    # an animal shot, told in the passive
    "a leopard that strayed into a housing colony in nashik was shot dead by forest department "
    "staff on friday after it mauled two residents, officials said.",
    # an industrial blast told with the blast first
    "An explosion ripped through a workshop at a fertiliser plant outside Izmir on Tuesday, killing "
    "two workers. Investigators blamed a faulty valve.",
    # an accident told by the headline, its dead in the next sentence
    "Minibus plunges into ravine near Mbeya\n\nAt least nine people were killed and 14 injured "
    "on Sunday, police said. Rescuers worked through the night.",
    # a weapons test told with the verb
    "Seoul says Pyongyang tests two new cruise missiles\n\nThe launches on Thursday were the third "
    "this month, the defence ministry said.",
    # marching bands that "battle" for a title
    "Marching bands battle for national title in Tulsa\n\nThirty bands marched in formation before "
    "the judges on Saturday.",
    # a cyber "attack"
    "A denial-of-service attack knocked the websites of three Estonian banks offline for six hours "
    "on Wednesday, the central bank said.",
])
def test_news_told_in_a_lookalike_frame_yields_nothing(pipeline, text):
    assert kinds(pipeline, text) == []


def test_a_bombing_at_a_plant_is_still_an_attack(pipeline):
    assert kinds(pipeline, "Militants set off a bomb at a gas plant outside Tikrit on Tuesday, killing "
                           "four guards, police said.") != []


def test_a_bomb_at_a_petrol_station_is_still_an_explosion(pipeline):
    assert kinds(pipeline, "A bomb planted by militants exploded at a petrol station in Quetta on "
                           "Monday, killing three people.") == [("event", "Explosions/Remote violence")]


def test_a_treaty_named_after_a_weekday_makes_no_agreement_of_its_own(pipeline):
    text = ("A car bomb exploded on the high street in Banbridge on 1 August 1998, injuring 35 "
            "people. The Real IRA, which opposes the Good Friday Agreement, claimed responsibility.")
    assert kinds(pipeline, text) == [("event", "Explosions/Remote violence")]


def test_a_shootout_in_a_drug_raid_is_still_a_battle(pipeline):
    found = kinds(pipeline, "Four suspected gang members were killed in a shootout with police "
                            "during a raid in the Complexo da Mare in Rio de Janeiro on Tuesday; "
                            "officers seized rifles and cocaine.")
    assert found and found[0][1] == "Battles"


@pytest.mark.parametrize("text", [
    "A pack of stray dogs attacked a nine-year-old girl outside her school in Lahore on Monday, "
    "leaving her badly injured.",
    "Veterinary officers culled 20,000 chickens in Nakhon Pathom after bird flu was found on three "
    "farms, and set up checkpoints around them.",
    "A gas cylinder explosion at a roadside eatery in Multan injured nine people on Thursday.",
    "Police raided a call centre in Pune on Friday and arrested eleven men accused of a loan fraud "
    "that cheated hundreds of pensioners.",
    "Customs officers raided two warehouses in Durban and seized counterfeit sportswear worth R30m.",
    "Thousands of soldiers marched in the parade and jets roared overhead as the country marked "
    "the anniversary of its independence on Sunday.",
    "Bomb experts defused a 500-kilogram Second World War bomb found by builders in Cologne on "
    "Sunday after 8,000 residents were evacuated.",
    "Archaeologists excavating the 17th century battlefield found musket balls where the royal "
    "army's artillery shelled the rebel lines.",
    "The defence ministry signed a contract for 96 self-propelled howitzers and their ammunition "
    "with a South Korean manufacturer on Tuesday.",
    "Seven people were killed and 30 injured in a 60-vehicle pile-up in thick fog on the "
    "expressway near Nanjing on Wednesday.",
    "A man has been charged with murder after a woman was found dead at a house in Leeds; he is "
    "of the same address, police said.",
    "gonda: nine persons were killed when a train rammed a jeep at an unmanned level crossing near "
    "mankapur on sunday.",
    "Two ministers clash over the sale of state oil companies at a heated cabinet meeting.",
    "Volunteers said more than 300 birds were injured by kite strings during the festival.",
    "Nine passengers were hurt when a crowded tram slammed into a delivery van at a junction in "
    "Lodz on Friday morning, the city transport authority said.",
    "Eight people died when a minibus carrying farm workers back from the fields plunged off a "
    "mountain road into a ravine in Cusco region late on Saturday.",
    "Three workers were killed when a blast tore through a flour mill in Sfax on Monday. \"It "
    "sounded like a bomb had gone off,\" a neighbour said.",
    "Dozens of cadets played the part of injured commuters and an officer acting as the gunman "
    "fired blank rounds as police staged a station drill in Leeds on Sunday.",
    "Hundreds gathered at the field to mark the 300th anniversary of the last great battle of "
    "the clan wars, in which some 900 men were killed.",
])
def test_everyday_news_told_in_violent_words_yields_nothing(pipeline, text):
    """Maulings, culls, gas blasts, fraud raids, parades, old ordnance, history, arms deals,
    pile-ups, a murder at home, a level-crossing crash, ministers who clash, injured birds, a tram
    crash, a bus that plunged, a mill blast likened to a bomb, a police drill, a battle's anniversary."""
    assert kinds(pipeline, text) == []


def test_a_feature_on_a_battle_of_the_nineteenth_century_yields_nothing(pipeline):
    text = ("How Adwa was won\n\n"
            "On the morning of 1 March 1896, an Italian army of 17,000 men marched towards an "
            "Ethiopian force several times its size near Adwa. The Ethiopian artillery shelled the "
            "Italian columns, and some 7,000 Italians were killed. Hundreds of prisoners were "
            "marched to Addis Ababa.")
    assert kinds(pipeline, text) == []


@pytest.mark.parametrize("text", [
    "Romania orders 54 self-propelled howitzers in a $920m artillery deal with Hanwha.",
    "Hundreds of police officers and firefighters took part in an exercise overnight simulating a "
    "coordinated terrorist attack on three metro stations in Lyon.",
    "Security agencies staged a bomb blast drill at a Nairobi mall on Sunday, with volunteers "
    "playing the injured.",
    "Police arrested four men after a cash-in-transit heist on the R21 near Kempton Park in which "
    "guards were shot at.",
    "Four people were killed when a sightseeing floatplane crashed into a lake near Ketchikan.",
    "Thousands of visitors marked the 210th anniversary of the battle at the Lion's Mound, where "
    "re-enactors fired muskets and cannon.",
])
def test_arms_orders_drills_heists_air_crashes_and_anniversaries_of_battles_yield_nothing(pipeline, text):
    assert kinds(pipeline, text) == []


def test_a_bomb_that_went_off_in_a_market_is_still_an_explosion_however_witnesses_liken_it(pipeline):
    text = ("A bomb hidden in a cart exploded in a crowded market in Quetta on Monday, killing six "
            "people. \"It felt like an earthquake,\" a shopkeeper said.")
    assert kinds(pipeline, text) == [("event", "Explosions/Remote violence")]


def test_gunmen_who_rammed_a_police_van_is_still_an_attack(pipeline):
    text = ("Militants in a pickup truck rammed into a police van at a checkpoint in Bannu on "
            "Tuesday and opened fire, killing three policemen.")
    assert [k for k, _ in kinds(pipeline, text)] == ["event"]


@pytest.mark.parametrize("text", [
    "The opposition leader launched a blistering attack on the government's budget on Tuesday, "
    "accusing ministers of waging war on pensioners.",
    "The senator's campaign released a fresh round of attack ads against her rival in Ohio.",
    "the army's counter-terrorism unit held a three-day exercise in the desert, firing artillery "
    "and rockets at mock enemy positions, a spokesman said on sunday.",
])
def test_attacks_in_words_and_drills_told_by_what_the_troops_did_yield_nothing(pipeline, text):
    assert kinds(pipeline, text) == []


def test_an_attack_on_a_minister_s_home_is_still_an_attack(pipeline):
    text = ("Unidentified gunmen opened fire on the home of a provincial minister in Peshawar on "
            "Sunday night, wounding two guards.")
    assert [k for k, _ in kinds(pipeline, text)] == ["event"]


@pytest.mark.parametrize("text", [
    "Ukraine's air defence units held live-fire training near Lviv on Wednesday. Crews fired "
    "missiles at target drones over a range, the ministry said, adding that all targets were "
    "destroyed.",
    "Eighty years ago this week, Allied troops stormed the beaches of Normandy. Veterans gathered "
    "in Colleville on Thursday to remember the thousands killed on D-Day.",
    "The tornado ripped through the town on Wednesday night, killing 23 people and flattening "
    "homes. Officials said it was like a bomb had gone off.",
])
def test_training_fire_a_landing_remembered_and_a_storm_likened_to_a_bomb_yield_nothing(pipeline, text):
    assert kinds(pipeline, text) == []


@pytest.mark.parametrize("text", [
    "Militants stormed a police training centre in Quetta on Monday, killing four recruits.",
    "It was like a bomb had gone off, said a shopkeeper, after gunmen threw a grenade into the "
    "market in Srinagar on Friday, wounding 12.",
])
def test_an_attack_on_a_training_centre_or_one_likened_to_a_bomb_is_still_an_event(pipeline, text):
    assert [k for k, _ in kinds(pipeline, text)] == ["event"]


@pytest.mark.parametrize("text", [
    "Spyware targeted phones of journalists\n\nResearchers said on Monday that a sophisticated "
    "spyware attack had targeted the phones of at least 30 journalists and activists in the "
    "country, exploiting a flaw in a messaging app.",
    "The minister's home was struck by lightning on Tuesday night, starting a fire that destroyed "
    "the roof; no one was injured, police said.",
])
def test_spyware_and_lightning_strike_no_one_politically(pipeline, text):
    assert kinds(pipeline, text) == []
