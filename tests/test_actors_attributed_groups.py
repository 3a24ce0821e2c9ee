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


def test_officials_who_blame_a_group_name_it():
    actor = find_attribution("Kenyan officials blamed the Islamic State for the explosion at the "
                             "bus depot.", 0, "Kenya")
    assert actor is not None and actor.name == "Islamic State"


def test_a_passive_agent_of_an_attack_is_blamed():
    actor = find_attribution("Investigators said the ambush had been planned by the Maoists.", 0, "India")
    assert actor is not None and actor.text == "Maoists"
    actor = find_attribution("A court later convicted members of the separatist Ulster Volunteer "
                             "Force of the bombing.", 0, "Ireland")
    assert actor is not None and actor.name.startswith("Ulster Volunteer Force")


def test_a_claim_with_an_appositive_or_admitted_is_a_claim():
    from eventdesk.extract.actors import find_claim
    actor = find_claim("The Real IRA, a dissident splinter group, claimed responsibility two days "
                       "later.", 0, "United Kingdom")
    assert actor is not None and "Real" in actor.name
    actor = find_claim("The Ulster Volunteer Force admitted responsibility years later.", 0, "Ireland")
    assert actor is not None and actor.name.startswith("Ulster Volunteer Force")


def test_a_claim_without_the_word_claim_reaches_the_record():
    from eventdesk import Pipeline
    from eventdesk.model import Document
    import datetime
    text = ("A car bomb exploded outside the courthouse in Lurgan on 3 March 2001, killing two "
            "people. The Ulster Volunteer Force admitted responsibility in a statement.")
    events = Pipeline().process(Document(id="t", text=text, published=datetime.date(2001, 3, 4)))
    assert [e.actor1 for e in events] == ["Ulster Volunteer Force (UVF)"]
