"""The regular expressions of the extraction stages, read from ``data/extract_patterns.yaml``.

Loaded once, when the first stage is built (``extract_patterns()`` is cached), not at import:
like spaCy's language data, the patterns are domain knowledge kept apart from the algorithms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from ..resources import load_data


@dataclass(frozen=True)
class Patterns:
    affiliation: re.Pattern
    proper_noun: re.Pattern
    definite_start: re.Pattern
    anaphoric_noun: re.Pattern
    background: re.Pattern
    habitual: re.Pattern
    nationwide: re.Pattern
    teller_after: re.Pattern
    partition_first: re.Pattern
    partition_next: re.Pattern
    recalled_lead: re.Pattern
    claim_of_several: re.Pattern
    clause_joint: re.Pattern
    clause_joint_lead: re.Pattern
    object_of_preposition: re.Pattern
    passive_victim: re.Pattern
    era_after: re.Pattern
    speaker_after: re.Pattern
    source_before: re.Pattern
    answers_the_attacker: re.Pattern
    disguise_before: re.Pattern
    event_modifier_gap: re.Pattern
    round_up_item: re.Pattern
    day_named_after: re.Pattern
    day_named_before: re.Pattern
    role_after: re.Pattern
    enumerated_anaphor: re.Pattern
    enumeration_intro: re.Pattern
    enumeration_split: re.Pattern
    threat_modal: re.Pattern
    agent_by: re.Pattern

    @classmethod
    def from_data(cls, name: str = "extract_patterns.yaml") -> "Patterns":
        data = load_data(name)
        wanted = {f.name for f in fields(cls)}
        if set(data) != wanted:   # a typo in the data file must not leave a stage without its pattern
            raise ValueError(f"{name}: expected patterns {sorted(wanted)}, found {sorted(data)}")
        return cls(**{key: _compile(entry) for key, entry in data.items()})


def _compile(entry: dict) -> re.Pattern:
    pattern = entry["pattern"]
    if isinstance(pattern, list):
        pattern = "".join(pattern)
    return re.compile(pattern, re.I if entry.get("ignore_case") else 0)


@lru_cache(maxsize=None)
def extract_patterns() -> Patterns:
    return Patterns.from_data()
