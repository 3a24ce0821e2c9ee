"""ACLED's names of state forces: regime period by date, "the", factions."""
from datetime import date

from eventdesk.extract.state_names import acled_state_name


def test_period_follows_the_event_date():
    assert acled_state_name("Military Forces of Afghanistan", date(2020, 5, 1)) == "Military Forces of Afghanistan (2014-)"
    assert acled_state_name("Military Forces of Afghanistan", date(2022, 5, 1)) == "Military Forces of Afghanistan (2021-)"
    assert acled_state_name("Military Forces of Afghanistan", date(2020, 5, 1), closed_ranges=True) == \
        "Military Forces of Afghanistan (2014-2021)"


def test_faction_stays_after_the_period_and_some_countries_take_the():
    assert acled_state_name("Military Forces of Libya Haftar Faction", date(2020, 5, 1)) == \
        "Military Forces of Libya (2014-) Haftar Faction"
    assert acled_state_name("Police Forces of Philippines", date(2020, 5, 1)) == "Police Forces of the Philippines (2016-)"


def test_unknown_date_country_or_non_state_name_passes_through():
    assert acled_state_name("Military Forces of Ukraine", None) == "Military Forces of Ukraine"
    assert acled_state_name("Police Forces of Atlantis", date(2020, 1, 1)) == "Police Forces of Atlantis"
    assert acled_state_name("Taliban", date(2020, 1, 1)) == "Taliban"
    assert acled_state_name(None, date(2020, 1, 1)) is None
