"""The extractor: sentences with triggers become mentions, mentions of one incident become one event.

The flow, per document:
  1. reference date (time stage) and country focus (place stage);
  2. readable sentences (nlp.segment), a cheap trigger filter picks the candidates;
  3. each candidate sentence is read into zero or more *mentions* (an event or a threat), with
     aggregates, denials and hypotheticals left out;
  4. mentions that report the same incident (elaborations, anaphora, the same target named again)
     merge, so the document yields one record per incident;
  5. records get their fields filled from all their sentences, each value with its evidence;
     spaCy's parse (nlp.parser) is consulted only for a perpetrator no actor list names.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ..geo.names import fold
from ..geo import GeoContext, capital_for_target, find_places, get_gazetteer, resolve_location
from ..model import Document, Event, Evidence
from ..resources import load_data
from ..nlp.parser import community_subject, group_subject
from ..nlp.segment import Sentence, sentences
from ..nlp.truecase import restore_evidence, truecase
from ..time import (event_date_mention, fallback_date, find_dates, in_reporting_clause, mention_date,
                    reference_date, reported_event_at)
from .actors import find_actors, find_attribution, find_claim, find_states, refers_to_group
from .casualties import CasualtyCount, merge_counts, parse_casualties
from .classify import classify, family_rank, is_response_only
from .lexicon import Trigger, lexicon
from .relevance import Relevance
from .state_names import acled_state_name
from .targets import Target, find_targets

TERRITORY_TYPES = {"state": "Government regains territory", "group": "Non-state actor overtakes territory"}
# Between unnamed attackers and the group they belong to.
AFFILIATION = re.compile(r"\s+(?:\w+\s+){0,2}?(?:suspected\s+(?:of\s+)?|believed\s+(?:to\s+)?|allegedly\s+|reportedly\s+)?"
                         r"(?:belonging\s+to|belong\s+to|be\s+from|from|of|linked\s+to|tied\s+to|affiliated\s+(?:to|with)|"
                         r"members\s+of|loyal\s+to)\s+(?:the\s+)?", re.I)
PROPER_NOUN = re.compile(r"(?<=\s)[A-Z][\w’'-]+")
PARSED_MENTIONS = 2   # sentences of one incident given to spaCy in search of an unlisted group
HINTED_GROUPS = {"Unidentified Armed Group", "Protesters", "Rioters", "Civilians"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
CROWD_ACTORS = {"Protests": "Protesters", "Riots": "Rioters"}
ARMED_CATEGORIES = {"state", "rebel", "political_militia", "identity_militia", "external", "unidentified"}
DEFINITE_START = re.compile(r"^\W*(?:the|this|that|these|those|such|its|their)\b", re.I)
NAMED_GROUPS = {"rebel", "political_militia", "identity_militia"}
ANAPHORIC_NOUN = re.compile(r"\b(?:that|this|the|these|those)\s+$", re.I)
BACKGROUND = re.compile(r"\b(?:earlier|previously|recently|in the past|had (?:also |already )?(?:\w+ed|attacked|carried|staged|struck|killed))\b", re.I)
HABITUAL = re.compile(r"\b(?:repeated|continued|been|frequent|near-daily|daily|routine|regular)\b", re.I)
# Where two dated clauses of one sentence meet: ", and in July ...", "; on Friday ...".
CLAUSE_JOINT = re.compile(r",\s+(?:and|while|whereas|but|before|after)\s+|;\s+|\s+(?:and|while)\s+(?=(?:in|on|last|earlier|later|then)\b)", re.I)
CLAUSE_JOINT_LEAD = re.compile(r"^(?:[,;]\s*)?(?:(?:and|while|whereas|but|before|after)\s+)?", re.I)
OBJECT_OF_PREPOSITION = re.compile(
    r"\b(?:in|on|at|against|near|into|onto|targeting|toward|towards|outside|inside)\s+"
    r"(?:(?:a|an|the|two|three|several|some|local|its|their|his|her)\s+)?(?:[\w-]+\s+){0,1}$", re.I)
PASSIVE_VICTIM = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?"
    r"(?:killed|injured|wounded|hurt|abducted|kidnapped|shot|targeted|attacked|ambushed)\b", re.I)
ERA_AFTER = re.compile(r"(?:['’]s)?\s+(?:takeover|take-over|rule|regime|government|administration|era|return|"
                       r"seizure of power|victory)\b", re.I)
SPEAKER_AFTER = re.compile(r"(?:['’]s)?\s+(?:officials?|spokes(?:man|woman|person)|statement|media|news agency|"
                           r"radio(?: station)?|television|sources?|commander said|leader said)\b", re.I)
# "The Taliban governor of Balkh ... was killed": the group names whose official fell.
ROLE_AFTER = re.compile(r"(?:['’]s)?\s+(?:deputy\s+|acting\s+|former\s+|senior\s+|local\s+|provincial\s+)?"
                        r"(?:governor|commander|official|leader|chief|member|members|spokesman|judge|mayor|"
                        r"minister|officer|officers|police chief|intelligence chief|cleric|envoy)\b", re.I)
ANTECEDENT_SENTENCES = 6  # "the group" points back at most this many sentences
# "The two officials were killed": a numbered back-reference to the items listed just before.
ENUMERATED_ANAPHOR = re.compile(r"^\W*(?:the|both|all) (two|three|four|both)\b(?: \w+){0,2}? (?:were|have been|had been|was)\b", re.I)
ENUMERATION_INTRO = re.compile(r"\s[\u2013\u2014:-]\s|:\s")
ENUMERATION_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4}
NEAR_SENTENCES = 3      # an anaphor reaches back this many readable sentences
LEAD_SENTENCES = 3      # an undated event among the first sentences is the news of the day


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

    @property
    def families(self) -> dict:
        return {t.family.name: t.family for t in self.triggers}

    @property
    def strength(self) -> int:
        return max((t.family.strength for t in self.triggers), default=0)


@dataclass
class Incident:
    kind: str
    mentions: list[Mention]
    date_value: Optional[date] = None
    date_precision: Optional[str] = None
    date_explicit: bool = False
    claims: list = field(default_factory=list)   # (sentence, claim) told apart from the mentions
    attributions: list = field(default_factory=list)   # (sentence, actor) sources blame

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def target_keys(self) -> set[str]:
        return {t.key for m in self.mentions for t in m.targets if t.key}

    def places(self) -> set[str]:
        return {p for m in self.mentions for p in m.places}


class Extractor:
    def __init__(self, relevance: Optional[Relevance] = None, disable: frozenset = frozenset()) -> None:
        self.lex = lexicon()
        self.disable = frozenset(disable)
        self.relevance = relevance or Relevance()
        self.state_measure_families = set(load_data("taxonomy.yaml")["state_measure_families"])
        self.context_required = {family: re.compile(rf"\b(?:{rx})\b") for family, rx in
                                 load_data("taxonomy.yaml")["context_required"].items()}

    # -- 1-3: read mentions ---------------------------------------------------------------
    def extract(self, doc: Document) -> list[Event]:
        view = truecase(doc.text)
        if view is not doc.text:   # caseless text: read a cased view of the same length, quote the original
            cased = dataclasses.replace(doc, text=view)
            events = self.extract(cased)
            doc.reference_date, doc.reference_date_method = cased.reference_date, cased.reference_date_method
            return restore_evidence(events, doc.text)
        text = doc.text
        self._previous_date = None
        self._tally_at = (None, None)
        ref = reference_date(text, doc.published)
        doc.reference_date, doc.reference_date_method = ref.date, ref.method
        sents = sentences(text)
        if not sents:
            return []
        # Place names inside actor names ("Islamic State Khorasan Province") are no places.
        place_text = mask_actors(text, sents)
        geo = GeoContext.from_text(place_text)
        focus = geo.focus
        country_hint = get_gazetteer().country_name(focus) if focus else None
        mentions: list[Mention] = []
        claims: list[tuple[Sentence, object]] = []
        attributions: list[tuple[Sentence, object]] = []
        for sent in sents:
            blamed = find_attribution(sent.text, sent.start, country_hint)
            if blamed is not None:
                attributions.append((sent, blamed))
            has_trigger = self.lex.any_trigger.search(sent.text) or self.lex.threat.search(sent.text)
            claim = find_claim(sent.text, sent.start, country_hint) if "claim" in sent.text.lower() else None
            if claim is not None:
                claims.append((sent, claim))
            if not has_trigger:
                continue
            read = self.read_sentence(sent, ref.date, country_hint, claim)
            if read:
                places = local_places(place_text[sent.start:sent.end])
                for m in read:
                    m.places = places
            mentions.extend(read)
        incidents = [inc for inc in self.merge(mentions, claims, attributions) if self.anchored(inc)]
        if not incidents:
            return []
        if "relevance" in self.disable:
            story, scored = None, [(inc, None) for inc in incidents]
        else:
            # The article's headline and lead say what the story is about: the deaths of a tram
            # crash's victims told in its tenth paragraph are no attack.
            lead = self.relevance.passage([s.text for s in sents])
            scores = self.relevance.score([lead] + [self.relevance.passage([m.sentence.text for m in inc.mentions])
                                                    for inc in incidents])
            story = scores.pop(0)
            scored = [(inc, sc) for inc, sc in zip(incidents, scores) if self.relevance.relevant(sc, story)]
        list_context = self.list_contexts(sents, country_hint)
        out: list[Event] = []
        for inc, sc in scored:
            ev = self.to_event(doc, inc, ref, geo, country_hint, list_context, sents, place_text, sc, story)
            out.extend(self.split_enumerated(ev, inc, sents, place_text, geo, doc.text))
        return out

    def read_sentence(self, sent: Sentence, ref: Optional[date], country_hint, claim) -> list[Mention]:
        s = sent.text
        triggers = self.lex.triggers(s)
        threat_spans = [(m.start(), m.end()) for m in self.lex.threat.finditer(s)]
        if not triggers and not threat_spans:
            return []
        dates = find_dates(s, ref, offset=sent.start)
        clauses = self.dated_clauses(sent, dates)
        if len(clauses) > 1:
            return [m for c in clauses for m in self.read_sentence(c, ref, country_hint, claim)]
        # "On July 13" dates the report to a day even when no reference date gives it a year.
        day_dated = any(d.precision == "day" for d in dates)
        if self.lex.disaster.search(s) and not self.lex.deliberate.search(s):
            # an earthquake's or a gas explosion's dead are no conflict event
            triggers = [t for t in triggers if t.family.event_type in self.lex.disaster_spares]
        out: list[Mention] = []
        # Threats: the attack words after a threat cue belong to the threat.
        if threat_spans and not self.unreal_at(s, threat_spans[0][0], threat=True):
            t0 = threat_spans[0][0]
            consumed = [t for t in triggers if t.start >= t0 and t.family.event_type != "Strategic developments"]
            triggers = [t for t in triggers if t not in consumed]
            out.append(Mention("threat", sent, consumed, find_targets(s, sent.start, self.lex, t0), dates=dates,
                               actors=merge_affiliations(find_actors(s, sent.start, country_hint), s, sent.start),
                               claim=claim))
        # Events: drop triggers inside aggregates ("119 attacks") or unreal contexts. A small
        # count on one day ("two attacks (3 explosions)" on 19 April) is still one incident.
        # A day-dated sentence reports what happened that day, however many blasts it counts.
        aggregates = [m for m in self.lex.aggregate.finditer(s)
                      if not day_dated or HABITUAL.search(m.group())]
        if any(self.lex.statistics.search(m.group()) for m in aggregates):
            self._tally_at = (sent.block, sent.position)
            triggers = [t for t in triggers if t.family.event_type == "Strategic developments"
                        and not any(m.start() <= t.start < m.end() for m in aggregates)]
            if self.lex.period_tally.search(s):
                triggers = []
        habit = None if any(d.value for d in dates) else self.lex.habitual.search(s)
        kept = []
        for t in triggers:
            if any(m.start() <= t.start < m.end() or m.start() < t.end <= m.end() for m in aggregates):
                continue
            if habit is not None and t.start >= habit.start():
                continue
            if self.unreal_at(s, t.start):
                continue
            kept.append(t)
        if not kept:
            return out
        casualties = parse_casualties(s, sent.start)
        actors = merge_affiliations(find_actors(s, sent.start, country_hint), s, sent.start)
        if self.lex.figurative.search(s) and not any(a.category in ARMED_CATEGORIES - {"state"} for a in actors):
            return out   # "the defense attacked the quarterback", "the film bombed at the box office"
        # "Attacks on mosques" in general is no incident: a plural needs a date or a toll.
        plural_only = all(t.is_plural_noun for t in kept)
        if plural_only and not (any(d.value or d.precision in ("day", "week") for d in dates)
                                or casualties.fatalities or casualties.injuries):
            return out
        # "... more than 50 bombings have taken place. More than 330 people were killed in the
        # attacks": "the attacks" right after a tally are the ones it counted.
        means = [t for t in kept if t.family.name not in ("killing", "claim")]
        if means and self._tally_at == (sent.block, sent.position - 1) and not any(d.value for d in dates) \
                and all(t.is_plural_noun and ANAPHORIC_NOUN.search(s[:t.start]) for t in means):
            return out
        # A weak trigger ("protesters", "raid") needs support: a toll, an armed actor, a date, or
        # a word of violence or collective action beside it ("protesters used live ammunition").
        spans = [(t.start, t.end) for t in kept]
        anchored = any(not any(a <= m.start() < b for a, b in spans) for m in self.lex.anchors.finditer(s))
        if max(t.family.strength for t in kept) < 2 and not (
                casualties.fatalities or casualties.injuries or casualties.casualties or anchored
                or any(a.category in ARMED_CATEGORIES for a in actors) or any(d.value for d in dates)):
            return out
        anaphoric = bool(self.lex.anaphora.search(s)) or (
            bool(DEFINITE_START.search(s)) and any(t.start < 60 for t in kept))
        new_incident = bool(self.lex.new_incident.search(s))
        targets = find_targets(s, sent.start, self.lex)
        violent = any(t.family.event_type != "Strategic developments" for t in kept)
        split = [targets[i:i + 1] for i in range(len(targets))] if violent and len({t.key for t in targets}) > 1 and all(
            t.distinct for t in targets) else [targets]
        for i, group in enumerate(split):
            out.append(Mention("event", sent, kept, group, dates=dates, actors=actors, claim=claim,
                               casualties=casualties if i == 0 else CasualtyCount(),
                               anaphoric=anaphoric, new_incident=new_incident, split_index=i))
        return out

    def dated_clauses(self, sent: Sentence, dates) -> list[Sentence]:
        """"In April, militants fired rockets into Tajikistan, and in July two workers were shot
        dead": clauses with dates of their own, each reporting an event, are read apart (one
        record each); otherwise the sentence as it is."""
        own = [d for d in dates if d.value is not None
               and not in_reporting_clause(sent.text, sent.start, d.start)]
        cuts = []
        for before, after in zip(own, own[1:]):
            if before.value == after.value and before.precision == after.precision:
                continue
            joints = list(CLAUSE_JOINT.finditer(sent.text, before.end - sent.start, after.start - sent.start))
            if joints:
                cuts.append(joints[-1].start())
        if not cuts:
            return [sent]
        bounds = [0] + cuts + [len(sent.text)]
        parts = []
        for a, b in zip(bounds, bounds[1:]):
            text = sent.text[a:b]
            lead = len(text) - len(CLAUSE_JOINT_LEAD.sub("", text, count=1))
            a += lead
            parts.append(Sentence(sent.start + a, sent.start + b, sent.text[a:b], sent.block, sent.kind, sent.position))
        if not all(self.lex.any_trigger.search(p.text) for p in parts):
            return [sent]
        return parts

    def unreal_at(self, s: str, pos: int, threat: bool = False) -> bool:
        """A denial, condition or modal before the trigger (in its clause) makes it unreal."""
        for m in self.lex.unreal.finditer(s):
            if m.start() <= pos <= m.end() + 40:
                if threat and re.match(r"(?:would|could|might|may|will)", m.group(), re.I):
                    continue   # "threatened that Daesh will use a car bomb" stays a threat
                return True
        return False

    # -- 4: merge mentions into incidents ----------------------------------------------------
    def merge(self, mentions: list[Mention], claims, attributions=()) -> list[Incident]:
        incidents: list[Incident] = []
        for m in mentions:
            target = self.find_incident(m, incidents)
            if target is None:
                incidents.append(Incident(m.kind, [m]))
            else:
                target.mentions.append(m)
        # A claim of responsibility told after an incident belongs to it ("X claimed the attack").
        for sent, claim in claims:
            before = [inc for inc in incidents if inc.kind == "event"
                      and inc.mentions[0].sentence.position <= sent.position
                      and sent.block - inc.mentions[-1].sentence.block <= 1]
            if before and not any(mm.claim for mm in before[-1].mentions):
                before[-1].claims.append((sent, claim))
        # So does the group that sources blame for it ("sources attributed the attack to X").
        for sent, actor in attributions:
            own = [inc for inc in incidents if any(mm.sentence is sent for mm in inc.mentions)]
            before = [inc for inc in incidents if inc.kind == "event"
                      and inc.mentions[0].sentence.position <= sent.position
                      and sent.block - inc.mentions[-1].sentence.block <= 1]
            for inc in own or before[-1:]:
                inc.attributions.append((sent, actor))
        return incidents

    def find_incident(self, m: Mention, incidents: list[Incident]) -> Optional[Incident]:
        if not incidents:
            return None
        keys = {t.key for t in m.targets if t.key}
        # (a date in "the minister said on Sunday" dates the telling, not a new incident)
        explicit = [d for d in m.dates if d.value
                    and not in_reporting_clause(m.sentence.text, m.sentence.start, d.start)]
        same_kind = [inc for inc in incidents if inc.kind == m.kind]
        # The same target named again (the Russian embassy, the hotel) is the same incident,
        # unless both are entries of a list or the text says it is another one.
        if keys and not m.new_incident:
            for inc in reversed(same_kind):
                listed = m.sentence.kind == inc.first.sentence.kind == "list_item"
                if keys & inc.target_keys() and not listed and self.dates_compatible(explicit, inc):
                    return inc
        if m.new_incident or m.split_index or not same_kind:
            return None
        last = same_kind[-1]
        gap = m.sentence.position - last.mentions[-1].sentence.position
        if m.kind == "threat":
            # A threat told again nearby without a target of its own is the same threat.
            return last if gap <= NEAR_SENTENCES and (not keys or not last.target_keys()) else None
        # (another incident told in between ends this one, but not a threat read from the same
        # sentence: "the embassy will remain closed after ... militants are planning attacks")
        between = incidents[incidents.index(last) + 1:]
        if any(inc.kind == m.kind or inc.first.sentence.position != m.sentence.position for inc in between):
            return None
        same_block = m.sentence.block == last.mentions[-1].sentence.block
        if m.sentence.kind == "list_item" and not same_block:
            return None
        other_target = keys and last.target_keys() and not keys & last.target_keys()
        if other_target or explicit and not self.dates_compatible(explicit, last):
            return None
        # ACLED's unit is one place on one day: a sentence that names towns of its own, none of
        # them the incident's, tells another incident, unless it points back ("the attack").
        known = last.places()
        if m.places and known and not m.places & known and not m.anaphoric:
            return None
        if m.anaphoric and (gap <= NEAR_SENTENCES or not (keys or explicit or self.has_casualties(m))):
            return last   # near, or a bare back-reference ("the attack aimed to ...")
        if same_block and (is_response_only(set(m.families)) or not explicit):
            return last
        # Deaths told again a little later with the same count ("Hezbollah announced the deaths
        # of three of its members") are the toll of the incident just told, not another one.
        if set(m.families) <= {"killing"} and not explicit and gap <= NEAR_SENTENCES and (
                self.same_toll(m, last) or (m.casualties and m.casualties.attacker_fatalities)
                or not find_places(m.sentence.text)):
            return last   # ... and so are a toll told with no place or date of its own, or the attackers' deaths
        # A headline announces the incident the lead sentence then reports.
        if all(mm.sentence.kind == "heading" for mm in last.mentions) and gap <= NEAR_SENTENCES and (
                set(m.families) & set(last.first.families) or (self.violent(m) and self.violent(last.first))):
            return last
        return None

    def anchored(self, inc: Incident) -> bool:
        """Figures of speech ("attacked in the press") name no armed actor, weapon, crowd or toll."""
        families = {name for m in inc.mentions for name in m.families}
        needs = [self.context_required[f] for f in families if f in self.context_required]
        if families and len(needs) == len(families) and not any(
                rx.search(m.sentence.text) for rx in needs for m in inc.mentions):
            return False
        return any(self.lex.anchors.search(m.sentence.text) or self.has_casualties(m)
                   or any(a.category != "civilians" for a in m.actors) for m in inc.mentions)

    @staticmethod
    def violent(m: Mention) -> bool:
        return any(t.family.event_type in VIOLENT_TYPES for t in m.triggers)

    @staticmethod
    def same_toll(m: Mention, inc: Incident) -> bool:
        mine = m.casualties.fatalities if m.casualties else None
        return mine is not None and any(mm.casualties and mm.casualties.fatalities == mine for mm in inc.mentions)

    @staticmethod
    def has_casualties(m: Mention) -> bool:
        c = m.casualties
        return bool(c and (c.fatalities is not None or c.injuries is not None or c.casualties))

    @staticmethod
    def dates_compatible(explicit, inc: Incident) -> bool:
        mine = explicit
        theirs = [d for mm in inc.mentions for d in mm.dates if d.value]
        if not mine or not theirs:
            return True
        return any(_overlap(a, b) for a in mine for b in theirs)

    # -- 5: fill the record ---------------------------------------------------------------------
    def list_contexts(self, sents: list[Sentence], country_hint) -> dict[int, object]:
        """For each list item, the armed actor named by the text that introduces the list."""
        context: dict[int, object] = {}
        current = None
        for s in sents:
            if s.kind == "list_item":
                context[s.position] = current
                continue
            # (not one that only dates the period: "attacks since the Taliban takeover")
            armed = [a for a in find_actors(s.text, s.start, country_hint) if a.category in ARMED_CATEGORIES - {"unidentified"}
                     and not ERA_AFTER.match(s.text, a.end - s.start)]
            if armed or s.kind == "heading":
                current = armed[0] if armed else current if s.kind != "heading" else None
        return context

    def to_event(self, doc: Document, inc: Incident, ref, geo, country_hint, list_context, sents,
                 place_text: str, scores=None, story=None) -> Event:
        ms = inc.mentions
        ev = Event(doc_id=doc.id, kind=inc.kind)
        evidence: dict[tuple[int, int], set[str]] = {}

        def cite(where, name: str) -> None:
            sent = where.sentence if isinstance(where, Mention) else where
            evidence.setdefault((sent.start, sent.end), set()).add(name)

        for m in ms:
            cite(m, "kind")
        # Type.
        if inc.kind == "event":
            families: dict = {}
            for m in ms:
                for name, fam in m.families.items():
                    families.setdefault(name, fam)
            text = " ".join(m.sentence.text for m in ms)
            target_type = next((t.type for m in ms for t in m.targets if t.type), None)
            # "IS-K gunmen" is one side, not two: unnamed attackers right after a group's name.
            actor_cats = {a.category for m in ms for a in m.actors
                          if not (a.category == "unidentified" and any(
                              b.category in NAMED_GROUPS and 0 <= a.start - b.end <= 1 for b in m.actors))}
            both_armed = len(actor_cats & ARMED_CATEGORIES) >= 2 or (
                "state" in actor_cats and target_type == "Non-State Armed Group")
            ev.event_type, ev.sub_event_type = classify(families, target_type, text, both_armed)
            ev.provenance["event_type"] = "trigger:" + min(families, key=family_rank)
            if scores is not None:
                ev.provenance["relevance"] = self.relevance.explain(scores, story)
            if scores is not None and "retype" not in self.disable:
                ev.event_type, ev.sub_event_type, why = self.relevance.retype(ev.event_type, ev.sub_event_type, scores)
                if why:
                    ev.provenance["event_type"] = why
        # Target.
        for m in ms:
            if m.targets:
                # A place one can name again (the hotel) over the people in it (five guests).
                best = next((t for t in m.targets if t.key), m.targets[0])
                ev.target, ev.target_type = best.text, best.type
                cite(m, "target")
                break
        if ev.target_type is None:
            ev.target_type = next((t for t in (self.lex.target_type(m.sentence.text) for m in ms) if t), None)
            if ev.target_type is None and inc.kind == "event" and any(
                    m.casualties and (m.casualties.fatalities or m.casualties.injuries) for m in ms):
                ev.target_type = "Private Citizens"
        # Casualties.
        if inc.kind == "event":
            total = CasualtyCount()
            for m in ms:
                if m.casualties and (m.casualties.spans or m.casualties.fatalities is not None):
                    total = merge_counts(total, m.casualties)
                    cite(m, "fatalities")
            ev.fatalities, ev.fatalities_low, ev.fatalities_high = total.fatalities, total.fatalities_low, total.fatalities_high
            ev.injuries, ev.attacker_fatalities, ev.casualties = total.injuries, total.attacker_fatalities, total.casualties
        # Date.
        self.fill_date(ev, inc, ref, cite, sents)
        # Place.
        placed, placed_by_heading = None, False
        for m in ms:
            loc = resolve_location(place_text, m.sentence.start, m.sentence.end, geo)
            if loc is not None and loc.country:
                # A later mention may narrow the place down, not move it to another province; but a
                # headline's bare country ("Canada shuts Baghdad embassy") is often who acted, and
                # the body's town says where.
                if placed is None or ((loc.geo_precision or 3) < (placed.geo_precision or 4)
                                      and (loc.within(placed) or (placed_by_heading and placed.admin1 is None))):
                    placed = loc
                    placed_by_heading = m.sentence.kind == "heading"
                    ev.country, ev.admin1, ev.location = loc.country, loc.admin1, loc.location
                    ev.latitude, ev.longitude, ev.geo_precision = loc.latitude, loc.longitude, loc.geo_precision
                    cite(m, "location")
                if ev.geo_precision == 1:
                    break
        if ev.admin1 is None:
            # No place below the country in the incident's sentences: the one the paragraph (or
            # the list's introduction) just named is where the story is.
            loc = self.place_before(inc.first.sentence, sents, place_text, geo)
            if loc is not None:
                ev.country, ev.admin1, ev.location = loc.country, loc.admin1, loc.location
                ev.latitude, ev.longitude, ev.geo_precision = loc.latitude, loc.longitude, max(loc.geo_precision or 2, 2)
                ev.provenance["location"] = "named earlier in the paragraph"
        if ev.country is None and country_hint:
            ev.country, ev.geo_precision = country_hint, 3
            ev.provenance["country"] = "document focus"
        if ev.admin1 is None:
            loc = capital_for_target(ev.country, ev.target_type)
            if loc is not None:
                ev.admin1, ev.location, ev.geo_precision = loc.admin1, loc.location, loc.geo_precision
                ev.latitude, ev.longitude = loc.latitude, loc.longitude
                ev.provenance["location"] = "capital: where the target sits"
        if ev.admin1 is None:
            loc = geo.only_town(ev.country)
            if loc is not None:
                ev.admin1, ev.location, ev.geo_precision = loc.admin1, loc.location, loc.geo_precision
                ev.latitude, ev.longitude = loc.latitude, loc.longitude
                ev.provenance["location"] = "the only town the article names"
        # Actors (after the place: ACLED names protesters and unnamed groups by country).
        self.fill_actors(ev, inc, list_context, sents, cite, country_hint)
        # Who took the ground decides ACLED's territory type: a state regains it, a group overtakes
        # it ("ISIS fighters recaptured the village" is a group's gain, whatever the verb).
        if ev.sub_event_type in TERRITORY_TYPES.values() and ev.actor1:
            state = ev.actor1.startswith(("Military Forces", "Police Forces", "Government of"))
            named = not state and not ev.actor1.startswith(("Unidentified", "Civilians", "Protesters", "Rioters"))
            if state or named:
                ev.sub_event_type = TERRITORY_TYPES["state" if state else "group"]
                ev.provenance["sub_event_type"] = "who took the ground"
        # Forces, crowds and gunmen the text names by no country took the report's main country;
        # an event placed in another ("In Niger, soldiers killed ...") is theirs.
        if country_hint and ev.country and ev.country != country_hint and ev.geo_precision in (1, 2, 3):
            ev.actor1, ev.actor2 = (relocate_actor(a, country_hint, ev.country) for a in (ev.actor1, ev.actor2))
        # ACLED names state forces by the regime in power that day: "(2019-)".
        when = date.fromisoformat(ev.event_date[:10]) if ev.event_date else ref.date
        ev.actor1, ev.actor2 = (acled_state_name(a, when) for a in (ev.actor1, ev.actor2))
        if ev.actor2 == ev.actor1:
            ev.actor2 = None   # one side named twice ("hundreds of farmers ... protesters")
        ev.confidence = self.confidence(ev, inc)
        ev.evidence = [Evidence(s, e, doc.text[s:e], sorted(f)) for (s, e), f in sorted(evidence.items())]
        return ev

    def split_enumerated(self, ev: Event, inc: Incident, sents, place_text: str, geo, text: str) -> list[Event]:
        """"It lost two officials - the governor of Balkh and Badakhshan's acting governor. The two
        officials were killed by suicide bombers": victims listed in different provinces were
        killed in different incidents, one record each, the count shared out."""
        first = inc.first.sentence
        count = ENUMERATED_ANAPHOR.match(first.text)
        if inc.kind != "event" or not count or first.position == 0:
            return [ev]
        n = NUMBER_WORDS.get(count.group(1).lower(), 0)
        prev = sents[first.position - 1]
        intro = ENUMERATION_INTRO.search(prev.text)
        if n < 2 or prev.block != first.block or intro is None:
            return [ev]
        items, pos = [], prev.start + intro.end()
        for part in ENUMERATION_SPLIT.split(prev.text[intro.end():]):
            stripped = part.strip(" .;")
            if stripped:
                start = text.index(stripped, pos)
                items.append((start, start + len(stripped)))
            pos += len(part)
        places = [resolve_location(place_text, a, b, geo) for a, b in items]
        if len(items) != n or any(p is None or not p.admin1 for p in places) or \
                len({p.admin1 for p in places}) != n:
            return [ev]
        out = []
        for (a, b), place in zip(items, places):
            one = copy.deepcopy(ev)
            one.country, one.admin1, one.location = place.country, place.admin1, place.location
            one.latitude, one.longitude, one.geo_precision = place.latitude, place.longitude, place.geo_precision
            one.target = text[a:b]
            for name in ("fatalities", "fatalities_low", "fatalities_high", "injuries"):
                value = getattr(ev, name)
                if value is not None and value % n == 0:
                    setattr(one, name, value // n)
            one.evidence = sorted([Evidence(a, b, text[a:b], ["location", "target"]), *ev.evidence],
                                  key=lambda e: e.start)
            one.provenance["location"] = "item of an enumeration the event sentence points back to"
            out.append(one)
        return out

    @staticmethod
    def place_before(sent: Sentence, sents: list[Sentence], place_text: str, geo):
        for prev in reversed(sents[max(0, sent.position - 2):sent.position]):
            if prev.block != sent.block:
                break
            loc = resolve_location(place_text, prev.start, prev.end, geo)
            if loc is not None and loc.admin1 and loc.start is not None:
                return loc
        return None

    def fill_actors(self, ev: Event, inc: Incident, list_context, sents, cite, country_hint) -> None:
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
        if families and families <= self.state_measure_families:
            state = self.acting_state(inc, ev)
            if state:
                ev.actor1, ev.provenance["actor1"] = state, "the state taking the measure"
                cite(inc.first, "actor1")
                return
        for m in inc.mentions:
            # (a source is no party to an attack: "a Taliban official said", "Al-Shabaab's radio
            # station"; a group's spokesman voicing a threat speaks for its author)
            # (nor is a group denying its part: "the TTP denied involvement in the bombing")
            denial = self.lex.denied_role.search(m.sentence.text)
            armed = [a for a in m.actors if (a.category in ARMED_CATEGORIES or
                     (ev.event_type in ("Protests", "Riots") and a.category in ("protesters", "rioters")))
                     and not (inc.kind == "event" and SPEAKER_AFTER.match(m.sentence.text, a.end - m.sentence.start))
                     and not (denial and a.start - m.sentence.start < denial.start())]
            if not armed:
                continue
            # The perpetrator: named before the trigger (subject) or after "by" (agent). A noun
            # pointing back ("That attack came days before gunmen raided ...") is no trigger here.
            own = [t for t in m.triggers if not ANAPHORIC_NOUN.search(m.sentence.text[:t.start])] or m.triggers
            first_trigger = min(t.start for t in own) + m.sentence.start if own else m.sentence.end
            agent = next((a for a in armed if re.search(r"\bby\s+(?:\w+\s+){0,3}$", m.sentence.text[:a.start - m.sentence.start])), None)
            # ... and one inside a prepositional phrase before it ("a device planted in a police
            # vehicle detonated") is where the blow fell, not who struck.
            # So is the subject of a passive toll ("two police officers were killed").
            before = [a for a in armed if a.start <= first_trigger and not OBJECT_OF_PREPOSITION.search(
                m.sentence.text[:a.start - m.sentence.start]) and not PASSIVE_VICTIM.match(
                m.sentence.text[a.end - m.sentence.start:]) and not (
                ROLE_AFTER.match(m.sentence.text, a.end - m.sentence.start)
                and PASSIVE_VICTIM.search(m.sentence.text, a.end - m.sentence.start))]
            # An armed actor named only after the trigger is its target ("a bomb hit a police
            # vehicle"), not its author: it becomes actor 2.
            # (who threatens is the one named right before the threat, not the forces on alert)
            actor1 = agent or ((before[-1] if inc.kind == "threat" else before[0]) if before else None)
            if actor1 is None:
                ev.actor2 = ev.actor2 or armed[0].name
                continue
            if ev.actor1 and actor1.category not in NAMED_GROUPS:
                continue      # only a named group unmasks the bomber told before; forces respond
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
            group = self.antecedent_group(inc.first.sentence, sents, country_hint)
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
            # A group no actor list knows ("Members of the Proletarian Core set fire to ..."):
            # the organisation spaCy's parse finds as the subject of the trigger's verb.
            # A community's youths or militia: ACLED's "<People> Ethnic Militia (<Country>)".
            # (the first sentences of the incident only, and only sentences that name something
            # with a capital past their first word: parsing is the costly step)
            for m in [mm for mm in inc.mentions if PROPER_NOUN.search(mm.sentence.text)][:PARSED_MENTIONS]:
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

    def acting_state(self, inc: Incident, ev: Event) -> Optional[str]:
        """The country that closes or evacuates its mission: the first one named that is not
        the host country ("Saudi diplomats were airlifted from Kabul")."""
        for m in inc.mentions:
            for _, _, country in find_states(m.sentence.text):
                if country != ev.country:
                    return country
        return None

    def antecedent_group(self, sent: Sentence, sents: list[Sentence], country_hint) -> Optional[str]:
        """The armed group "the group" points back to: among those of the nearest earlier
        sentence naming any, the article's main group if present, else the first named."""
        dominant = self.dominant_group(sents, country_hint)
        for prev in reversed(sents[max(0, sent.position - ANTECEDENT_SENTENCES):sent.position + 1]):
            groups = [a.name for a in find_actors(prev.text, prev.start, country_hint) if a.category in NAMED_GROUPS]
            if groups:
                return dominant if dominant in groups else groups[0]
        return dominant

    def dominant_group(self, sents, country_hint) -> Optional[str]:
        counts: dict[str, int] = {}
        for s in sents:
            for a in find_actors(s.text, s.start, country_hint):
                if a.category in NAMED_GROUPS:
                    counts[a.name] = counts.get(a.name, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def fill_date(self, ev: Event, inc: Incident, ref, cite, sents=()) -> None:
        previous, previous_precision = self._previous_date, self._previous_precision
        for m in inc.mentions:
            dated = [d for d in m.dates if d.value is not None or d.anchor == "previous_event"]
            if not dated:
                continue
            # The event's date is the one in the clause reporting it, nearest its trigger.
            words = [t.start + m.sentence.start for t in m.triggers]
            anchor = reported_event_at(dated, m.sentence.text, m.sentence.start, words) or (
                words[0] if words else m.sentence.start)
            best = event_date_mention(dated, m.sentence.text, m.sentence.start, anchor)
            iso, precision = mention_date(best, ref, previous, previous_precision, anchor) if best else (None, None)
            if iso is None:
                continue
            ev.event_date, ev.date_precision = iso, precision
            ev.provenance["event_date"] = f"{best.kind}: {best.text}"
            cite(m, "event_date")
            break
        first = inc.first
        if ev.event_date is None and not (BACKGROUND.search(first.sentence.text) or HABITUAL.search(first.sentence.text)):
            # An undated sentence goes on with the time of its paragraph: "On 29 April 2020, workers
            # gathered ... The group stopped all work and staged a demonstration." (Not background or
            # habitual ones: "Earlier, ...", "The group continued to attack ...".)
            for prev in reversed(sents[max(0, first.sentence.position - NEAR_SENTENCES):first.sentence.position]):
                if prev.block != first.sentence.block:
                    break
                told = [d for d in find_dates(prev.text, ref.date, prev.start) if d.value is not None]
                if told:
                    iso, precision = mention_date(told[0], ref, previous, previous_precision)
                    if iso:
                        ev.event_date, ev.date_precision = iso, precision
                        ev.provenance["event_date"] = f"paragraph: {told[0].text}"
                        cite(told[0], "event_date")
                    break
        if ev.event_date is None and inc.kind == "event":
            if first.sentence.position < LEAD_SENTENCES and not BACKGROUND.search(first.sentence.text):
                iso, precision = fallback_date(ref)
                if iso:
                    ev.event_date, ev.date_precision = iso, precision
                    ev.provenance["event_date"] = "fallback: reference date"
        if ev.event_date:
            self._previous_date = date.fromisoformat(ev.event_date)
            self._previous_precision = ev.date_precision

    _tally_at: tuple = (None, None)   # (block, position) of the last sentence that was a tally
    _previous_date: Optional[date] = None
    _previous_precision: Optional[str] = None

    @staticmethod
    def confidence(ev: Event, inc: Incident) -> float:
        score = 0.35
        score += 0.15 if max(m.strength for m in inc.mentions) >= 2 else 0
        score += 0.1 if ev.event_date and "fallback" not in ev.provenance.get("event_date", "") else 0
        score += 0.1 if ev.admin1 or ev.location else 0
        score += 0.1 if ev.actor1 else 0
        score += 0.1 if ev.fatalities is not None or ev.injuries is not None else 0
        score += 0.05 * min(len(inc.mentions) - 1, 2)
        return min(score, 0.95)


def merge_affiliations(actors: list, text: str, offset: int) -> list:
    """"Gunmen suspected of belonging to the Jalisco cartel", "al-Shabaab militants": one side,
    named by its group."""
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
                if b.category in NAMED_GROUPS and AFFILIATION.fullmatch(between):
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


LOCAL_KINDS = {"city", "admin2"}


def local_places(text: str) -> frozenset:
    """The towns and districts a sentence names, as folded names ("Deerpark", "Limbayat"):
    what tells one incident's place from another's. Countries and provinces are too coarse."""
    return frozenset(fold(text[a:b]) for a, b, places in find_places(text)
                     if any(p.kind in LOCAL_KINDS for p in places))


def mask_actors(text: str, sents: list[Sentence]) -> str:
    """The text with known actor names blanked out, offsets unchanged."""
    chars = list(text)
    for s in sents:
        for a in find_actors(s.text, s.start):
            if a.category in NAMED_GROUPS:
                chars[a.start:a.end] = " " * (a.end - a.start)
    return "".join(chars)


def _overlap(a, b) -> bool:
    """Two date mentions can name the same time, given their precisions."""
    span = {"day": 1, "week": 7, "month": 31, "year": 366}
    return abs((a.value - b.value).days) <= max(span.get(a.precision or "day", 1), span.get(b.precision or "day", 1))
