"""ACLED's coded values: inter codes from the actor categories of data/actors.yaml, interaction
as ACLED combines them, civilian targeting, disorder type, ISO codes and region."""
import pytest
import yaml
from importlib import resources

from eventdesk.export import acled_row, actor_category, inter_code, interaction
from eventdesk.export.codes import country_codes

# ACLED Codebook, "Actor Names, Types, and 'Inter' Codes": the code of each actor type.
ACLED_INTER = {"state": 1, "rebel": 2, "political_militia": 3, "identity_militia": 4, "rioters": 5,
               "protesters": 6, "civilians": 7, "external": 8, "unidentified": 3}
ACTORS = yaml.safe_load(resources.files("eventdesk.data").joinpath("actors.yaml").read_text("utf-8"))


def no_admin2(event):
    return None


def test_every_named_group_gets_the_inter_code_of_its_category():
    for group in ACTORS["groups"]:
        assert inter_code(group["name"]) == ACLED_INTER[group["category"]], group["name"]


@pytest.mark.parametrize("name, category", [
    ("Military Forces of Afghanistan (2021-)", "state"), ("Police Forces of the Philippines (2016-)", "state"),
    ("Protesters (India)", "protesters"), ("Rioters (Kenya)", "rioters"), ("Civilians (Mali)", "civilians"),
    ("Unidentified Armed Group (Nigeria)", "unidentified"), ("Fulani Ethnic Militia (Nigeria)", "identity_militia"),
    ("ISKP", "rebel"), ("al-Shabab", "rebel"), ("Canada", "state"), ("Some New Front", None),
])
def test_generic_acled_names_and_aliases_are_typed(name, category):
    assert actor_category(name) == category


@pytest.mark.parametrize("actor1, actor2, country, codes", [
    ("Military Forces of Somalia (2022-)", "Al Shabaab", "Somalia", (1, 2, 12)),
    ("Al Shabaab", "Military Forces of Somalia (2022-)", "Somalia", (2, 1, 12)),   # lower code first
    ("Taliban", "Civilians (Afghanistan)", "Afghanistan", (2, 7, 27)),
    ("Rioters (Kenya)", "Police Forces of Kenya (2022-)", "Kenya", (5, 1, 15)),
    ("Protesters (India)", None, "India", (6, 0, 60)),                             # an actor alone
    ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)", "Nigeria", (3, 7, 37)),
    ("Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", "Ukraine", (8, 1, 18)),  # abroad
    ("Canada", None, "Iraq", (8, 0, 80)),
])
def test_inter_codes_and_interaction_follow_the_actor_categories(actor1, actor2, country, codes):
    row = acled_row({"id": "EVD000000000001", "actor1": actor1, "actor2": actor2, "country": country,
                     "event_type": "Battles", "sub_event_type": "Armed clash"}, no_admin2, 0)
    assert (row["inter1"], row["inter2"], row["interaction"]) == codes
    for a, b in [(row["inter1"], row["inter2"])]:
        assert row["interaction"] == (min(a, b) * 10 + max(a, b) if b else a * 10)


def test_interaction_table():
    assert interaction(1, 2) == interaction(2, 1) == 12
    assert interaction(7, 0) == 70 and interaction(None, None) is None


def test_civilian_targeting_and_civilians_as_actor2():
    row = acled_row({"id": "EVD000000000002", "actor1": "Taliban", "country": "Afghanistan",
                     "event_type": "Violence against civilians", "sub_event_type": "Attack",
                     "target_type": "Private Citizens"}, no_admin2, 0)
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Afghanistan)", 7, 27)
    assert row["civilian_targeting"] == "Civilian targeting" and row["disorder_type"] == "Political violence"
    clash = acled_row({"id": "EVD000000000003", "actor1": "Taliban", "country": "Afghanistan",
                       "event_type": "Battles", "sub_event_type": "Armed clash"}, no_admin2, 0)
    assert clash["civilian_targeting"] == ""
    mob = acled_row({"id": "EVD000000000004", "event_type": "Riots", "sub_event_type": "Mob violence"}, no_admin2, 0)
    assert mob["disorder_type"] == "Political violence; Demonstrations"


@pytest.mark.parametrize("country, codes", [
    ("Afghanistan", ("AFG", 4, "South Asia")), ("Ivory Coast", ("CIV", 384, "Western Africa")),
    ("Democratic Republic of Congo", ("COD", 180, "Middle Africa")), ("Kosovo", ("XKX", 0, "Europe")),
    ("Mexico", ("MEX", 484, "Central America")), ("Iran", ("IRN", 364, "Middle East")),
    ("Georgia", ("GEO", 268, "Caucasus and Central Asia")), ("Atlantis", (None, None, None)),
])
def test_iso_and_region_from_the_country(country, codes):
    assert country_codes(country) == codes
