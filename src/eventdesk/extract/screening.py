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

from .categories import NAMED_GROUPS
from .incidents import own_dates
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
    lead = " ".join(s.text for s in state.sentences[:ctx.settings.lead_sentences])
    reference = state.reference.date if state.reference is not None else None
    dated = [history(inc, reference, ctx) for inc in state.incidents]
    # (in a feature about the past, what it tells undated is of that past too)
    past = any(dated) and not any(h is False for h in dated)
    for i, inc in enumerate(state.incidents):
        if state.relevant[i] and (in_lookalike_frame(inc, lead, ctx) or dated[i] or past and dated[i] is None):
            state.relevant[i] = False
    return state


def history(inc, reference, ctx: StageContext):
    """True when every date the incident's reports give it lies more than ``history_years``
    before the report ("on the morning of 1 March 1896, an Italian army marched ..." in a
    feature), False when one does not, None when they give none."""
    dated = [d.value for m in inc.mentions for d in own_dates(m)]
    if not reference or not dated:
        return None
    limit = 365.25 * ctx.settings.history_years
    return all((reference - d).days > limit for d in dated)


def in_lookalike_frame(inc, lead: str, ctx: StageContext) -> bool:
    """The incident is told in the frame of look-alike news, in its own sentences or the
    article's lead (data/modality.yaml ``lookalike_frames``: a parade, a launch, an industrial
    blast, an animal shot, a hack; or a drill, or in its own sentences a disaster, which spare a
    demonstration as the sentence gates do), and none of its sentences names hostile political
    violence or an armed group: "troops marched past the reviewing stand", "a black bear was
    shot dead by a licensed hunter". (A lead's "outbreak" or "collapse" is often of violence or
    of order: disasters frame only an incident's own sentences.)"""
    lex = ctx.lex
    text = " ".join(m.sentence.text for m in inc.mentions)
    named_group = any(a.category in NAMED_GROUPS for m in inc.mentions for a in m.actors)
    # (old ordnance, history and the arms trade tell of bombs and battles: no hostile word spares them)
    if lex.past_and_trade_frames.search(lead) or lex.past_and_trade_frames.search(text):
        return not named_group
    demonstration = any(t.family.event_type in lex.disaster_spares for m in inc.mentions for t in m.triggers)
    framed = bool(lex.lookalike_frames.search(lead) or lex.lookalike_frames.search(text)) or (
        not demonstration and bool(lex.exercises.search(lead) or lex.exercises.search(text)
                                   or lex.disaster.search(text) and not lex.deliberate.search(text)))
    if not framed or lex.names_hostile(text):
        return False
    return not named_group


def passage(sentence_texts: Sequence[str], ctx: StageContext) -> str:
    """What the model reads of an incident or a story: its first sentences."""
    return " ".join(sentence_texts[:ctx.settings.passage_sentences])
