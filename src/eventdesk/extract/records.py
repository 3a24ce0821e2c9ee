"""Stage "records": one ACLED-style ``Event`` per incident kept, its fields filled from all of
its sentences, each value with its evidence.

Reads everything the stages before wrote (``incidents``, with ``scores``/``story``/``relevant``
when the relevance stage ran). Writes ``events`` (and the per-document date memory, through
``dating``). Fields in order: kind, type (``classify``; the model's when sure, unless "retype"
is disabled), target (``targets``), tolls (``casualties``), date (``dating``), place
(``placing``), actors (``actor_roles``: after the place, since ACLED names crowds and unnamed
groups by country), state names by regime period, confidence; then ``enumerations`` may share
one event out between the items of a list, and ``place_lists`` between the towns of a list. A
caseless document's evidence is quoted from the original text.
"""
from __future__ import annotations

from datetime import date

from ..model import Event, Evidence
from ..nlp.truecase import restore_evidence
from .actor_roles import fill_actors, list_contexts, relocate_actor
from .candidates import Mention
from .casualties import CasualtyCount, merge_counts
from .categories import ARMED_CATEGORIES, NAMED_GROUPS
from .classify import classify, family_rank
from .dating import fill_date
from .enumerations import split_enumerated
from .incidents import Incident
from .place_lists import split_by_place_list
from .placing import fill_place
from .state import DocState, StageContext
from .state_names import acled_state_name

TERRITORY_TYPES = {"state": "Government regains territory", "group": "Non-state actor overtakes territory"}


class Citations:
    """The evidence of one event: for each sentence (or date) cited, the fields it gave."""

    def __init__(self) -> None:
        self.fields: dict[tuple[int, int], set[str]] = {}

    def __call__(self, where, name: str) -> None:
        span = where.sentence if isinstance(where, Mention) else where   # a mention, sentence or date
        self.fields.setdefault((span.start, span.end), set()).add(name)

    def evidence(self, text: str) -> list[Evidence]:
        return [Evidence(s, e, text[s:e], sorted(f)) for (s, e), f in sorted(self.fields.items())]


def build_records(state: DocState, ctx: StageContext) -> DocState:
    if not state.incidents:
        return state
    scores = state.scores or [None] * len(state.incidents)
    relevant = state.relevant or [True] * len(state.incidents)
    list_context = list_contexts(state.sentences, state.country_hint, ctx.patterns)
    events: list[Event] = []
    for inc, sc, keep in zip(state.incidents, scores, relevant):
        if not keep:
            continue
        ev = to_event(inc, state, ctx, list_context, sc)
        for one in split_enumerated(ev, inc, state, ctx):
            events.extend(split_by_place_list(one, state, ctx))
    if state.read is not state.doc:   # read from a cased view: quote the original
        events = restore_evidence(events, state.doc.text)
    state.events = events
    return state


def to_event(inc: Incident, state: DocState, ctx: StageContext, list_context, scores=None) -> Event:
    ms, doc = inc.mentions, state.read
    ev = Event(doc_id=doc.id, kind=inc.kind)
    cite = Citations()
    for m in ms:
        cite(m, "kind")
    if inc.kind == "event":
        fill_type(ev, inc, ctx, scores, state.story)
    fill_target(ev, inc, ctx, cite)
    if inc.kind == "event":
        fill_tolls(ev, inc, cite)
    fill_date(ev, inc, state, ctx, cite)
    fill_place(ev, inc, state, ctx, cite)
    fill_actors(ev, inc, state, ctx, cite, list_context)
    # Who took the ground decides ACLED's territory type: a state regains it, a group overtakes
    # it ("ISIS fighters recaptured the hilltop" is a group's gain, whatever the verb).
    if ev.sub_event_type in TERRITORY_TYPES.values() and ev.actor1:
        by_state = ev.actor1.startswith(("Military Forces", "Police Forces", "Government of"))
        named = not by_state and not ev.actor1.startswith(("Unidentified", "Civilians", "Protesters", "Rioters"))
        if by_state or named:
            ev.sub_event_type = TERRITORY_TYPES["state" if by_state else "group"]
            ev.provenance["sub_event_type"] = "who took the ground"
    # Forces, crowds and gunmen the text names by no country took the report's main country;
    # an event placed in another ("In Niger, soldiers killed ...") is theirs.
    hint = state.country_hint
    if hint and ev.country and ev.country != hint and ev.geo_precision in (1, 2, 3):
        ev.actor1, ev.actor2 = (relocate_actor(a, hint, ev.country) for a in (ev.actor1, ev.actor2))
    # ACLED names state forces by the regime in power that day: "(2019-)".
    when = date.fromisoformat(ev.event_date[:10]) if ev.event_date else state.reference.date
    ev.actor1, ev.actor2 = (acled_state_name(a, when) for a in (ev.actor1, ev.actor2))
    if ev.actor2 == ev.actor1:
        ev.actor2 = None   # one side named twice ("hundreds of farmers ... protesters")
    ev.confidence = confidence(ev, inc)
    ev.evidence = cite.evidence(doc.text)
    return ev


def fill_type(ev: Event, inc: Incident, ctx: StageContext, scores, story) -> None:
    """ACLED's event and sub-event type from the trigger families, the target and who fought;
    the relevance model's verdict is recorded, and its type taken when it is sure."""
    ev.event_type, ev.sub_event_type, families = _rule_type(inc.mentions, ctx)
    ev.provenance["event_type"] = "trigger:" + min(families, key=family_rank)
    if scores is not None:
        ev.provenance["relevance"] = ctx.relevance.explain(scores, story)
    if scores is not None and "retype" not in ctx.disable:
        # the type the first report alone has, where the sentences joined to it changed it
        lead = _rule_type(inc.mentions[:1], ctx)[0] if len(inc.mentions) > 1 else ev.event_type
        lead_types = frozenset({lead}) if lead != ev.event_type else frozenset()
        ev.event_type, ev.sub_event_type, why = ctx.relevance.retype(ev.event_type, ev.sub_event_type, scores,
                                                                     lead_types)
        if why:
            ev.provenance["event_type"] = why


def _rule_type(ms: list, ctx: StageContext) -> tuple[str, str, dict]:
    """(event type, sub-event type, trigger families) the trigger words of ``ms`` give."""
    families: dict = {}
    for m in ms:
        for name, fam in m.families.items():
            families.setdefault(name, fam)
    text = " ".join(m.sentence.text for m in ms)
    target_type = next((t.type for m in ms for t in m.targets if t.type), None)
    # "IS-K gunmen" is one side, not two: unnamed attackers right after a group's name.
    # ... and forces that only tell of it ("police said") are no side in the fight,
    actor_cats = {a.category for m in ms for a in m.actors
                  if not (a.category == "unidentified" and any(
                      b.category in NAMED_GROUPS and 0 <= a.start - b.end <= 1 for b in m.actors))
                  and not ctx.patterns.teller_after.match(m.sentence.text, a.end - m.sentence.start)
                  # (nor the uniform attackers wore: "gunmen disguised as police officers")
                  and not ctx.patterns.disguise_before.search(m.sentence.text[:a.start - m.sentence.start])
                  # (nor forces that stop or shoot the attacker afterwards: "police shot dead the driver")
                  and not (a.category == "state" and m is not ms[0]
                           and ctx.patterns.answers_the_attacker.search(m.sentence.text))}
    both_armed = len(actor_cats & ARMED_CATEGORIES) >= 2 or (
        "state" in actor_cats and target_type == "Non-State Armed Group")
    event_type, sub_event_type = classify(families, target_type, text, both_armed)
    return event_type, sub_event_type, families


def fill_target(ev: Event, inc: Incident, ctx: StageContext, cite) -> None:
    ms = inc.mentions
    for m in ms:
        if m.targets:
            # A place one can name again (the hotel) over the people in it (five guests).
            best = next((t for t in m.targets if t.key), m.targets[0])
            ev.target, ev.target_type = best.text, best.type
            cite(m, "target")
            break
    if ev.target_type is None:
        ev.target_type = next((t for t in (ctx.lex.target_type(m.sentence.text) for m in ms) if t), None)
        if ev.target_type is None and inc.kind == "event" and any(
                m.casualties and (m.casualties.fatalities or m.casualties.injuries) for m in ms):
            ev.target_type = "Private Citizens"


def fill_tolls(ev: Event, inc: Incident, cite) -> None:
    total = CasualtyCount()
    for m in inc.mentions:
        if m.casualties and (m.casualties.spans or m.casualties.fatalities is not None):
            total = merge_counts(total, m.casualties)
            cite(m, "fatalities")
    ev.fatalities, ev.fatalities_low, ev.fatalities_high = total.fatalities, total.fatalities_low, total.fatalities_high
    ev.injuries, ev.attacker_fatalities, ev.casualties = total.injuries, total.attacker_fatalities, total.casualties


def confidence(ev: Event, inc: Incident) -> float:
    score = 0.35
    score += 0.15 if max(m.strength for m in inc.mentions) >= 2 else 0
    score += 0.1 if ev.event_date and "fallback" not in ev.provenance.get("event_date", "") else 0
    score += 0.1 if ev.admin1 or ev.location else 0
    score += 0.1 if ev.actor1 else 0
    score += 0.1 if ev.fatalities is not None or ev.injuries is not None else 0
    score += 0.05 * min(len(inc.mentions) - 1, 2)
    return min(score, 0.95)
