"""The packaged model on passages it was not trained on: short follow-on mentions of protests and
violence inside longer articles are events of their type; idioms and figurative violence words in
business, sport, politics and celebrity news, and the context sentences of conflict articles, are
no event."""
import pytest

from eventdesk.textcat import default_classifier

FOLLOW_ON = [
    ("Protests were also held in Bulawayo and Gweru on Saturday.", "Peaceful protest"),
    ("Police used tear gas to scatter the protesters.", "Protest with intervention"),
    ("PROTESTERS SET FIRE TO TYRES AND STONED POLICE IN THE CAPITAL ON MONDAY.", "Violent demonstration"),
    ("A shopkeeper was stabbed to death in the bazaar on Thursday.", "Attack"),
    ("Two more houses were torched in the village overnight.", "Looting/property destruction"),
    ("a second bomb went off outside the courthouse an hour later.", "Remote explosive/landmine/IED"),
    ("Fighting was also reported between soldiers and rebels near Goma.", "Armed clash"),
]

NO_EVENT = [
    "The network killed the drama after a single season.",
    "the goalkeeper was fired by the club on monday after a string of errors.",
    "The tax rise would be a knockout punch for pubs, the trade body said.",
    "The Greens stormed to a record result in the city elections.",
    "Bayern massacre Bremen 7-0 at the Allianz Arena",
    "The striker shot to prominence at the Under-20 World Cup.",
    "Her agent is under fire for a tweet about the award ceremony.",
    "THE CENTRAL BANK'S RATE CUT WAS A SHOT IN THE ARM FOR EXPORTERS.",
    "Analysts say the insurgency has grown weaker since the leader's death.",
]


@pytest.fixture(scope="module")
def model():
    return default_classifier()


@pytest.mark.parametrize("text,sub_event_type", FOLLOW_ON)
def test_a_short_follow_on_mention_is_an_event_of_its_type(model, text, sub_event_type):
    (s,) = model.predict([text])
    assert s.label == "event" and s.none < 0.4
    assert s.sub_event_type == sub_event_type


@pytest.mark.parametrize("text", NO_EVENT)
def test_an_idiom_or_context_sentence_is_no_event(model, text):
    (s,) = model.predict([text])
    assert s.label == "none" and s.none > 0.6
