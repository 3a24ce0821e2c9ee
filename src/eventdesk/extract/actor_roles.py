"""Field filler: who did it (actor 1), to whom (actor 2), who claimed it.

Reads the incident's mentions (their actors, claims and attributions), ``state.sentences`` and
``state.country_hint``, the event type and country already filled, and the list contexts.
Writes ``claimed_by``, ``actor1``, ``actor2`` and their provenance. The perpetrator is the
armed actor named before the trigger or after "by"; an unnamed one takes, in order, the
claimant, the group sources blame, the group a list's introduction names, the group an anaphor
points back to, the subject named earlier in the sentence, and the subject spaCy's parse finds.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from ..model import Event
from ..resources import load_data
from ..geo.mentions import cue_words
from ..nlp.parser import community_subject, group_subject, person_subject
from ..nlp.segment import Sentence
from .actors import find_actors, find_states, refers_to_group
from .categories import ARMED_CATEGORIES, CROWD_ACTORS, HINTED_GROUPS, NAMED_GROUPS, VIOLENT_TYPES

UNIDENTIFIED_GROUP = "Unidentified Armed Group"
PLANTED_BOMB_TYPES = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
from .patterns import Patterns, extract_patterns
from .state import DocState, StageContext

if TYPE_CHECKING:   # (incidents imports candidates, which imports this module)
    from .incidents import Incident


def fill_actors(ev: Event, inc: "Incident", state: DocState, ctx: StageContext, cite, list_context) -> None:
    name_actors(ev, inc, state, ctx, cite, list_context)
    crowd = CROWD_ACTORS.get(ev.event_type)
    other = {"Protesters": "Rioters", "Rioters": "Protesters"}.get(crowd)
    if crowd and ev.actor1 and ev.actor1.split(" (")[0] == other:
        # ACLED names a crowd by what it did: demonstrators who burn a police station are
        # "Rioters (Mali)", marchers who stay peaceful "Protesters (Mali)"
        ev.actor1 = crowd + ev.actor1[len(other):]
    if ev.actor1 is None and inc.kind == "event" and ev.event_type in VIOLENT_TYPES:
        # ACLED's name for a perpetrator no source identifies ("a gunfight broke out",
        # "a man was found shot dead"): an unidentified armed group of the event's country.
        ev.actor1 = f"{UNIDENTIFIED_GROUP} ({ev.country})" if ev.country else UNIDENTIFIED_GROUP
        ev.provenance["actor1"] = "no perpetrator named"


def name_actors(ev: Event, inc: "Incident", state: DocState, ctx: StageContext, cite, list_context) -> None:
    lex, rx, sents, country_hint = ctx.lex, ctx.patterns, state.sentences, state.country_hint
    claims = [m.claim for m in inc.mentions] + [c for _, c in inc.claims]
    claim = next((c for c in claims if c is not None and not isinstance(c, bool)), None)
    if claim is not None:
        ev.claimed_by = claim.name
        for m in inc.mentions:
            if m.claim is claim:
                cite(m, "claimed_by")
        for sent, c in inc.claims:
            if c is claim:
                cite(sent, "claimed_by")
    families = {name for m in inc.mentions for name in m.families}
    if families and families <= ctx.state_measure_families:
        state_name = acting_state(inc, ev)
        if state_name:
            ev.actor1, ev.provenance["actor1"] = state_name, "the state taking the measure"
            cite(inc.first, "actor1")
            return
    for m in inc.mentions:
        # (a source is no party to an attack: "a Taliban official said", "Al-Shabaab's radio
        # station"; a group's spokesman voicing a threat speaks for its author)
        # (nor is a group denying its part: "the TTP denied involvement in the bombing")
        denial = lex.denied_role.search(m.sentence.text)
        armed = [a for a in m.actors if (a.category in ARMED_CATEGORIES or
                 (ev.event_type in ("Protests", "Riots") and a.category in ("protesters", "rioters")))
                 and not (inc.kind == "event" and rx.speaker_after.match(m.sentence.text, a.end - m.sentence.start))
                 and not (denial and a.start - m.sentence.start < denial.start())
                 and not rx.source_before.search(m.sentence.text[:a.start - m.sentence.start])]
        if not armed:
            continue
        # The perpetrator: named before the trigger (subject) or after "by" (agent). A noun
        # pointing back ("That attack came days before gunmen raided ...") is no trigger here.
        own = [t for t in m.triggers if not rx.anaphoric_noun.search(m.sentence.text[:t.start])] or m.triggers
        first_trigger = min(t.start for t in own) + m.sentence.start if own else m.sentence.end
        if inc.kind == "threat":
            # whom a threat names after its cue ("warned it will target AU troops") it threatens
            cue = lex.threat.search(m.sentence.text)
            if cue is not None:
                first_trigger = min(first_trigger, cue.start() + m.sentence.start)
        agent = next((a for a in armed if rx.agent_by.search(m.sentence.text[:a.start - m.sentence.start])), None)
        # ... or a group named as the event's modifier ("in ISIS attack", "a Houthi drone strike")
        agent = agent or next((a for a in armed if a.category in NAMED_GROUPS and any(
            rx.event_modifier_gap.fullmatch(m.sentence.text[a.end - m.sentence.start:t.start])
            for t in own if t.text.lower().split()[-1] in event_nouns())), None)
        # ... and one inside a prepositional phrase before it ("a bomb hidden in an army
        # truck exploded") is where the blow fell, not who struck.
        # So is the subject of a passive toll ("three soldiers were killed").
        before = [a for a in armed if a.start <= first_trigger and not rx.object_of_preposition.search(
            m.sentence.text[:a.start - m.sentence.start]) and not rx.passive_victim.match(
            m.sentence.text[a.end - m.sentence.start:]) and not (
            rx.role_after.match(m.sentence.text, a.end - m.sentence.start)
            and rx.passive_victim.search(m.sentence.text, a.end - m.sentence.start))]
        # An armed actor named only after the trigger is its target ("a bomb hit a police
        # vehicle"), not its author: it becomes actor 2.
        # (who threatens is the one named right before the threat, not the forces on alert)
        actor1 = agent or ((before[-1] if inc.kind == "threat" else before[0]) if before else None)
        if actor1 is None:
            ev.actor2 = ev.actor2 or armed[0].name
            continue
        if ev.actor1 and actor1.category not in NAMED_GROUPS:
            continue      # only a named group unmasks the bomber told before; forces respond
        if actor1.category == "state" and m is not inc.first and (
                set(m.families) == {"arrest"} or rx.answers_the_attacker.search(m.sentence.text)):
            # forces who arrest, stop or shoot the attacker after the attack told first answer
            # it ("Police rammed his car and arrested him", "police units who shot dead the
            # driver"): they are neither its author nor its target
            continue
        if ev.sub_event_type in PLANTED_BOMB_TYPES and actor1.category == "state":
            # forces answer a bombing or speak of it ("police said they had found a second
            # device"); they do not plant roadside or suicide bombs
            continue
        if ev.event_type in CROWD_ACTORS and actor1.category == "state":
            # ACLED: a demonstration's actor 1 is its crowd; the police who fire on it or break
            # it up are actor 2 ("police opened fire on rioters": Rioters, then Police Forces).
            ev.actor2 = ev.actor2 or actor1.name
            continue
        ev.actor1 = actor1.name
        others = [a for a in armed if a.name != actor1.name]
        if others:
            ev.actor2 = others[0].name
        elif ev.actor2 == ev.actor1:
            ev.actor2 = None
        cite(m, "actor1")
        ev.provenance["actor1"] = "named in sentence"
        if actor1.category != "unidentified":
            break
        # an unnamed attacker ("a suicide bomber"): a later sentence may name the group
    if ev.actor1 is None and ev.event_type in CROWD_ACTORS:
        # ACLED codes a crowd by its country: "Protesters (Pakistan)", "Rioters (India)".
        ev.actor1 = f"{CROWD_ACTORS[ev.event_type]} ({ev.country})" if ev.country else CROWD_ACTORS[ev.event_type]
        ev.provenance["actor1"] = "crowd of the event type"
    if ev.actor1 is not None and not ev.actor1.startswith("Unidentified"):
        return
    # An unnamed perpetrator takes, in order: the claimant, the group sources blame, the group
    # the list's introduction names, the group an anaphor ("the terror group") points back to.
    if ev.claimed_by:
        ev.actor1, ev.provenance["actor1"] = ev.claimed_by, "claim of responsibility"
        return
    if inc.attributions:
        sent, actor = inc.attributions[0]
        ev.actor1, ev.provenance["actor1"] = actor.name, "attributed by sources"
        cite(sent, "actor1")
        return
    inherited = list_context.get(inc.first.sentence.position)
    # (state forces introducing a list do not unmask the gunmen of its items)
    if inherited is not None and (ev.actor1 is None or inherited.category != "state"):
        ev.actor1, ev.provenance["actor1"] = inherited.name, "list introduction"
        return
    if refers_to_group(" ".join(mm.sentence.text for mm in inc.mentions)):
        group = antecedent_group(inc.first.sentence, sents, country_hint, ctx.settings.antecedent_sentences)
        if group:
            ev.actor1, ev.provenance["actor1"] = group, "the group an anaphor points back to"
            return
    first = inc.first.sentence
    whole = next((x for x in sents if x.position == first.position and x.start < first.start), None)
    if whole is not None:
        # A later clause of a sentence read apart ("X has carried out attacks, including the
        # 2013 siege ..., and the 2019 assault ..."): its subject was named in the first.
        named = [a for a in find_actors(whole.text[:first.start - whole.start], whole.start, country_hint)
                 if a.category in NAMED_GROUPS]
        if named:
            ev.actor1, ev.provenance["actor1"] = named[0].name, "named earlier in the sentence"
            return
    if inc.kind == "event" and ev.event_type not in CROWD_ACTORS:
        # A group no actor list knows ("Members of the Red Dawn Cell set fire to ..."):
        # the organisation spaCy's parse finds as the subject of the trigger's verb.
        # A community's youths or militia: ACLED's "<People> Ethnic Militia (<Country>)".
        # (the first sentences of the incident only, and only sentences that name something
        # with a capital past their first word: parsing is the costly step)
        parsed = [mm for mm in inc.mentions if rx.proper_noun.search(mm.sentence.text)][:ctx.settings.parsed_mentions]
        for m in parsed:
            found = next(filter(None, (group_subject(m.sentence.text, t.start) for t in m.triggers)), None)
            if found:
                # a listed group the rules placed after the trigger keeps its canonical name
                known = [a.name for a in find_actors(found[2], 0, country_hint) if a.category in NAMED_GROUPS]
                ev.actor1 = known[0] if known else found[2]
                ev.provenance["actor1"] = "subject of the verb (parser)"
                if ev.actor2 == ev.actor1:
                    ev.actor2 = None
                cite(m, "actor1")
                return
            people = next(filter(None, (community_subject(m.sentence.text, t.start) for t in m.triggers)), None)
            if people:
                ev.actor1 = f"{people} Ethnic Militia ({ev.country})" if ev.country else f"{people} Ethnic Militia"
                ev.provenance["actor1"] = "community named in the subject (parser)"
                cite(m, "actor1")
                return
            # a lone attacker the report names ("Timothy McVeigh ... detonated it")
            person = next(filter(None, (person_subject(m.sentence.text, t.start, person_titles())
                                        for t in m.triggers)), None)
            if person:
                ev.actor1, ev.provenance["actor1"] = person, "person named as the subject (parser)"
                if ev.actor2 == ev.actor1:
                    ev.actor2 = None
                cite(m, "actor1")
                return


def acting_state(inc: "Incident", ev: Event) -> Optional[str]:
    """The country that closes or evacuates its mission: the first one named that is not
    the host country ("Saudi diplomats were airlifted from Kabul")."""
    for m in inc.mentions:
        for _, _, country in find_states(m.sentence.text):
            if country != ev.country:
                return country
    return None


def antecedent_group(sent: Sentence, sents: list[Sentence], country_hint, reach: int) -> Optional[str]:
    """The armed group "the group" points back to: among those of the nearest earlier
    sentence naming any (at most ``reach`` back), the article's main group if present, else
    the first named."""
    dominant = dominant_group(sents, country_hint)
    for prev in reversed(sents[max(0, sent.position - reach):sent.position + 1]):
        groups = [a.name for a in find_actors(prev.text, prev.start, country_hint) if a.category in NAMED_GROUPS]
        if groups:
            return dominant if dominant in groups else groups[0]
    return dominant


def dominant_group(sents: list[Sentence], country_hint) -> Optional[str]:
    """The named group the article names most often."""
    counts: dict[str, int] = {}
    for s in sents:
        for a in find_actors(s.text, s.start, country_hint):
            if a.category in NAMED_GROUPS:
                counts[a.name] = counts.get(a.name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def list_contexts(sents: list[Sentence], country_hint, patterns: Optional[Patterns] = None) -> dict[int, object]:
    """For each list item, the armed actor named by the text that introduces the list."""
    rx = patterns or extract_patterns()
    context: dict[int, object] = {}
    current = None
    for s in sents:
        if s.kind == "list_item":
            context[s.position] = current
            continue
        # (not one that only dates the period: "attacks since the Houthi takeover")
        armed = [a for a in find_actors(s.text, s.start, country_hint) if a.category in ARMED_CATEGORIES - {"unidentified"}
                 and not rx.era_after.match(s.text, a.end - s.start)]
        if armed or s.kind == "heading":
            current = armed[0] if armed else current if s.kind != "heading" else None
    return context


def merge_affiliations(actors: list, text: str, offset: int, patterns: Optional[Patterns] = None) -> list:
    """"Gunmen suspected of belonging to the Juárez cartel", "al-Shabaab militants": one side,
    named by its group."""
    affiliation = (patterns or extract_patterns()).affiliation
    out, dropped = [], set()
    for i, a in enumerate(actors):
        if i in dropped:
            continue
        if a.category == "unidentified" and any(
                b.category in NAMED_GROUPS and 0 <= a.start - b.end <= 1 for b in out):
            continue   # "al-Shabaab militants": the group's own fighters
        if a.category == "unidentified":
            for j, b in enumerate(actors[i + 1:], start=i + 1):
                between = text[a.end - offset:b.start - offset]
                if b.category in NAMED_GROUPS and affiliation.fullmatch(between):
                    a = dataclasses.replace(b, start=a.start, end=a.end, text=a.text)
                    dropped.add(j)
                    break
        out.append(a)
    return out


def relocate_actor(name: Optional[str], hint: str, country: str) -> Optional[str]:
    """"Military Forces of Burkina Faso" -> "... of Niger" when only the hint named the country."""
    if not name:
        return name
    for pattern in (f"Military Forces of {hint}", f"Police Forces of {hint}"):
        if name == pattern:
            return pattern.replace(hint, country)
    if name.endswith(f"({hint})") and name.split(" (")[0] in HINTED_GROUPS:
        return name[: -len(hint) - 2] + f"({country})"
    return name


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    """The nouns an event is told by (data/taxonomy.yaml), singular and plural: the name right
    before one modifies it ("in ISIS attack", "a Houthi drone strike")."""
    taxonomy = load_data("taxonomy.yaml")
    nouns = taxonomy["event_nouns"] + taxonomy["event_noun_singulars"] + taxonomy["incident_name_nouns"]
    return frozenset(w.split()[-1] for w in nouns)


@lru_cache(maxsize=1)
def person_titles() -> frozenset[str]:
    """The titles of office and rank (data/geo_cues.yaml): a named person with one acts for an office."""
    return cue_words("person_titles")
