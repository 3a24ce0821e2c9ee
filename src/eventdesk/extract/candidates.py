"""Stage "candidates": sentences a trigger word picks, read into mentions of events and threats.

Reads ``sentences``, ``reference``, ``country_hint`` and ``place_text``. Writes ``mentions``
(aggregates, denials, hypotheticals, disasters and figures of speech left out; clauses with
dates of their own read apart), ``claims`` and ``attributions`` (claims of responsibility and
the groups sources blame, from any sentence), and the memory ``tally_at``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from typing import Optional

from ..geo import find_places, find_quarters
from ..geo.names import fold
from ..geo.resources import stopwords
from ..nlp.segment import Sentence
from ..resources import load_data
from ..time import find_dates, in_reporting_clause
from ..time.reference import in_agency_dateline
from .actor_roles import merge_affiliations
from .actors import find_actors, find_attribution, find_claim
from .casualties import CasualtyCount, parse_casualties
from .categories import ARMED_CATEGORIES
from .lexicon import Trigger
from .state import DocState, StageContext
from .targets import Target, find_targets

LOCAL_KINDS = {"city", "admin2"}


# trigger families every kind of incident tells (a toll, a claim): they name no kind of their own
GENERIC_FAMILIES = frozenset({"killing", "claim"})


@dataclass
class Mention:
    kind: str
    sentence: Sentence
    triggers: list[Trigger]
    targets: list[Target]
    dates: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    claim: object = None
    casualties: Optional[CasualtyCount] = None
    anaphoric: bool = False
    new_incident: bool = False
    split_index: int = 0
    places: frozenset = frozenset()   # the towns and districts its sentence names (folded)
    quarters: frozenset = frozenset()  # the quarters and streets of a town it names (folded)
    names: frozenset = frozenset()     # the proper names of two or more words its sentence uses (folded)
    incident_names: frozenset = frozenset()   # ... of them, those it names an incident by ("X bombing")

    @property
    def families(self) -> dict:
        return {t.family.name: t.family for t in self.triggers}

    @property
    def strength(self) -> int:
        return max((t.family.strength for t in self.triggers), default=0)


def find_candidates(state: DocState, ctx: StageContext) -> DocState:
    lex, hint = ctx.lex, state.country_hint
    told_at: set = set()    # the towns the mentions so far named
    for sent in state.sentences:
        blamed = find_attribution(sent.text, sent.start, hint)
        if blamed is not None:
            state.attributions.append((sent, blamed))
        has_trigger = lex.any_trigger.search(sent.text) or lex.threat.search(sent.text)
        lowered = sent.text.lower()
        claim = find_claim(sent.text, sent.start, hint) if "claim" in lowered or "responsib" in lowered else None
        if claim is not None:
            state.claims.append((sent, claim))
        if not has_trigger:
            continue
        read = read_sentence(sent, state, ctx, claim)
        for m in read:   # (the clause's towns, where a sentence is read as several clauses)
            clause = state.place_text[m.sentence.start:m.sentence.end]
            m.places, m.quarters = local_places(clause), find_quarters(clause, caseless=state.read is not state.doc)
            if m.places - told_at and lex.new_thread.search(m.sentence.text):
                m.new_incident = True
            told_at |= m.places
            m.names, m.incident_names = proper_names(m.sentence.text)
        state.mentions.extend(read)
    return state


def read_sentence(sent: Sentence, state: DocState, ctx: StageContext, claim) -> list[Mention]:
    lex, rx, hint = ctx.lex, ctx.patterns, state.country_hint
    ref = state.reference.date
    s = sent.text
    triggers = lex.triggers(s)
    threat_spans = [(m.start(), m.end()) for m in lex.threat.finditer(s)]
    if not triggers and not threat_spans:
        return []
    dates = find_dates(s, ref, offset=sent.start)
    # "Monday, March 11, 2013": a month's name inside a date is no march
    triggers = [t for t in triggers if not inside_date(t, dates, sent.start)]
    triggers = [t for t in triggers if not in_recalled_clause(t, triggers, dates, sent, ctx)]
    # (a wire dateline's date is the report's: "on Saturday" dates the event it tells)
    dates = [d for d in dates if not in_agency_dateline(s, d.start - sent.start, d.end - sent.start)]
    if not triggers and not threat_spans:
        return []
    clauses = dated_clauses(sent, dates, ctx)
    if len(clauses) == 1:
        clauses = partitive_clauses(sent, ctx)
        if len(clauses) > 1:
            # "two major incidents took place: one at X ..., another at Y ...": each item is an
            # incident of its own, the first too
            read = [m for c in clauses for m in read_sentence(c, state, ctx, claim)]
            for m in read:
                m.new_incident = True
            return read
    if len(clauses) == 1:
        contrast = contrasted_clauses(sent, state.place_text, ctx)
        if len(contrast) > 1:
            # "While the massacres took place in A, there was retaliation in B": two events
            first, second = (read_sentence(c, state, ctx, claim) for c in contrast)
            for m in second:
                m.new_incident = True
            return first + second
    if len(clauses) == 1:
        recalled = recalled_clauses(sent, ctx)
        if len(recalled) > 1:
            # the sentence's own news, told after the event it recalls, is an incident of its own
            news = read_sentence(recalled[1], state, ctx, claim)
            for m in news:
                m.new_incident = True
            earlier = read_sentence(recalled[0], state, ctx, claim)
            day = recalled_day(dates, recalled[1])
            for m in earlier:
                if day is not None and not any(d.value for d in m.dates):
                    m.dates = m.dates + [day]
            return earlier + news
    if len(clauses) > 1:
        return [m for c in clauses for m in read_sentence(c, state, ctx, claim)]
    # "On July 13" dates the report to a day even when no reference date gives it a year.
    # ("since Friday night" opens a period: a tally over it is no day's incident)
    day_dated = any(d.precision == "day" and not s[:d.start - sent.start].rstrip().lower().endswith("since")
                    for d in dates)
    if (lex.disaster.search(s) or lex.private_violence.search(s)) and not lex.deliberate.search(s):
        # an earthquake's or a gas explosion's dead are no conflict event
        triggers = [t for t in triggers if t.family.event_type in lex.disaster_spares]
    if lex.exercises.search(s):
        # a drill's or a weapons test's fire hits no enemy
        triggers = [t for t in triggers if t.family.event_type in lex.exercise_spares]
    out: list[Mention] = []
    # Threats: the attack words after a threat cue belong to the threat.
    if threat_spans and not unreal_at(s, threat_spans[0][0], ctx, threat=True):
        t0 = threat_spans[0][0]
        consumed = [t for t in triggers if t.start >= t0 and t.family.event_type != "Strategic developments"]
        triggers = [t for t in triggers if t not in consumed]
        out.append(Mention("threat", sent, consumed, find_targets(s, sent.start, lex, t0), dates=dates,
                           actors=merge_affiliations(find_actors(s, sent.start, hint), s, sent.start, rx),
                           claim=claim))
    # Events: drop triggers inside aggregates ("119 attacks") or unreal contexts. A small
    # count on one day ("three attacks (5 explosions)" on 2 March) is still one incident.
    # A day-dated sentence reports what happened that day, however many blasts it counts.
    spread = rx.nationwide.search(s)
    aggregates = [m for m in lex.aggregate.finditer(s)
                  if not day_dated or rx.habitual.search(m.group()) or spread]
    if any(lex.statistics.search(m.group()) for m in aggregates):
        state.tally_at = (sent.block, sent.position)
        triggers = [t for t in triggers if t.family.event_type == "Strategic developments"
                    and not any(m.start() <= t.start < m.end() for m in aggregates)]
        if lex.period_tally.search(s):
            triggers = []
    habit = None if any(d.value for d in dates) else lex.habitual.search(s)
    kept = []
    for t in triggers:
        if any(m.start() <= t.start < m.end() or m.start() < t.end <= m.end() for m in aggregates):
            continue
        if habit is not None and t.start >= habit.start():
            continue
        if unreal_at(s, t.start, ctx):
            continue
        kept.append(t)
    if not kept:
        return out
    casualties = parse_casualties(s, sent.start)
    if lex.trends.search(s) and not (casualties.fatalities or casualties.injuries) or lex.running_totals.search(s):
        return out   # a trend or a standing condition with no toll of its own, or a running total
    actors = merge_affiliations(find_actors(s, sent.start, hint), s, sent.start, rx)
    if lex.figurative.search(s) and not any(a.category in ARMED_CATEGORIES - {"state"} for a in actors):
        return out   # "the defense attacked the quarterback", "the film bombed at the box office"
    # "Attacks on mosques" in general is no incident: a plural needs a date or a toll.
    plural_only = all(t.is_plural_noun for t in kept)
    if plural_only and not (any(d.value or d.precision in ("day", "week") for d in dates)
                            or casualties.fatalities or casualties.injuries):
        return out
    # "... more than 50 bombings have taken place. More than 330 people were killed in the
    # attacks": "the attacks" right after a tally are the ones it counted.
    means = [t for t in kept if t.family.name not in GENERIC_FAMILIES]
    if means and state.tally_at == (sent.block, sent.position - 1) and not any(d.value for d in dates) \
            and all(t.is_plural_noun and rx.anaphoric_noun.search(s[:t.start]) for t in means):
        return out
    # A weak trigger ("protesters", "raid") needs support: a toll, an armed actor, a date, or
    # a word of violence or collective action beside it ("protesters hurled stones").
    spans = [(t.start, t.end) for t in kept]
    anchored = any(not any(a <= m.start() < b for a, b in spans) for m in lex.anchors.finditer(s))
    if max(t.family.strength for t in kept) < 2 and not (
            casualties.fatalities or casualties.injuries or casualties.casualties or anchored
            or any(a.category in ARMED_CATEGORIES for a in actors) or any(d.value for d in dates)):
        return out
    anaphoric = bool(lex.anaphora.search(s)) or (
        bool(rx.definite_start.search(s)) and any(t.start < 60 for t in kept))
    new_incident = bool(lex.new_incident.search(s))
    targets = find_targets(s, sent.start, lex)
    violent = any(t.family.event_type != "Strategic developments" for t in kept)
    split = [targets[i:i + 1] for i in range(len(targets))] if violent and len({t.key for t in targets}) > 1 and all(
        t.distinct for t in targets) else [targets]
    for i, group in enumerate(split):
        out.append(Mention("event", sent, kept, group, dates=dates, actors=actors, claim=claim,
                           casualties=casualties if i == 0 else CasualtyCount(),
                           anaphoric=anaphoric, new_incident=new_incident, split_index=i))
    return out


def inside_date(t: Trigger, dates, offset: int) -> bool:
    """The trigger's words are part of a date expression that names a day or a month."""
    return any(d.value is not None and d.start <= offset + t.start and offset + t.end <= d.end
               for d in dates)


def in_recalled_clause(t: Trigger, triggers, dates, sent: Sentence, ctx: StageContext) -> bool:
    """"Tamerlan died after a gunfight three days after the bombing": the event word in the
    clause a count introduces, where that clause names an incident told before, points back to
    it; the sentence's news is the event told outside it."""
    at = sent.start + t.start
    return any(d.governs is not None and d.governs[0] <= at < d.governs[1]
               and names_incident_before(d, triggers, sent, ctx) for d in dates)


def names_incident_before(d, triggers, sent: Sentence, ctx: StageContext) -> bool:
    """The clause the count ``d`` introduces ("three days after the bombing") names an incident
    told before, and the sentence tells an event of its own outside that clause."""
    a, b = d.governs
    points_back = any(a <= sent.start + x.start() < b for x in ctx.lex.anaphora.finditer(sent.text))
    told_outside = any(not a <= sent.start + t.start < b for t in triggers
                       if t.family.name not in GENERIC_FAMILIES)
    return points_back and told_outside


def dated_clauses(sent: Sentence, dates, ctx: StageContext) -> list[Sentence]:
    """"In April, militants fired rockets into Tajikistan, and in July two workers were shot
    dead": clauses with dates of their own, each reporting an event, are read apart (one
    record each); otherwise the sentence as it is."""
    rx = ctx.patterns
    own = [d for d in dates if d.value is not None
           and not in_reporting_clause(sent.text, sent.start, d.start)]
    cuts = []
    for before, after in zip(own, own[1:]):
        if before.value == after.value and before.precision == after.precision:
            continue
        joints = list(rx.clause_joint.finditer(sent.text, before.end - sent.start, after.start - sent.start))
        if joints:
            cuts.append(joints[-1].start())
    if not cuts:
        return [sent]
    bounds = [0] + cuts + [len(sent.text)]
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        text = sent.text[a:b]
        lead = len(text) - len(rx.clause_joint_lead.sub("", text, count=1))
        a += lead
        parts.append(part(sent, a, b))
    if not all(ctx.lex.any_trigger.search(p.text) for p in parts):
        return [sent]
    return parts


_CONTRAST_OPENING = re.compile(r"^(?:while|whereas|although|though)\s", re.I)


def contrasted_clauses(sent: Sentence, place_text: str, ctx: StageContext) -> list[Sentence]:
    """"While the biggest massacres took place in Bapunagar, there were signs of retaliation in
    Juhapura where rival mobs fought": a sentence opening with a contrast sets two events side by
    side; its two clauses, each with an event word at places of its own, are read apart (not "while
    six were injured in police firing, 12 were killed": one incident's toll). Otherwise the sentence."""
    if not _CONTRAST_OPENING.match(sent.text):
        return [sent]
    comma = sent.text.find(", ")
    if comma < 0:
        return [sent]
    parts = [part(sent, 0, comma), part(sent, comma + 2, len(sent.text))]
    if not all(ctx.lex.any_trigger.search(p.text) for p in parts):
        return [sent]
    places = [local_places(place_text[p.start:p.end]) | find_quarters(place_text[p.start:p.end]) for p in parts]
    if not places[1] or places[0] & places[1]:
        return [sent]   # (the second clause must say where it happened, elsewhere)
    return parts


def partitive_clauses(sent: Sentence, ctx: StageContext) -> list[Sentence]:
    """The items of "one at X ..., another at Y ..." read apart, each with its own place and
    toll (the first item keeps the words before it); otherwise the sentence as it is."""
    first = ctx.patterns.partition_first.search(sent.text)
    if first is None:
        return [sent]
    cuts = [m.start() for m in ctx.patterns.partition_next.finditer(sent.text, first.end())]
    if not cuts:
        return [sent]
    bounds = [0] + cuts + [len(sent.text)]
    parts = [part(sent, a, b) for a, b in zip(bounds, bounds[1:])]
    if not all(ctx.lex.any_trigger.search(p.text) for p in parts[1:]):
        return [sent]
    return parts


def recalled_clauses(sent: Sentence, ctx: StageContext) -> list[Sentence]:
    """"Four days after the carnage in which 58 were burnt alive, police arrested two men": the
    event the lead recalls and the sentence's own news are read apart (the count that links
    them left out: it dates neither); otherwise the sentence as it is."""
    lead = ctx.patterns.recalled_lead.match(sent.text)
    if lead is None:
        return [sent]
    spans = [lead.span("recalled"), (lead.end(), len(sent.text))]
    parts = [part(sent, a, b) for a, b in spans]
    if not all(ctx.lex.any_trigger.search(p.text) for p in parts):
        return [sent]
    return parts


def recalled_day(dates, news: Sentence):
    """The day of the event a lead recalls: "three days after" counted back from the day its
    news is dated to ("..., hundreds protested on Friday"); None when either is missing."""
    count = next((d for d in dates if d.anchor == "previous_event" and d.delta_days
                  and d.end <= news.start), None)
    told = next((d for d in dates if d.value is not None and d.precision == "day"
                 and news.start <= d.start), None)
    if count is None or told is None:
        return None
    return replace(told, value=told.value - timedelta(days=count.delta_days),
                   start=count.start, end=count.end, text=count.text)


def part(sent: Sentence, a: int, b: int) -> Sentence:
    """The characters ``a:b`` of a sentence, as a sentence of its own at the same place."""
    return Sentence(sent.start + a, sent.start + b, sent.text[a:b], sent.block, sent.kind, sent.position)


def unreal_at(s: str, pos: int, ctx: StageContext, threat: bool = False) -> bool:
    """A denial, condition or modal before the trigger (in its clause) makes it unreal."""
    starts, ends, words = _unreal_matches(ctx.lex.unreal, s)
    # The matches are disjoint and in order, so their ends rise with their starts: those with
    # start <= pos <= end + 40 are one run, found by bisection (a long sentence is scanned once,
    # not once per trigger).
    for i in range(bisect_left(ends, pos - 40), bisect_right(starts, pos)):
        if threat and ctx.patterns.threat_modal.match(words[i]):
            continue   # "threatened that the militia will use a truck bomb" stays a threat
        return True
    return False


@lru_cache(maxsize=16)
def _unreal_matches(pattern: re.Pattern, s: str) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and words of the unreal cues of sentence ``s``, in order."""
    found = list(pattern.finditer(s))
    return [m.start() for m in found], [m.end() for m in found], [m.group() for m in found]


# An unlisted settlement the text says is one: "in Kherwada village". (A town's quarters, "the
# Taruma neighbourhood", are one location with it: ACLED's unit is the town.)
_UNLISTED_PLACE = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) (?:village|hamlet|town|township)\b")


_PROPER_NAME = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s+){1,4}[A-Z][\w'’-]*(?![\w'’-])")


@lru_cache(maxsize=1)
def _incident_nouns() -> str:
    nouns = sorted(load_data("taxonomy.yaml")["incident_name_nouns"], key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, nouns)) + ")"


@lru_cache(maxsize=1)
def _incident_name_after() -> re.Pattern:
    return re.compile(r"\s+" + _incident_nouns() + r"\b", re.I)


@lru_cache(maxsize=1)
def _incident_name_before() -> re.Pattern:
    # "the bombing of the Oklahoma City federal building", "the siege at the Lindt Cafe"
    return re.compile(r"\b" + _incident_nouns() + r"\s+(?:of|at|on|in)\s+(?:the\s+)?$", re.I)


def proper_names(text: str) -> tuple[frozenset, frozenset]:
    """(the names of two to five capitalised words ``text`` uses, those of them it calls an
    incident by: "the Boston Marathon bombing", "the bombing of the Oklahoma City federal
    building"), folded, a sentence-opening "The" left out."""
    names, incidents = set(), set()
    for m in _PROPER_NAME.finditer(text):
        words = m.group().split()
        if words[0] in ("The", "A", "An", "In", "On", "At"):
            words = words[1:]
        if len(words) < 2:
            continue
        key = fold(" ".join(words))
        names.add(key)
        if _calls_an_incident(text, m.start(), m.end()):
            incidents.add(key)
    return frozenset(names), frozenset(incidents)


_CAPITALISED = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*(?![\w'’-])")


def names_an_incident(text: str) -> bool:
    """The sentence calls an incident by a name, of one word or more ("the Godhra attack", "the
    Omagh bombing", "the siege at the Lindt Cafe"), a sentence-opening word apart."""
    return any(m.start() > 0 and _calls_an_incident(text, m.start(), m.end()) for m in _CAPITALISED.finditer(text))


def _calls_an_incident(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is an incident's: an incident noun follows it ("the Omagh
    bombing") or governs it ("the siege at the Lindt Cafe")."""
    return bool(_incident_name_after().match(text, end)
                or _incident_name_before().search(text, max(0, start - 40), start))


@lru_cache(maxsize=1)
def _away_from_scene() -> re.Pattern:
    return re.compile(load_data("geo_cues.yaml")["away_from_scene"], re.I)


def scene_places(text: str) -> list:
    """The places ``text`` names (``find_places``) but those the wounded were taken to."""
    return [(a, b, places) for a, b, places in find_places(text)
            if not _away_from_scene().search(text, max(0, a - 60), a)]


def local_places(text: str) -> frozenset:
    """The towns and districts a sentence names, as folded names ("Elmhurst", "Rakhial"):
    what tells one incident's place from another's, whether the gazetteer lists them or the
    text says what they are. Countries and provinces are too coarse."""
    # (a country's name is the country, though a town somewhere bears it: "central Mali")
    listed = {fold(text[a:b]) for a, b, places in scene_places(text)
              if any(p.kind in LOCAL_KINDS for p in places) and not any(p.kind == "country" for p in places)}
    unlisted = {fold(m.group("name")) for m in _UNLISTED_PLACE.finditer(text)
                if fold(m.group("name").split()[0]) not in stopwords()}
    return frozenset(listed | unlisted)
