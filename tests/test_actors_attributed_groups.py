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


def test_a_named_part_of_a_group_is_read_as_the_group():
    actor = find_attribution("Police attributed the killing of the village head to the Dandakaranya "
                             "zonal committee of Maoists.", 0, "India")
    assert actor.text == "Maoists"
    actor = find_attribution("Officials blamed the ambush on the Bakura faction (JAS) of Boko Haram.",
                             0, "Nigeria")
    assert actor.text == "Boko Haram"


def test_a_group_name_with_a_joined_arabic_article_is_read_whole():
    from eventdesk.extract.actors import find_claim
    actor = find_claim("Saraya Thawrat al-Ishrin claimed responsibility for the rocket fire.", 0, "Iraq")
    assert actor.text == "Saraya Thawrat al-Ishrin"


def test_a_group_blamed_by_a_name_opening_with_its_article_is_found():
    actor = find_attribution("No group claimed the killing; however, sources attributed the attack "
                             "to al-Shabaab.", 0, "Somalia")
    assert actor is not None and actor.name == "Al Shabaab"
