"""Demonyms of every country (data/geo_demonyms.yaml) as evidence of a document's country focus."""
import pycountry
import pytest

from eventdesk.geo import GeoContext, find_places
from eventdesk.geo.names import fold
from eventdesk.geo.resources import demonyms, load_yaml

TABLE = load_yaml("geo_demonyms.yaml")["demonyms"]


def test_every_key_is_an_iso_code():
    for code in TABLE:
        assert isinstance(code, str), code      # YAML reads a bare NO (Norway) as false
        assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, code


def test_worldwide_coverage():
    sovereign = {"AF", "AL", "DZ", "AO", "AR", "AU", "BO", "BY", "CU", "EG", "FJ", "GT", "HN",
                 "HT", "ID", "KH", "KW", "LA", "MN", "MW", "NE", "NI", "NZ", "OM", "PE", "RW",
                 "SV", "TD", "TN", "UG", "VN", "ZM", "ZW"}
    assert sovereign <= set(TABLE)
    assert len(TABLE) >= 200


def test_no_word_names_two_countries():
    owners: dict[str, set] = {}
    for code, words in TABLE.items():
        for word in words:
            owners.setdefault(fold(word), set()).add(code)
    assert {w: c for w, c in owners.items() if len(c) > 1} == {}


@pytest.mark.parametrize("word", [
    "Guinean", "Guineans", "Dominican", "Dominicans", "Irish", "Rican", "Arabian", "African",
    "Islander", "Caledonian", "Polynesian", "Guianese", "Papuan", "Malay", "Bengali", "Magyar",
    "Mongol", "Croat", "Croats", "Georgians", "Pole", "Poles", "Dane", "Finn", "Scot", "Lucian",
    "Kiwi", "Brits"])
def test_ambiguous_words_are_absent(word):
    assert fold(word) not in demonyms()


@pytest.mark.parametrize("text, country", [
    ("SALVADORAN PEOPLE DEMAND AN END TO THE BOMBINGS, THE SALVADORAN ARMED FORCES SAID.", "SV"),
    ("Honduran soldiers detained two students, Honduran officials said.", "HN"),
    ("A Filipina nurse was abducted; Filipino troops gave chase.", "PH"),
    ("Nigerien soldiers were killed in an ambush, the Nigerien defence ministry said.", "NE"),
    ("Chadian armoured vehicles came under attack, Chadian officials said.", "TD"),
    ("Bissau-Guinean police arrested three men.", "GW"),
    ("Sri Lankan police said two Sri Lankan soldiers were wounded.", "LK"),
    ("Kosovar police arrested two Kosovars after the grenade attack.", "XK"),
    ("Burkinabe troops repelled the jihadists, the Burkinabe army said.", "BF"),
    ("Guatemalan police found the bodies of two Guatemalans.", "GT"),
    ("Kyrgyz border guards exchanged fire with Tajik troops; two Kyrgyz were hurt. "
     "Kyrgyzstani officials protested.", "KG"),
    ("Emirati officials condemned the drone strike on Emirati soil.", "AE"),
    ("Ivorian gendarmes were attacked; the Ivorian government sent troops.", "CI"),
    ("New Zealander aid workers were evacuated, New Zealanders said.", "NZ"),
    ("Ni-Vanuatu police dispersed the protesters.", "VU"),
    ("Zimbabwean police fired tear gas at demonstrators.", "ZW"),
    ("Belarusian riot police detained hundreds of women.", "BY"),
    ("Norwegian troops were attacked, Norwegian officials said.", "NO"),
])
def test_demonyms_alone_give_the_focus(text, country):
    assert GeoContext.from_text(text).focus == country


@pytest.mark.parametrize("text", [
    "Irish republican dissidents claimed the attack.",
    "Guinean soldiers opened fire on the crowd.",
    "Dominican police arrested two men.",
])
def test_ambiguous_demonyms_give_no_focus(text):
    assert GeoContext.from_text(text).focus is None


def test_south_sudanese_report_stays_in_south_sudan():
    text = ("South Sudanese troops clashed with rebels in South Sudan on Monday. The South "
            "Sudanese army said eight soldiers died; a South Sudanese official confirmed it.")
    assert GeoContext.from_text(text).focus == "SS"


def test_northern_ireland_report_stays_in_the_uk():
    text = ("Irish republican dissidents planted a bomb under a police officer's car in Belfast. "
            "The Irish republican group claimed the attack.")
    assert GeoContext.from_text(text).focus == "GB"


def test_south_korean_island_shelled_by_the_north():
    text = ("The bodies of four workers have been found on the South Korean island bombarded by "
            "North Korean shelling on Monday.")
    assert GeoContext.from_text(text).focus == "KR"


def test_a_demonym_is_no_place_name():
    # GeoNames lists villages called Chadian (China) and Argentine (France, the US)
    text = "Chadian and Argentine troops were deployed."
    assert [text[s:e] for s, e, _ in find_places(text)] == []
