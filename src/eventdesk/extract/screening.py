"""Stage "relevance": the trained model (``relevance.Relevance``) reads the story and each incident.

Reads ``sentences`` and ``incidents``. Writes ``story`` (the headline and lead as the model
reads them: the deaths of a tram crash's victims told in its tenth paragraph are no attack),
``scores`` (one per incident) and ``relevant`` (one per incident: whether it is kept as
political violence). Like spaCy's ``TextCategorizer``: predict, then set the annotations;
incidents are not dropped here, the records stage skips those not relevant.
Switched off (``disable={"relevance"}``), every incident is kept, unscored.
"""
from __future__ import annotations

from typing import Sequence

from .state import DocState, StageContext


def screen(state: DocState, ctx: StageContext) -> DocState:
    if not state.incidents:
        return state   # nothing to judge: the model is not even loaded
    lead = passage([s.text for s in state.sentences], ctx)
    scores = ctx.relevance.score([lead] + [passage([m.sentence.text for m in inc.mentions], ctx)
                                           for inc in state.incidents])
    state.story = scores.pop(0)
    state.scores = scores
    state.relevant = [ctx.relevance.relevant(sc, state.story) for sc in scores]
    return state


def passage(sentence_texts: Sequence[str], ctx: StageContext) -> str:
    """What the model reads of an incident or a story: its first sentences."""
    return " ".join(sentence_texts[:ctx.settings.passage_sentences])
