"""Field filler: an event whose victims the sentence before lists, in different provinces, is
one event per item ("It lost two officials - the mayor of Zaranj and Nimruz's deputy
governor. Both officials died in a roadside bombing").

Reads the incident's first sentence and the one before it, ``state.place_text``, ``state.geo``
and the text read. Writes nothing on the event it is given: returns it alone, or one copy per
item with the item's place and target and the count shared out.
"""
from __future__ import annotations

import copy

from ..geo import resolve_location
from ..model import Event, Evidence
from .incidents import Incident
from .placing import set_place
from .state import DocState, StageContext

NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4}


def split_enumerated(ev: Event, inc: Incident, state: DocState, ctx: StageContext) -> list[Event]:
    rx, sents, text = ctx.patterns, state.sentences, state.text
    first = inc.first.sentence
    count = rx.enumerated_anaphor.match(first.text)
    if inc.kind != "event" or not count or first.position == 0:
        return [ev]
    n = NUMBER_WORDS.get(count.group(1).lower(), 0)
    prev = sents[first.position - 1]
    intro = rx.enumeration_intro.search(prev.text)
    if n < 2 or prev.block != first.block or intro is None:
        return [ev]
    items, pos = [], prev.start + intro.end()
    for part in rx.enumeration_split.split(prev.text[intro.end():]):
        stripped = part.strip(" .;")
        if stripped:
            start = text.index(stripped, pos)
            items.append((start, start + len(stripped)))
        pos += len(part)
    places = [resolve_location(state.place_text, a, b, state.geo) for a, b in items]
    if len(items) != n or any(p is None or not p.admin1 for p in places) or \
            len({p.admin1 for p in places}) != n:
        return [ev]
    out = []
    for (a, b), place in zip(items, places):
        one = copy.deepcopy(ev)
        set_place(one, place, place.geo_precision)
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
