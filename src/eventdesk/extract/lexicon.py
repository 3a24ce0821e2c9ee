"""Compiled views of the extraction lexicons (triggers, modality cues, target categories).

The data lives in ``src/eventdesk/data/*.yaml``; this module only turns it into regexes, once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_data


@lru_cache(maxsize=1)
def _event_nouns() -> tuple[str, ...]:
    return tuple(load_data("taxonomy.yaml")["event_nouns"])


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _words(patterns: list[str]) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{_alternation(patterns)})(?![\w-])", re.I)


@dataclass(frozen=True)
class Family:
    name: str
    event_type: str
    sub_event_type: str
    strength: int
    regex: re.Pattern
    # the event types an incident this family's words tell may be: "attacked" fits a battle too
    fits: frozenset = frozenset()


@dataclass(frozen=True)
class Trigger:
    family: Family
    start: int          # offsets relative to the sentence
    end: int
    text: str

    @property
    def is_plural_noun(self) -> bool:
        return self.text.lower().endswith(_event_nouns())


class Lexicon:
    """All extraction lexicons, compiled. One instance per process (see ``lexicon()``)."""

    def __init__(self) -> None:
        data = load_data("triggers.yaml")
        self.families = [
            Family(name, spec["event_type"], spec["sub_event_type"], int(spec.get("strength", 2)),
                   _words(spec["patterns"]),
                   frozenset([spec["event_type"], *spec.get("also_fits", [])]))
            for name, spec in data["families"].items()
        ]
        self.family = {f.name: f for f in self.families}
        every = [p for spec in data["families"].values() for p in spec["patterns"]]
        self.any_trigger = _words(every)
        # (a lookahead, so contexts that overlap all count: "shot dead a tiger that had killed")
        self.not_events = re.compile(f"(?=({_words(data['not_events']).pattern}))", re.I)
        modality = load_data("modality.yaml")
        self.threat = _words(modality["threat"])
        self.aggregate = re.compile(_alternation(modality["aggregate"]), re.I)
        self.period_tally = re.compile(_alternation(modality["period_tally"]), re.I)
        self.denied_role = re.compile(modality["denied_role"], re.I)
        self.figurative = re.compile(modality["figurative_context"])
        self.trends = re.compile(_alternation(modality["trends"]), re.I)
        self.running_totals = re.compile(_alternation(modality["running_totals"]), re.I)
        self.unreal = re.compile(_alternation(modality["unreal"]), re.I)
        self.retraction = re.compile(_alternation(modality["retraction"]), re.I)
        self.habitual = re.compile(_alternation(modality["habitual"]), re.I)
        self.anaphora = re.compile(_alternation(modality["anaphora"]), re.I)
        self.new_incident = re.compile(_alternation(modality["new_incident"]), re.I)
        self.new_thread = re.compile(_alternation(modality["new_thread"]), re.I)
        self.actor_anaphora = re.compile(_alternation(modality["actor_anaphora"]), re.I)
        self.statistics = re.compile(load_data("taxonomy.yaml")["statistics"], re.I)
        self.disaster = _words(modality["disaster"])
        self.deliberate = _words(modality["deliberate"])
        self.disaster_spares = set(modality["disaster_spares"])
        self.exercises = _words(modality["exercises"])
        self.private_violence = _words(modality["private_violence"])
        self.exercise_spares = set(modality["exercise_spares"])
        self.anchors = _words(modality["anchors"])
        self.lookalike_frames = _words(modality["lookalike_frames"])
        self.past_and_trade_frames = _words(modality["past_and_trade_frames"])
        self.hostile = _words(modality["hostile"])
        self.commentary = _words(modality["commentary"])
        self.target_categories = [
            (c["type"], _words([re.escape(w) for w in c["words"]]))
            for c in load_data("targets.yaml")["categories"]
        ]

    def triggers(self, sentence: str) -> list[Trigger]:
        """Non-overlapping triggers of the sentence, longest first, with negative contexts removed."""
        blocked = [(m.start(1), m.end(1)) for m in self.not_events.finditer(sentence)]
        blocked += inner_name_words(sentence)
        found: list[Trigger] = []
        for fam in self.families:
            for m in fam.regex.finditer(sentence):
                if any(a < m.end() and m.start() < b for a, b in blocked):
                    continue
                found.append(Trigger(fam, m.start(), m.end(), m.group()))
        found.sort(key=lambda t: (-(t.end - t.start), t.start))
        kept: list[Trigger] = []
        for t in found:
            if not any(k.start < t.end and t.start < k.end for k in kept):
                kept.append(t)
        return sorted(kept, key=lambda t: t.start)

    def names_hostile(self, text: str) -> bool:
        """Whether the text names hostile political violence (data/modality.yaml ``hostile``)
        outside the contexts where a trigger word tells no event ("I thought a bomb had gone off")."""
        for m in self.not_events.finditer(text):
            a, b = m.start(1), m.end(1)
            text = text[:a] + " " * (b - a) + text[b:]
        return bool(self.hostile.search(text))

    def target_type(self, phrase: str) -> str | None:
        for name, regex in self.target_categories:
            if regex.search(phrase):
                return name
        return None

    def target_match(self, phrase: str) -> tuple[str, re.Match] | None:
        """The first target category named in ``phrase`` and where, in category order."""
        for name, regex in self.target_categories:
            m = regex.search(phrase)
            if m:
                return name, m
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=1)
def _name_heads() -> frozenset[str]:
    return frozenset(load_data("triggers.yaml")["name_heads"])


def inner_name_words(sentence: str) -> list[tuple[int, int]]:
    """The spans of the words after the first in runs of capitalised words that end in the noun
    of a treaty, a body or a place (data/triggers.yaml ``name_heads``), where the sentence is
    not a headline in title case: "the Good Friday Agreement", "the Islamic Resistance Movement"
    name a treaty and a group, not an agreement or resistance told ("a Peaceful March of
    Pittsburgh" is still a march)."""
    # (a headline in title case writes its verbs in capitals too: no lower-case word is left
    # but function words)
    if not any(w[0].islower() and len(w) > 3 for w in _WORD.findall(sentence)):
        return []
    spans = []
    for m in _CAPITALISED_RUN.finditer(sentence):
        if m.group().split()[-1] in _name_heads():
            first = _WORD.match(sentence, m.start())
            spans.append((first.end() + 1, m.end()))
    return spans
