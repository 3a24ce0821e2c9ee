"""The reading stage alone: reference date, caseless view, sentences, place text, focus."""
from datetime import date

from eventdesk.extract.reading import read_document
from eventdesk.extract.state import DocState
from eventdesk.model import Document

from extract_stage_fixtures import context

TEXT = "Gunmen killed two police officers in Peshawar, Pakistan, on Monday. The attack was claimed by the TTP."


def read(text, published=date(2023, 3, 10)):
    return read_document(DocState(Document(id="t", text=text, published=published)), context())


def test_sets_the_reference_date_on_the_state_and_the_document():
    state = read(TEXT)
    assert state.reference.date == date(2023, 3, 10)
    assert (state.doc.reference_date, state.doc.reference_date_method) == (date(2023, 3, 10), "published")


def test_splits_two_sentences_and_finds_the_country_the_text_is_about():
    state = read(TEXT)
    assert [s.position for s in state.sentences] == [0, 1]
    assert state.sentences[1].text == "The attack was claimed by the TTP."
    assert state.country_hint == "Pakistan"


def test_place_text_blanks_named_groups_and_keeps_offsets():
    state = read(TEXT)
    assert len(state.place_text) == len(TEXT)
    assert "TTP" not in state.place_text and "Peshawar" in state.place_text


def test_a_cased_text_is_read_as_it_is():
    state = read(TEXT)
    assert state.read is state.doc and state.text is TEXT


def test_a_caseless_text_is_read_through_a_cased_view_of_the_same_length():
    caseless = TEXT.lower()
    state = read(caseless)
    assert state.read is not state.doc and state.doc.text == caseless
    assert len(state.text) == len(caseless) and "Peshawar" in state.text


def test_an_empty_text_has_no_sentences_and_no_place():
    state = read("")
    assert state.sentences == [] and state.geo is None and state.country_hint is None
