"""The placing filler alone: where one incident happened."""
from eventdesk.extract.placing import fill_place
from eventdesk.extract.records import Citations
from eventdesk.model import Event

from extract_stage_fixtures import context, one_incident


def test_placing_takes_the_town_the_sentence_names():
    state, inc = one_incident("Gunmen killed two police officers in Peshawar, Pakistan, on Monday.",
                              "The weather was fine.", read=True)
    ev = Event(doc_id="t", kind="event")
    cite = Citations()
    fill_place(ev, inc, state, context(), cite)
    assert (ev.country, ev.location) == ("Pakistan", "Peshawar")
    assert any("location" in fields for fields in cite.fields.values())


def test_the_dateline_places_a_lead_that_names_only_a_province():
    from eventdesk.extract.engine import Extractor
    from eventdesk.model import Document
    from datetime import date
    doc = Document(id="d", published=date(2002, 3, 2), text=(
        "Hyderabad: the unrest over the killings in Gujarat spread to the city on Friday, with "
        "angry crowds attacking a police station and burning four motorcycles."))
    [ev] = Extractor().extract(doc)
    assert (ev.location, ev.admin1) == ("Hyderabad", "Telangana")


def test_a_person_named_like_a_town_places_nothing():
    from eventdesk.extract.engine import Extractor
    from eventdesk.model import Document
    from datetime import date
    doc = Document(id="d", published=date(2019, 5, 6), text=(
        "Mogadishu: a car bomb killed nine people at a checkpoint near the parliament on Sunday, "
        "police said. President Mohamed Abdullahi Farmajo condemned the attack. Farmajo said "
        "al-Shabaab would be defeated."))
    [ev] = Extractor().extract(doc)
    assert (ev.country, ev.location) == ("Somalia", "Mogadishu")
