"""A country's own name is the country, though a district elsewhere shares it."""
from eventdesk.geo import GeoContext


def test_el_salvador_is_the_country_not_a_district_named_after_it():
    context = GeoContext.from_text(
        "Rebel units struck army posts in San Salvador overnight. The rebels demand that the "
        "U.S. end its military aid to El Salvador.")
    assert context.focus == "SV"


def test_a_country_named_twice_outweighs_one_mention_of_another():
    context = GeoContext.from_text("Guatemala and El Salvador traded accusations; El Salvador recalled its envoy.")
    assert context.weights["SV"] > context.weights["GT"]


def test_the_town_a_story_is_told_from_places_its_unplaced_events():
    context = GeoContext.from_text(
        "Clashes broke out in Boston on Friday night. In Boston, shops stayed shut on Saturday, "
        "and in Boston the mayor met community leaders; a smaller march was held in Worcester.")
    town = context.main_town("United States")
    assert town is not None and town.location == "Boston" and town.geo_precision == 3


def test_no_main_town_when_two_towns_are_named_alike():
    context = GeoContext.from_text("Clashes in Lyon and Marseille; police in Lyon and Marseille made arrests.")
    assert context.main_town("France") is None
