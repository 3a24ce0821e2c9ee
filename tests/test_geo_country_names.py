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
