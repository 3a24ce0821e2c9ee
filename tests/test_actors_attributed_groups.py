"""The group sources blame is read with its armed noun: "Fulani extremists" is the Fulani
militia of ACLED's naming, not the bare word "Fulani"."""
from eventdesk.extract.actors import find_attribution


def test_an_ethnic_group_blamed_with_its_armed_noun_is_its_militia():
    actor = find_attribution("No group claimed the raid; however, sources attributed it to Fulani "
                             "militants.", 0, "Nigeria")
    assert actor.name == "Fulani Ethnic Militia (Nigeria)"


def test_a_religious_word_blamed_with_an_armed_noun_is_no_group_name():
    actor = find_attribution("Sources attributed the shooting to Muslim extremists.", 0, "Mali")
    assert actor is None or actor.name != "Muslim"
