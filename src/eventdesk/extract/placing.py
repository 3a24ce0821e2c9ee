"""Field filler: where the event happened.

Reads the incident's sentences, ``state.place_text``, ``state.geo``, ``state.sentences`` and
``state.country_hint``, and the target type already filled. Writes ``country``, ``admin1``,
``location``, coordinates, ``geo_precision`` and their provenance: the most precise place the
incident's sentences name (the dateline's town where the lead names only a province), else the
one its paragraph named just before, the dateline's town, the document's country, the capital
where the target sits, or the only town the article names.
"""
from __future__ import annotations

from typing import Optional

from ..geo import capital_for_target, resolve_location
from ..model import Event
from ..nlp.segment import Sentence
from .incidents import Incident
from .state import DocState, StageContext


def fill_place(ev: Event, inc: Incident, state: DocState, ctx: StageContext, cite) -> None:
    place_text, geo, country_hint = state.place_text, state.geo, state.country_hint
    placed, placed_by_heading = None, False
    for m in inc.mentions:
        loc = resolve_location(place_text, m.sentence.start, m.sentence.end, geo)
        if loc is not None and loc.country:
            # A later mention may narrow the place down, not move it to another province; but a
            # headline's bare country ("Norway shuts Tripoli embassy") is often who acted, and
            # the body's town says where.
            if placed is None or ((loc.geo_precision or 3) < (placed.geo_precision or 4)
                                  and (loc.within(placed) or (placed_by_heading and placed.admin1 is None))):
                placed = loc
                placed_by_heading = m.sentence.kind == "heading"
                set_place(ev, loc, loc.geo_precision)
                cite(m, "location")
            if ev.geo_precision == 1:
                break
    dateline = state.dateline
    lead = inc.first.sentence.position <= LEAD_SENTENCE
    if dateline is not None and lead and (ev.geo_precision or 3) >= 3 and ev.country in (None, dateline.country):
        # the lead names only the province or country ("the killings in Gujarat had their
        # repercussions ..."): the dateline's town is where the news of the day happened
        set_place(ev, dateline, dateline.geo_precision)
        ev.provenance["location"] = "the dateline's town"
    if ev.admin1 is None:
        # No place below the country in the incident's sentences: the one the paragraph (or
        # the list's introduction) just named is where the story is.
        loc = place_before(inc.first.sentence, state.sentences, place_text, geo)
        if loc is not None:
            set_place(ev, loc, max(loc.geo_precision or 2, 2))
            ev.provenance["location"] = "named earlier in the paragraph"
    if ev.admin1 is None and dateline is not None and ev.country in (None, dateline.country):
        set_place(ev, dateline, max(dateline.geo_precision or 2, 2))
        ev.provenance["location"] = "the dateline's town"
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
        loc, why = geo.only_town(ev.country), "the only town the article names"
        if loc is None:
            loc, why = geo.main_town(ev.country), "the town the article is told from"
        if loc is not None:
            ev.admin1, ev.location, ev.geo_precision = loc.admin1, loc.location, loc.geo_precision
            ev.latitude, ev.longitude = loc.latitude, loc.longitude
            ev.provenance["location"] = why


LEAD_SENTENCE = 1   # the dateline's sentence and the one after it tell the news of the day


def set_place(ev: Event, loc, precision: Optional[int]) -> None:
    """Copy a resolved place (a geo ``Location``) onto the event, at the given precision."""
    ev.country, ev.admin1, ev.location = loc.country, loc.admin1, loc.location
    ev.latitude, ev.longitude, ev.geo_precision = loc.latitude, loc.longitude, precision


def place_before(sent: Sentence, sents: list[Sentence], place_text: str, geo) -> Optional[object]:
    """The place the sentence or two before ``sent``, in its paragraph, named."""
    for prev in reversed(sents[max(0, sent.position - 2):sent.position]):
        if prev.block != sent.block:
            break
        loc = resolve_location(place_text, prev.start, prev.end, geo)
        if loc is not None and loc.admin1 and loc.start is not None:
            return loc
    return None
