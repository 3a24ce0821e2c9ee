"""Stage "incidents": which mentions report one incident, each join with its reason.

Reads ``mentions``, ``claims`` and ``attributions``. Writes ``incidents``: mentions merged
(anaphora, the same target named again, elaborating sentences, the same toll told again; list
items and sentences naming towns of their own kept apart), a claim or attribution told after an
incident attached to it, and only the incidents anchored in something real (an armed actor, a
weapon, a crowd, a toll), not figures of speech.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from ..resources import load_data
from ..time import in_reporting_clause, person_asides
from .candidates import GENERIC_FAMILIES, Mention, names_an_incident, names_incident_before, scene_places
from .categories import VIOLENT_TYPES
from .classify import is_response_only
from .state import DocState, StageContext


# A toll this large told again is the same incident's (one or two dead are told of many).
MIN_TOLD_AGAIN = 3


@dataclass
class Incident:
    kind: str
    mentions: list[Mention]
    date_value: Optional[date] = None
    date_precision: Optional[str] = None
    date_explicit: bool = False
    claims: list = field(default_factory=list)   # (sentence, claim) told apart from the mentions
    attributions: list = field(default_factory=list)   # (sentence, actor) sources blame
    joined: list[str] = field(default_factory=list)    # why each mention after the first belongs here
    # "the next day": its date counted from the incident told before, for comparing dates
    counted_dates: list = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def target_keys(self) -> set[str]:
        return {t.key for m in self.mentions for t in m.targets if t.key}

    def places(self) -> set[str]:
        return {p for m in self.mentions for p in m.places}

    def names(self) -> set[str]:
        return {n for m in self.mentions for n in m.names}

    def incident_names(self) -> set[str]:
        return {n for m in self.mentions for n in m.incident_names}

    def quarters(self) -> set[str]:
        return {q for m in self.mentions for q in m.quarters}

    def dated(self) -> list:
        """Its mentions' dates that have a value, and those counted from the incident before."""
        return [d for m in self.mentions for d in m.dates if d.value] + self.counted_dates


def group_incidents(state: DocState, ctx: StageContext) -> DocState:
    reference = state.reference.date if state.reference is not None else None
    merged = merge(state.mentions, state.claims, state.attributions, ctx, reference)
    retracted = retractions(state, ctx)
    state.incidents = [inc for inc in merged if anchored(inc, ctx) and not retracted_by(inc, retracted)]
    return state


RETRACTION_REACH = 6   # sentences before a retraction ("these were only rumours") that it covers


def retractions(state: DocState, ctx: StageContext) -> list:
    """The sentences that say the reports told just before them were rumours or false."""
    return [s for s in state.sentences if ctx.lex.retraction.search(s.text)]


def retracted_by(inc: Incident, retracted: list) -> bool:
    """Every report of the incident comes shortly before a retraction in its paragraph."""
    return any(all(r.block == m.sentence.block and 0 < r.position - m.sentence.position <= RETRACTION_REACH
                   for m in inc.mentions) for r in retracted)


def merge(mentions: list[Mention], claims, attributions, ctx: StageContext,
          reference: Optional[date] = None) -> list[Incident]:
    incidents: list[Incident] = []
    for m in mentions:
        target, why = find_incident(m, incidents, ctx, reference)
        if target is None:
            incidents.append(Incident(m.kind, [m], counted_dates=counted_from_before(m, incidents, ctx)))
        else:
            target.mentions.append(m)
            target.joined.append(why)
    incidents = fold_commentary(incidents, ctx, reference)
    # A claim of responsibility told after an incident belongs to it ("X claimed the attack").
    for sent, claim in claims:
        before = [inc for inc in incidents if inc.kind == "event"
                  and inc.mentions[0].sentence.position <= sent.position
                  and sent.block - inc.mentions[-1].sentence.block <= 1]
        # ("claimed both attacks": every incident told before it that no one else claimed)
        several = ctx.patterns.claim_of_several.search(sent.text)
        for inc in (before if several else before[-1:]):
            if not any(mm.claim for mm in inc.mentions) and not (several and inc.claims):
                inc.claims.append((sent, claim))
    # So does the group that sources blame for it ("sources attributed the bombing to X").
    for sent, actor in attributions:
        own = [inc for inc in incidents if any(mm.sentence is sent for mm in inc.mentions)]
        before = [inc for inc in incidents if inc.kind == "event"
                  and inc.mentions[0].sentence.position <= sent.position
                  and sent.block - inc.mentions[-1].sentence.block <= 1]
        for inc in own or before[-1:]:
            inc.attributions.append((sent, actor))
    return incidents


def fold_commentary(incidents: list[Incident], ctx: StageContext, reference: Optional[date]) -> list[Incident]:
    """An incident told only by statements about it ("the ministry said in a statement that the
    bombing was cowardly") is the incident of its kind the article tells (the nearest before
    it, else after), not one of its own: a reaction has no place, date or toll to tell."""
    told = [inc for inc in incidents if inc.kind == "event" and not all(commentary(m, ctx) for m in inc.mentions)]
    kept = []
    for inc in incidents:
        if inc.kind != "event" or inc in told:
            kept.append(inc)
            continue
        at = inc.first.sentence.position
        fits = [t for t in told if kinds_agree(inc.first, t) and not background(t, reference)]
        before = [t for t in fits if t.first.sentence.position < at]
        after = [t for t in fits if t.first.sentence.position > at]
        home = before[-1] if before else after[0] if after else None
        if home is None:
            kept.append(inc)
            continue
        # (the incident's own first report stays first: it gives the record its lead)
        told_in = list(zip(home.mentions[1:], home.joined))
        told_in += [(m, "comments on the incident told here") for m in inc.mentions]
        told_in.sort(key=lambda pair: pair[0].sentence.position)
        home.mentions = home.mentions[:1] + [m for m, _ in told_in]
        home.joined = [why for _, why in told_in]
    return kept


def commentary(m: Mention, ctx: StageContext) -> bool:
    """A statement about an incident with nothing of its own to tell: no toll, town, quarter or date."""
    return bool(ctx.lex.commentary.search(m.sentence.text)) and not (
        m.new_incident or has_casualties(m) or m.places or m.quarters or own_dates(m)
        or {t.key for t in m.targets if t.key})


def find_incident(m: Mention, incidents: list[Incident], ctx: StageContext,
                  reference: Optional[date] = None) -> tuple[Optional[Incident], str]:
    """The incident ``m`` reports again, if any, and why (or why it opens a new one)."""
    near = ctx.settings.near_sentences
    if not incidents:
        return None, "the first mention"
    keys = {t.key for t in m.targets if t.key}
    explicit = own_dates(m)
    # nothing of its own to tell it apart: no date, town, target or toll
    bare = not (explicit or m.places or m.quarters or keys or has_casualties(m))
    same_kind = [inc for inc in incidents if inc.kind == m.kind]
    if another_day_told(m, ctx):
        return None, "an event of its own on another day"
    # The same target named again (the Russian embassy, the hotel) is the same incident,
    # unless both are entries of a list or the text says it is another one.
    if keys and not m.new_incident:
        for inc in reversed(same_kind):
            listed = m.sentence.kind == inc.first.sentence.kind == "list_item"
            if keys & inc.target_keys() and not listed and dates_compatible(explicit, inc):
                return inc, "the same target named again"
    # "the Boston Marathon bombing" ... "twin bombs exploded near the finish line of the annual
    # Boston Marathon": an incident called by a name is the one a sentence of its kind tells at
    # that name (either way round)
    if (m.names or m.incident_names) and not m.new_incident:
        for inc in reversed(same_kind):
            named = m.incident_names & inc.names() or m.names & inc.incident_names()
            if named and kinds_agree(m, inc) and dates_compatible(explicit, inc):
                return inc, "names the incident told before by its name"
    # "condemned Saturday's attack": a reference back dated to a day is the incident told on
    # that day, whatever was told in between (an earlier raid recalled)
    days = {d.value for d in named_days(m, ctx)}
    if days and not m.new_incident and not m.split_index:
        for inc in reversed(same_kind):
            theirs = {d.value for d in inc.dated() if d.precision == "day"}
            if days <= theirs and (not m.places or share_a_town(m.places, inc.places())):
                return inc, "points back to the incident of its day"
    if m.new_incident or m.split_index or not same_kind:
        return None, "told as another incident" if m.new_incident else \
            "another target of the same sentence" if m.split_index else "the first of its kind"
    # "the death toll in the attack on the train had risen to 60": a reference back with no date
    # of its own that tells an earlier incident's toll tells that incident, wherever it names
    mine = m.casualties.fatalities if m.casualties else None
    if m.kind == "event" and m.anaphoric and not explicit and mine is not None and mine >= MIN_TOLD_AGAIN:
        for inc in reversed(same_kind):
            if same_toll(m, inc):
                return inc, "the toll of an incident told before, told again"
    last = same_kind[-1]
    current = [inc for inc in same_kind if not background(inc, reference)]
    if current and background(last, reference) and not dates_compatible(explicit, last, strict=True):
        if m.anaphoric and bare:
            # "the blast" with nothing of its own is the story's incident, not the one of years
            # before that the sentence before recalled ("... like the bombing at the stadium in 2009")
            return current[-1], "points back past a background incident"
        # a recalled incident is an aside: the story goes on after it (a mention not dated
        # to the recalled time is read against the story's latest incident)
        last = current[-1]
    gap = m.sentence.position - last.mentions[-1].sentence.position
    if m.kind == "threat":
        # A threat told again nearby without a target of its own is the same threat.
        # (a threat or plot told at towns the one before never named is another one)
        elsewhere = m.places and not share_a_town(m.places, last.places()) and not m.anaphoric
        if gap <= near and (not keys or not last.target_keys()) and not elsewhere:
            return last, "a threat told again nearby"
        return None, "a threat of its own"
    # (another incident told in between ends this one, but not a threat read from the same
    # sentence: "the embassy will remain closed after ... militants are planning attacks")
    between = [inc for inc in incidents[incidents.index(last) + 1:] if not background(inc, reference)]
    if any(inc.kind == m.kind or inc.first.sentence.position != m.sentence.position for inc in between):
        return None, "another incident told in between"
    same_block = m.sentence.block == last.mentions[-1].sentence.block
    if m.sentence.kind == "list_item" and not same_block:
        return None, "an item of another list"
    other_target = keys and last.target_keys() and not keys & last.target_keys()
    if other_target or explicit and not dates_compatible(explicit, last):
        return None, "another target or another date"
    # ACLED's unit is one place on one day: a sentence that tells a toll in towns of its own,
    # none of them the incident's, tells another incident, unless it points back ("the attack").
    known = last.places()
    if m.places and known and not share_a_town(m.places, known) and not m.anaphoric and has_casualties(m):
        return None, "towns of its own"
    # ... and so does one told in a quarter or street of its own where the incident's was named
    # ("in the Markets area" ... "in Deerpark Road"): a town's quarters are distinct scenes.
    quarters = last.quarters()
    if m.quarters and quarters and not m.quarters & quarters and not m.anaphoric \
            and not is_response_only(set(m.families)):
        return None, "a quarter of its own"
    # ... and so is one blast of a series told with a street and a toll of its own ("The worst
    # explosion was at the Oxford Street bus station, where six were killed", after "some 21
    # bombs had gone off in Belfast")
    if m.quarters and has_casualties(m) and tells_a_series(last):
        return None, "one of a series, at a street of its own"
    # "the toll of the bus attack at Vatva": a reference back that names its place,
    # another than the incident's, points to the incident told there, not to the one just told
    named_at = anaphor_places(m, ctx) - known if known else set()
    if named_at:
        elsewhere = next((inc for inc in reversed(same_kind) if named_at & inc.places()), None)
        if elsewhere is not None and dates_compatible(explicit, elsewhere):
            return elsewhere, "points back to the incident told at its place"
        return None, "points back to an incident at another place"
    # near, or a back-reference with nothing of its own but a date that fits ("the attack aimed
    # to ...", "police said on Sunday the blast was intentional")
    if m.anaphoric and (gap <= near or not (keys or has_casualties(m))):
        return last, "points back"
    # A paragraph goes on telling one incident only nearby and in kind: a run-together text
    # is one long "paragraph", and a shooting told after a bombing is another incident.
    if same_block and (is_response_only(set(m.families)) or not explicit) and gap <= near \
            and kinds_agree(m, last):
        return last, "goes on in the same paragraph"
    # "the fighters looted shops": the attackers told before, doing more nearby, are their incident
    if same_block and not explicit and gap <= near and ctx.lex.actor_anaphora.search(m.sentence.text) \
            and not (m.places and known and not share_a_town(m.places, known)):
        return last, "its attackers, told before, do more"
    # Deaths told again a little later with the same count ("Hezbollah announced the deaths
    # of three of its members") are the toll of the incident just told, not another one.
    if set(m.families) <= {"killing"} and not explicit and gap <= near and (
            same_toll(m, last) or (m.casualties and m.casualties.attacker_fatalities)
            or not scene_places(m.sentence.text)):
        # ... and so are a toll told with no place or date of its own, or the attackers' deaths
        return last, "the incident's toll told again"
    # A headline announces the incident the lead sentence then reports.
    if all(mm.sentence.kind == "heading" for mm in last.mentions) and gap <= near and (
            set(m.families) & set(last.first.families) or (violent(m) and violent(last.first))
            or event_types_told(m) & event_types_told(last.first)):
        return last, "reports what the headline announced"
    # A mention with nothing of its own to tell it apart (no date, town, target or toll) that
    # reports the same kind of event as the incident just told is that incident told again:
    # "fighting between protesters and troops goes on", a witness's account.
    # ... and so is one that reports the kind of an incident told earlier in the article ("a
    # march that turned into a riot", ten paragraphs after the riot's headline)
    if bare and m.sentence.kind != "list_item":
        for inc in reversed(current or same_kind):
            if event_types(m) & {t.family.event_type for mm in inc.mentions for t in mm.triggers}:
                return inc, ("nothing of its own, the same kind of event" if inc is last
                             else "nothing of its own, the kind of an incident told before")
    # "troops came under fire ..., and an explosive device was thrown at its vehicles": violence
    # of another kind with nothing of its own, told right after, is more of the fight just told
    if bare and same_block and gap <= 1 and m.sentence.kind != "list_item" and violent(m) \
            and any(violent(mm) for mm in last.mentions):
        return last, "nothing of its own, more violence of the incident just told"
    known_incident = incident_named_as_known(m, same_kind, explicit, keys, ctx, reference)
    if known_incident is not None:
        return known_incident, "names an incident already told"
    # With nothing to tell it apart, a mention of the kind of event just told, at a time and
    # place that fit, tells more of it ("officials said on Sunday that a second device was
    # found"): another incident shows itself by a town, a date, a target or a toll of its own.
    # (in another paragraph too, while the article has told no other incident of its kind)
    if (same_block or len(same_kind) == 1 and not explicit) and m.sentence.kind != "list_item" and not has_casualties(m) \
            and fits_in_kind_time_and_place(m, last, reference):
        return last, "the same kind of event at a time and place that fit"
    # A news story tells its incident in the lead and again in the paragraphs after, with more
    # detail: while the article has told no other incident of its kind, a mention of that kind
    # at its day and its town, whose toll does not exceed the one told, retells it.
    if len(current or same_kind) == 1 and m.sentence.kind != "list_item" and retells(m, last, ctx):
        return last, "retells the story's incident"
    return None, "nothing ties it to the incident before"


def retells(m: Mention, inc: Incident, ctx: StageContext) -> bool:
    # (a headline may name the towns of several incidents: the body's reports say where this one was)
    told = [mm for mm in inc.mentions if mm.sentence.kind != "heading"] or inc.mentions
    known = {p for mm in told for p in mm.places}
    if ctx.patterns.round_up_item.match(m.sentence.text):
        return False
    # (of the kind its first reports told, on a day: "earlier this month" is another time)
    if not event_types(m) & set().union(*(event_types(mm) for mm in inc.mentions[:2])):
        return False
    dates = own_dates(m)
    days = {d.value for d in inc.dated() if d.precision == "day"}
    if any(d.precision != "day" or days and d.value not in days for d in dates):
        return False
    # (the same town named again; with no town, the same toll, or the same day and the
    # attackers told before: "The insurgents, who arrived at about 6 p.m. on Monday, ...")
    if not (m.places and known and share_a_town(m.places, known)):
        if m.places or not (same_toll(m, inc) or dates and ctx.lex.actor_anaphora.search(m.sentence.text)):
            return False
    mine = m.casualties.fatalities if m.casualties else None
    tolls = [mm.casualties.fatalities for mm in inc.mentions if mm.casualties and mm.casualties.fatalities is not None]
    return mine is None or not tolls or mine <= max(tolls)


def share_a_town(mine, theirs) -> bool:
    """The two sets of folded town names name one town: the same name, or one name's words
    inside the other's ("rio" and "rio de janeiro", "mare" and "complexo da mare")."""
    if mine & theirs:
        return True
    return any(set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split())
               for a in mine for b in theirs if min(len(a), len(b)) >= 3)


def another_day_told(m: Mention, ctx: StageContext) -> bool:
    """"The next day, the same unit exploded a bomb in Oxford Street": an event of its own (not
    a toll or a response) dated a day or more from the incident told before is another incident,
    ACLED's unit being one place on one day."""
    return bool(day_counts(m, ctx) or vaguely_later(m)) and bool(event_types_told(m))


def day_counts(m: Mention, ctx: StageContext) -> list:
    """The mention's counts of days from the incident told before: "the next day", "a week
    later", and "three days after the bombing" when the count's clause names that incident and
    the event is told outside it ("came a week after Saudi Arabia evacuated ..." dates against
    a clause of its own, not against the incident before)."""
    text, start = m.sentence.text, m.sentence.start
    out = []
    for d in m.dates:
        if d.anchor != "previous_event" or not d.delta_days or d.precision != "day" \
                or in_reporting_clause(text, start, d.start):
            continue
        if d.governs is not None and not names_incident_before(d, m.triggers, m.sentence, ctx):
            continue
        out.append(d)
    return out


def vaguely_later(m: Mention) -> bool:
    """"Days later, ...", "weeks later, ...": a count from the incident before with no number."""
    text, start = m.sentence.text, m.sentence.start
    return any(d.anchor == "previous_event" and d.value is None and d.delta_days is None
               and d.governs is None and d.precision in ("week", "month", "year")
               and not in_reporting_clause(text, start, d.start) for d in m.dates)


def counted_from_before(m: Mention, incidents: list[Incident], ctx: StageContext) -> list:
    """The dates of "the next day" counted from the day of the incident told last before it."""
    told = sorted((inc for inc in incidents if any(d.precision == "day" for d in inc.dated())),
                  key=lambda inc: inc.mentions[-1].sentence.position)
    counts = day_counts(m, ctx) if event_types_told(m) else []
    if not told or not counts:
        return []
    day = max(d.value for d in told[-1].dated() if d.precision == "day")
    return [replace(d, value=day + timedelta(days=d.delta_days)) for d in counts]


def fits_in_kind_time_and_place(m: Mention, inc: Incident, reference: Optional[date]) -> bool:
    mine = set(m.families) - GENERIC_FAMILIES
    theirs = {name for mm in inc.mentions for name in mm.families}
    known = inc.places()
    dates = own_dates(m)
    # an undated incident is the report's news: a date of its own must be recent to fit it
    undated = not inc.dated()
    recent = not (undated and reference and dates) or any(
        abs((reference - d.value).days) <= BACKGROUND_DAYS for d in dates)
    return bool(mine) and mine <= theirs and recent and dates_compatible(dates, inc) and (
        not m.places or not known or share_a_town(m.places, known))


ANAPHOR_PLACE = re.compile(r"\s+(?:on (?:the |a )?[\w-]+ )?(?:at|in|near) (?:the )?([\w-]+(?: [\w-]+)?)")


def anaphor_places(m: Mention, ctx: StageContext) -> set[str]:
    """The mention's places that its reference back names as where it happened ("the attack
    on the bus at Vatva", "the blast in Kabul")."""
    if not m.anaphoric or not m.places:
        return set()
    text = m.sentence.text
    found = set()
    for a in ctx.lex.anaphora.finditer(text):
        after = ANAPHOR_PLACE.match(text, a.end())
        if after:
            words = after.group(1).lower()
            found |= {p for p in m.places if words == p or words.split()[0] == p}
    return found


def anchored(inc: Incident, ctx: StageContext) -> bool:
    """Figures of speech ("attacked in the press") name no armed actor, weapon, crowd or toll."""
    families = {name for m in inc.mentions for name in m.families}
    needs = [ctx.context_required[f] for f in families if f in ctx.context_required]
    if families and len(needs) == len(families) and not any(
            rx.search(m.sentence.text) for rx in needs for m in inc.mentions):
        return False
    # (nor does an incident called by its name and day: "the February 27 Godhra attack")
    return any(ctx.lex.anchors.search(m.sentence.text) or has_casualties(m)
               or any(a.category != "civilians" for a in m.actors)
               or any(d.precision == "day" for d in own_dates(m)) and names_an_incident(m.sentence.text)
               for m in inc.mentions)


def incident_named_as_known(m: Mention, same_kind: list[Incident], explicit, keys, ctx: StageContext,
                            reference: Optional[date]) -> Optional[Incident]:
    """"The governor said on Tuesday that the blast was deliberate": an event named only as one
    already known, with no toll or target of its own, is told again (a date a few days after
    the incident's is the telling's): the latest incident of its kind the article is about, not
    a background one."""
    if m.kind != "event" or keys or has_casualties(m) or m.new_incident or not named_as_known(m, ctx):
        return None
    for inc in reversed(same_kind):
        if kinds_agree(m, inc) and not background(inc, reference) and told_after(explicit, inc) and (
                not m.places or not inc.places() or share_a_town(m.places, inc.places())):
            return inc
    return None


def named_as_known(m: Mention, ctx: StageContext) -> bool:
    """Every event word of the mention is a definite reference ("the blast", "Sunday's attack")."""
    known = [(a.start(), a.end()) for a in ctx.lex.anaphora.finditer(m.sentence.text)]
    words = [t for t in m.triggers if t.family.name not in GENERIC_FAMILIES]
    return bool(words) and all(any(a <= t.start < b for a, b in known) for t in words)


TELLING_DAYS = 7


def told_after(explicit, inc: Incident) -> bool:
    """The mention's dates (if any) fall on or within a week after the incident's: when it was told."""
    theirs = [d.value for d in inc.dated()]
    if not explicit or not theirs:
        return True
    first = min(theirs)
    return all(0 <= (d.value - first).days <= TELLING_DAYS for d in explicit)


BACKGROUND_DAYS = 60


def own_dates(m: Mention) -> list:
    """The mention's dates that date its event (a date in "the minister said on Sunday" dates
    the telling, not a new incident)."""
    text, start = m.sentence.text, m.sentence.start
    # ... nor does one in an aside about a person that tells no event ("the commissioner,
    # whose first day in office was Saturday, said")
    asides = [(a, b) for a, b in person_asides(text, start)
              if not any(a <= start + t.start < b for t in m.triggers)]
    return [d for d in m.dates if d.value
            and not in_reporting_clause(text, start, d.start)
            and not any(a <= d.start < b for a, b in asides)]


def background(inc: Incident, reference: Optional[date]) -> bool:
    """An incident dated well before the report (a year, months ago) is told as background."""
    dated = [d for m in inc.mentions for d in own_dates(m)]
    return bool(reference and dated) and all((reference - d.value).days > BACKGROUND_DAYS for d in dated)


def event_types(m: Mention) -> set:
    return {t.family.event_type for t in m.triggers}


def kinds_agree(m: Mention, inc: Incident) -> bool:
    """The mention can tell more of the incident: its event types meet the incident's, or one
    of them has only a toll or a response to tell (which any kind of incident has)."""
    mine = event_types_told(m)
    theirs = [event_types_told(mm) for mm in inc.mentions]
    return not mine or not any(theirs) or any(mine & kinds for kinds in theirs)


def event_types_told(m: Mention) -> set:
    """The event types a mention's own triggers name, tolls and responses aside."""
    return {kind for t in m.triggers
            if t.family.name not in GENERIC_FAMILIES and not is_response_only({t.family.name})
            for kind in t.family.fits}




@lru_cache(maxsize=1)
def _series_nouns() -> tuple[str, ...]:
    return tuple(load_data("taxonomy.yaml")["series_nouns"])


def tells_a_series(inc: Incident) -> bool:
    """The incident's reports count several blasts or attacks ("21 bombs had gone off")."""
    return any(t.text.lower().endswith(_series_nouns()) for mm in inc.mentions for t in mm.triggers)


def violent(m: Mention) -> bool:
    return any(t.family.event_type in VIOLENT_TYPES for t in m.triggers)


def same_toll(m: Mention, inc: Incident) -> bool:
    mine = m.casualties.fatalities if m.casualties else None
    return mine is not None and any(mm.casualties and mm.casualties.fatalities == mine for mm in inc.mentions)


def has_casualties(m: Mention) -> bool:
    c = m.casualties
    return bool(c and (c.fatalities is not None or c.injuries is not None or c.casualties))


def named_days(m: Mention, ctx: StageContext) -> list:
    """The days the mention names an event by ("Saturday's attack", "the attack on 2 March")."""
    text, start, rx = m.sentence.text, m.sentence.start, ctx.patterns
    return [d for d in own_dates(m) if d.precision == "day" and (
        rx.day_named_after.match(text[d.end - start:]) or rx.day_named_before.search(text[:d.start - start]))]


def dates_compatible(explicit, inc: Incident, strict: bool = False) -> bool:
    """The mention's dates may name the incident's time (``strict``: it has dates, and they do)."""
    mine = explicit
    theirs = inc.dated()
    if not mine or not theirs:
        return not strict
    return any(overlap(a, b) for a in mine for b in theirs)


def overlap(a, b) -> bool:
    """Two date mentions can name the same time, given their precisions."""
    span = {"day": 1, "week": 7, "month": 31, "year": 366}
    return abs((a.value - b.value).days) <= max(span.get(a.precision or "day", 1), span.get(b.precision or "day", 1))
