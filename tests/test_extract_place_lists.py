"""The place_lists filler: one event per town of a list (texts written for these tests)."""
from datetime import date

from eventdesk.extract.engine import Extractor
from eventdesk.extract.place_lists import shared_tolls, town_list
from eventdesk.model import Document


def test_a_list_of_towns_and_the_tolls_told_before_them():
    text = "Overnight, three persons were killed in Modasa and four in Anand and Nadiad."
    towns = town_list(text, 0, len(text))
    assert [text[a:b] for a, b, _ in towns] == ["Modasa", "Anand", "Nadiad"]
    assert [n for _, _, n in towns] == [3, 4, None]
    assert shared_tolls([3, 4, None], 7) == [3, 2, 2]


def test_an_address_and_a_route_are_no_list():
    for text in ("Youths attacked herders in Kokorowe (Bobo-Dioulasso, Houet) on Monday.",
                 "Gunmen ambushed a bus on the road between Quetta and Karachi."):
        assert town_list(text, 0, len(text)) is None


def test_a_protest_in_two_cities_is_two_events():
    doc = Document(id="p", published=date(2016, 11, 13), text=(
        "Thousands of protesters marched against the election result in Chicago and Philadelphia "
        "on Saturday, chanting slogans outside city hall."))
    events = Extractor().extract(doc)
    assert sorted(e.location for e in events) == ["Chicago", "Philadelphia"]


def test_each_town_of_a_list_quotes_its_own_part_of_the_sentence():
    from datetime import date
    from eventdesk.extract.engine import Extractor
    from eventdesk.model import Document
    doc = Document(id="d", published=date(2016, 11, 13), text=(
        "Thousands marched through Seattle on Saturday against the election result. "
        "Similar demonstrations were also held in Los Angeles and Chicago on Saturday."))
    events = {e.location: [x.text for x in e.evidence] for e in Extractor().extract(doc)}
    assert events["Los Angeles"] == ["Similar demonstrations were also held in Los Angeles"]
    assert events["Chicago"] == ["Similar demonstrations were also held in", "and Chicago on Saturday."]


def test_a_list_of_small_towns_inside_a_sentence_is_one_event_per_town():
    from datetime import date
    from eventdesk.extract.engine import Extractor
    from eventdesk.model import Document
    doc = Document(id="d", published=date(1996, 1, 20), text=(
        "Chechen gunmen seized hundreds of hostages on Tuesday in hospitals in the towns of "
        "Budennovsk and Kizlyar, officials said."))
    places = sorted(e.admin1 for e in Extractor().extract(doc))
    assert len(places) == 2 and "Dagestan" in places


def test_a_town_the_gazetteer_lacks_in_a_list_the_text_calls_towns_is_placed_in_the_named_district():
    from datetime import date
    from eventdesk.extract.engine import Extractor
    from eventdesk.model import Document
    doc = Document(id="d", published=date(2002, 3, 4), text=(
        "Mobs set fire to shops on Sunday in Zorvadi and Danta towns of Banaskantha district, "
        "police said."))
    events = {e.location: e for e in Extractor().extract(doc)}
    assert set(events) == {"Zorvadi", "Danta"}
    assert (events["Zorvadi"].admin1, events["Zorvadi"].geo_precision) == ("Gujarat", 2)


def test_towns_given_as_examples_of_a_wider_area_are_one_event():
    from eventdesk.extract.place_lists import town_list
    text = "Violence was reported from several areas of the state, particularly Peshawar and Mardan."
    assert town_list(text, 0, len(text)) is None
    text = "Violence was reported in Peshawar and Mardan on Friday."
    assert len(town_list(text, 0, len(text))) == 2


def test_unlisted_names_before_the_examples_do_not_hide_their_cue():
    from eventdesk.extract.place_lists import town_list
    text = "There were clashes in areas like Zorvadi, Kalupur, Peshawar and Mardan where mobs fought."
    assert town_list(text, 0, len(text)) is None
