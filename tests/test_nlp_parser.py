"""spaCy's parse names groups no actor list knows; sentences written for these tests."""
import eventdesk
from eventdesk.nlp.parser import community_subject, group_subject


def at(sentence, word):
    return sentence.index(word)


def test_an_organisation_subject_of_the_verb_is_named():
    s = "Members of the Proletarian Core set fire to a police car in Athens."
    assert group_subject(s, at(s, "set"))[2] == "Proletarian Core"


def test_the_agent_of_an_event_noun_and_proper_nouns_before_a_group_noun():
    s = "Gunmen from the Zamfara Boys gang abducted 20 students."
    assert group_subject(s, at(s, "abducted"))[2] == "Zamfara Boys gang"


def test_places_peoples_and_headline_capitals_are_no_group():
    for s, word in [("Israeli planes bombed a house in Gaza.", "bombed"),
                    ("A shopkeeper was killed by unknown gunmen in PD12 of Herat city.", "killed"),
                    ("THREE SUICIDE ATTACKERS BLOW THEMSELVES UP AT A MARKET IN ADEN", "BLOW")]:
        assert group_subject(s, at(s, word)) is None


def test_a_communitys_youths_are_its_ethnic_militia():
    s = "On 8 May 2020, Bobo community youths attacked herders near Bobo-Dioulasso, killing two of them."
    assert community_subject(s, at(s, "attacked")) == "Bobo"
    [ev] = eventdesk.extract(s, published="2020-05-09", doc_id="t")
    assert ev.actor1 == "Bobo Ethnic Militia (Burkina Faso)"
    assert ev.provenance["actor1"] == "community named in the subject (parser)"


def test_an_unlisted_group_becomes_actor1_with_its_evidence():
    s = "On 12 March 2021, members of the Red Dawn Front shot dead a farmer in Medellin."
    [ev] = eventdesk.extract(s, published="2021-03-13", doc_id="t")
    assert ev.actor1 == "Red Dawn Front"
    assert any("actor1" in span.fields for span in ev.evidence)
