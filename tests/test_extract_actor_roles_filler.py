"""The actor roles filler alone (unit tests; test_extract_actor_roles.py reads whole reports):
who did it, who claimed it, one side named by its group."""
from eventdesk.extract.actor_roles import fill_actors, merge_affiliations, relocate_actor
from eventdesk.extract.records import Citations
from eventdesk.model import Event

from extract_stage_fixtures import context, one_incident


def test_actor_roles_a_claim_names_the_unnamed_gunmen():
    state, inc = one_incident("Gunmen killed two police officers in Peshawar on Monday.",
                              "The attack was claimed by the TTP.")
    ev = Event(doc_id="t", kind="event", event_type="Violence against civilians")
    fill_actors(ev, inc, state, context(), Citations(), {})
    assert ev.claimed_by == "Tehrik-i-Taliban Pakistan"
    assert ev.actor1 == "Tehrik-i-Taliban Pakistan"


def test_actor_roles_gunmen_belonging_to_a_group_are_that_group():
    from eventdesk.extract.actors import find_actors

    text = "Gunmen suspected of belonging to al-Shabaab attacked a bus."
    [one] = [a for a in merge_affiliations(find_actors(text, 0), text, 0) if a.category != "civilians"]
    assert one.name == "Al Shabaab" and one.text == "Gunmen"


def test_actor_roles_forces_of_the_hinted_country_move_to_the_event_country():
    assert relocate_actor("Military Forces of Burkina Faso", "Burkina Faso", "Niger") == "Military Forces of Niger"
    assert relocate_actor("Al Shabaab", "Somalia", "Kenya") == "Al Shabaab"


def test_actor_roles_police_who_fire_on_a_riot_are_actor_two_not_its_author():
    state, inc = one_incident("Police opened fire on a stone-throwing mob in Meerut on Friday, injuring five people.")
    ev = Event(doc_id="t", kind="event", event_type="Riots", country="India")
    fill_actors(ev, inc, state, context(), Citations(), {})
    assert ev.actor1 == "Rioters (India)"
    assert ev.actor2.startswith("Police Forces")


def test_actor_roles_a_shooting_no_source_attributes_is_an_unidentified_group_of_its_country():
    state, inc = one_incident("A shoot-out broke out in the Madureira neighbourhood of Rio de Janeiro on Thursday.")
    ev = Event(doc_id="t", kind="event", event_type="Battles", country="Brazil")
    fill_actors(ev, inc, state, context(), Citations(), {})
    assert ev.actor1 == "Unidentified Armed Group (Brazil)"
    assert ev.provenance["actor1"] == "no perpetrator named"


def test_actor_roles_police_who_speak_of_a_bombing_did_not_plant_it():
    state, inc = one_incident("Police said they had found a second device after the bomb exploded near a bus stop in Quetta.")
    ev = Event(doc_id="t", kind="event", event_type="Explosions/Remote violence",
               sub_event_type="Remote explosive/landmine/IED", country="Pakistan")
    fill_actors(ev, inc, state, context(), Citations(), {})
    assert ev.actor1 == "Unidentified Armed Group (Pakistan)"


def test_actor_roles_demonstrators_of_a_riot_are_its_rioters():
    state, inc = one_incident("Demonstrators set fire to the police station in Kayes on Monday.")
    ev = Event(doc_id="t", kind="event", event_type="Riots", sub_event_type="Violent demonstration", country="Mali")
    fill_actors(ev, inc, state, context(), Citations(), {})
    assert ev.actor1.startswith("Rioters")
