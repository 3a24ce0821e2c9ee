"""Field filler: an event told in a list of towns is one event per town (ACLED's unit is one
location on one day): "similar demonstrations were held in Bristol and Leicester", "trouble
broke out in Kapadvanj and Balasinor", "two men were killed in Bardoli and six in Kapadvanj and Balasinor".

Reads the sentence the event's place came from, ``state.place_text`` and ``state.geo``. Writes
nothing on the event it is given: returns it alone, or one copy per town with the town's place,
and the toll the sentence gives each town (a count shared by several towns is shared out).
"""
from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Optional

from ..geo import Location, find_places, resolve_location
from ..model import Event, Evidence
from .placing import set_place
from .state import DocState, StageContext

LIST_KINDS = {"city", "admin2"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBER = r"(?:\d+|" + "|".join(_NUMBER_WORDS) + r")"
# What may stand between two towns of one list: "and", a comma, and a toll of the next ones
# ("... in Bardoli and six in Kapadvanj").
_SEPARATOR = re.compile(r"^\s*(?:,\s*and|,|and|&)\s+(?:(?P<n>" + _NUMBER + r")\s+(?:\w+\s+){0,3}?(?:in|at)\s+)?$",
                        re.I)
_TOLL_BEFORE = re.compile(r"\b(?P<n>" + _NUMBER + r")\s+(?:\w+\s+){0,4}?(?:killed|dead|died)\s+(?:\w+\s+){0,3}?(?:in|at)\s+$", re.I)
# "in several areas, particularly X and Y", "in areas like X, Y and Z": examples of an event told
# over a wider area, not one event per town.
_EXAMPLES_BEFORE = re.compile(r"\b(?:particularly|especially|notably|mainly|mostly|chiefly|such as|like|including)"
                              r"(?:\s+(?:in|at|the))?\s+(?:[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?,?\s+(?:and\s+)?)*$")
# "between X and Y", "from X to Y": a road or a route, one place.
_ROUTE_BEFORE = re.compile(r"\b(?:between|from|road|highway|route|linking)\s+(?:the\s+)?$", re.I)


def split_by_place_list(ev: Event, state: DocState, ctx: StageContext) -> list[Event]:
    source = next((e for e in ev.evidence if "location" in e.fields), None)
    if ev.kind != "event" or source is None or ev.geo_precision not in (1, 2) or state.geo is None:
        return [ev]
    text = state.place_text
    towns = town_list(text, source.start, source.end)
    named = towns is None
    if not named:
        places = [resolve_location(text, a, b, state.geo) for a, b, _ in towns]
        # (towns of one list are alike: "Tiefora (Banfora, Comoe)" is an address)
        if any(p is None or p.location is None for p in places) or \
                len({p.geo_precision for p in places}) != 1 or \
                len({(p.location, p.admin1) for p in places}) != len(places) or \
                ev.location not in {p.location for p in places}:
            return [ev]
    else:
        towns, places, division = named_list(text, source.start, source.end, state.geo)
        if not towns or ev.location not in {p.location for p in places} | {division.location}:
            return [ev]
    tolls = shared_tolls([n for _, _, n in towns], ev.fatalities)
    out = []
    for i, (place, toll) in enumerate(zip(places, tolls)):
        one = copy.deepcopy(ev)
        one.evidence = own_evidence(one.evidence, source, towns, i, state.doc.text)
        set_place(one, place, place.geo_precision if named else max(place.geo_precision or 1, ev.geo_precision or 1))
        if ev.fatalities is not None:
            one.fatalities = toll
            for name in ("fatalities_low", "fatalities_high"):
                setattr(one, name, None)
        one.provenance["location"] = "one town of a list the sentence names"
        out.append(one)
    return out


_TRAILING_JOINER = re.compile(r"[\s,;&]*(?:\band\b[\s,;&]*)?$", re.I)


def own_evidence(evidence: list, source, towns: list, i: int, text: str) -> list:
    """The evidence of the ``i``-th town's event: the sentence's words before the list, and the
    list's words from the town before it to the town after it ("Similar demonstrations were held
    in" + "and Chicago on Saturday"), in place of the whole sentence, so each town's record
    quotes its own part."""
    first, own_end = towns[0][0], towns[i + 1][0] if i + 1 < len(towns) else source.end
    own_start = source.start if i == 0 else towns[i - 1][1]
    parts = [(own_start, own_end)] if i == 0 else [(source.start, first), (own_start, own_end)]
    out = []
    for e in evidence:
        if (e.start, e.end) != (source.start, source.end):
            out.append(e)
            continue
        for a, b in parts:
            piece = text[a:b]
            b -= len(_TRAILING_JOINER.search(piece).group())
            a += len(piece) - len(piece.lstrip(" ,;&"))
            if b > a:
                out.append(Evidence(a, b, text[a:b], list(e.fields)))
    return out


def town_list(text: str, start: int, end: int) -> Optional[list[tuple[int, int, Optional[int]]]]:
    """The towns of the first list of two or more towns in ``text[start:end]``: (start, end, the
    toll told just before it, if any); None if the span has no such list."""
    found = [(a, b, {p.kind for p in ps}) for a, b, ps in find_places(text[start:end], start)]
    found = [(a, b, kinds) for a, b, kinds in found if kinds & LIST_KINDS]
    run: list[tuple[int, int, Optional[int]]] = []
    run_kinds: list[set] = []
    for a, b, kinds in found:
        if run:
            gap = _SEPARATOR.match(text[run[-1][1]:a])
            if gap:
                run.append((a, b, _number(gap.group("n"))))
                run_kinds.append(kinds)
                continue
            if len(run) >= 2:
                break
            run, run_kinds = [], []
        if _ROUTE_BEFORE.search(text[max(start, a - 30):a]) or text[max(start, a - 2):a].strip() == "(":
            continue
        toll = _TOLL_BEFORE.search(text[max(start, a - 60):a])
        run, run_kinds = [(a, b, _number(toll.group("n")) if toll else None)], [kinds]
    if len(run) < 2 or not set.intersection(*run_kinds) & LIST_KINDS:
        return None   # (a town and its district named together are an address, not a list)
    if _EXAMPLES_BEFORE.search(text[max(start, run[0][0] - 80):run[0][0]]):
        return None   # "several areas, particularly Sabarkantha and Banaskantha": examples of one report
    return run


# "in Halad and Danta towns of Banaskantha": a list the text itself calls towns or villages
_NAMED_LIST = re.compile(r"\b(?P<names>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?(?:(?:,\s+and|,|\s+and)\s+[A-Z][\w'-]+"
                         r"(?:\s[A-Z][\w'-]+)?)+)\s+(?:towns|villages|cities|localities|hamlets)\b")
_LIST_NAME = re.compile(r"[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?")


def named_list(text: str, start: int, end: int, geo) -> tuple[list, list, Optional[Location]]:
    """The towns of a list the sentence calls towns ("Halad and Danta towns of Banaskantha"),
    their places and the division the sentence names after the list: a town the gazetteer
    places in that division keeps its own place; one it lacks, or knows only in another
    province (a namesake), is placed at the division (precision 2). ([], [], None) where the
    sentence has no such list."""
    m = _NAMED_LIST.search(text, start, end)
    if m is None or _ROUTE_BEFORE.search(text[max(start, m.start() - 30):m.start()]):
        return [], [], None   # ("between Chintalanu and Mandapalli villages": one place between two)
    division = resolve_location(text, m.end(), end, geo)
    if division is None or division.admin1 is None or division.start is None:
        return [], [], None
    items = [(m.start("names") + n.start(), m.start("names") + n.end()) for n in _LIST_NAME.finditer(m.group("names"))]
    places = []
    for a, b in items:
        own = resolve_location(text, a, b, geo)
        if own is not None and own.location is not None and own.admin1 == division.admin1:
            places.append(own)
        else:
            places.append(replace(division, location=text[a:b], geo_precision=2, start=a, end=b))
    if len({p.location for p in places}) != len(places):
        return [], [], None
    return [(a, b, None) for a, b in items], places, division


def shared_tolls(told: list[Optional[int]], total: Optional[int]) -> list[Optional[int]]:
    """Each town's toll: the count told before it covers it and the towns after it up to the
    next count, shared out evenly (the remainder to the first); with no count told, the event's
    total is shared out the same way."""
    if total is None:
        return [None] * len(told)
    if not any(n is not None for n in told):
        told = [total] + [None] * (len(told) - 1)
    groups: list[list[int]] = []
    for i, n in enumerate(told):
        if n is not None or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
    out: list[Optional[int]] = [None] * len(told)
    for group in groups:
        count = told[group[0]] if told[group[0]] is not None else 0
        share, rest = divmod(count, len(group))
        for k, i in enumerate(group):
            out[i] = share + (rest if k == 0 else 0)
    return out


def _number(word: Optional[str]) -> Optional[int]:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())
