"""Choose the ACLED event type and sub-event type of an incident from its trigger families."""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import load_data

PROTEST_FAMILIES = {"protest", "crowd", "riot", "mob"}


@lru_cache(maxsize=1)
def _taxonomy():
    data = load_data("taxonomy.yaml")
    rank = {name: i for i, name in enumerate(data["family_priority"])}
    return (data, rank, re.compile(data["protest_intervention"], re.I),
            re.compile(data["protest_excessive_force"], re.I), re.compile(data["protest_violence"], re.I))


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    return re.compile(_taxonomy()[0][name], re.I)


def family_rank(name: str) -> int:
    return _taxonomy()[1].get(name, 99)


def is_response_only(families: set[str]) -> bool:
    return bool(families) and families <= set(_taxonomy()[0]["response_families"])


def classify(families: dict[str, "object"], target_type: str | None, text: str,
             armed_actor_on_both_sides: bool = False) -> tuple[str, str]:
    """``families``: family name -> Family (from the lexicon) seen in the incident's sentences."""
    data, rank, intervention, excessive, violence = _taxonomy()
    names = set(families)
    if names & PROTEST_FAMILIES and not names & {"suicide", "ied", "airstrike", "shelling", "chemical"}:
        if "mob" in names and "protest" not in names:
            return "Riots", "Mob violence"
        # demonstrators who clash, attack or burn: a violent demonstration
        if "riot" in names or (names & {"protest", "crowd"} and violence.search(text)
                               and names & {"clash", "armed_attack", "looting"}) or (
                names & {"protest", "crowd"} and _pattern("protest_destructive").search(text)):
            return "Riots", "Violent demonstration"
        if excessive.search(text):
            return "Protests", "Excessive force against protesters"
        if intervention.search(text):
            return "Protests", "Protest with intervention"
        if "protest" in names:
            return "Protests", "Peaceful protest"
    if "weapons" in names and names & set(data["fighting_families"]):
        # weapons seized after a fight ("the rebels seized 12 rifles") are its spoils: a disrupted
        # weapon is the event only when the device itself was the story ("police defused an IED")
        names = names - {"weapons"}
    best = min(names, key=lambda n: rank.get(n, 99))
    if best == "clash" and not armed_actor_on_both_sides and _pattern("mob_clash").search(text) \
            and not _pattern("organized_force").search(text):
        return "Riots", "Mob violence"
    fam = families[best]
    event_type, sub = fam.event_type, fam.sub_event_type
    if best in ("armed_attack", "killing") and (target_type in data["armed_targets"] or armed_actor_on_both_sides):
        return "Battles", "Armed clash"
    if best in data["remote_families_in_clash"] and (armed_actor_on_both_sides or target_type in data["armed_targets"]) \
            and _pattern("direct_fire").search(text):
        return "Battles", "Armed clash"
    if best == "raid":
        if "arrest" in names and not names & {"clash", "killing", "armed_attack"}:
            return "Strategic developments", "Arrests"
        if target_type not in data["armed_targets"] and not armed_actor_on_both_sides and names & {"killing", "armed_attack"}:
            return "Violence against civilians", "Attack"
    return event_type, sub
