"""The relevance stage alone (screening.py wires relevance.Relevance): it scores the story's
lead and each incident and marks which are kept, dropping nothing itself."""
import dataclasses

from eventdesk.extract.candidates import find_candidates
from eventdesk.extract.incidents import group_incidents
from eventdesk.extract.relevance import Decision, Relevance
from eventdesk.extract.screening import screen
from eventdesk.textcat.model import Scores

from extract_stage_fixtures import context, state_of


class Scripted:
    """Reads every passage as no event when it mentions Quetta, else as an event."""

    def __init__(self):
        self.seen = []

    def predict(self, passages):
        self.seen.append(list(passages))
        return [Scores(0.95, 0.0, 0.05, None, 0.0, None) if "Quetta" in p else
                Scores(0.05, 0.0, 0.95, "Attack", 0.9, "Violence against civilians") for p in passages]


def screened(*texts):
    ctx = context()
    state = group_incidents(find_candidates(state_of(*texts), ctx), ctx)
    model = Scripted()
    ctx = dataclasses.replace(ctx, relevance=Relevance(model, Decision(0.9, 0.9)))
    return screen(state, ctx), model


def test_the_lead_and_each_incident_are_scored_and_marked():
    state, model = screened("Gunmen killed two police officers in Peshawar on Monday.",
                            "The weather was fine.")
    [passages] = model.seen
    assert passages[0] == "Gunmen killed two police officers in Peshawar on Monday. The weather was fine."
    assert len(state.scores) == len(state.incidents) == 1
    assert state.relevant == [True] and state.story.event == 0.95


def test_an_incident_the_model_reads_as_no_event_is_marked_not_dropped():
    state, _ = screened("Gunmen killed two police officers in Quetta on Monday.", "The weather was fine.")
    assert len(state.incidents) == 1 and state.relevant == [False]


def test_no_incident_no_model():
    state, model = screened("The weather was fine.", "The sun shone.")
    assert model.seen == [] and state.scores is None and state.relevant is None
