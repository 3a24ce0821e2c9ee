"""Stage "reading": what the document says before any event is looked for.

Reads ``state.doc``. Writes ``read`` (the document with a truecased text where it is caseless:
a cased view of the same length, so offsets hold and evidence can quote the original),
``reference`` (and the document's ``reference_date``), ``sentences``, ``place_text`` (actor
names and people's surnames blanked, so "Islamic State Khorasan Province" and "Obama said"
place nothing), ``geo`` and
``country_hint`` (the country the document is about), and ``dateline`` (the town the report is
filed from, which also counts towards the country it is about).
"""
from __future__ import annotations

import dataclasses
from typing import Optional

from ..geo import GeoContext, find_dateline, get_gazetteer, person_mentions
from ..nlp.segment import Sentence, sentences
from ..nlp.truecase import truecase
from ..time import reference_date
from .actors import find_actors
from .categories import NAMED_GROUPS
from .state import DocState, StageContext

DATELINE_WEIGHT = 2.0   # the dateline's town says which country the report is about, as its name would


def read_document(state: DocState, ctx: StageContext) -> DocState:
    doc = state.doc
    view = truecase(doc.text)
    state.read = doc if view is doc.text else dataclasses.replace(doc, text=view)
    text = state.text
    ref = reference_date(text, doc.published)
    state.reference = ref
    doc.reference_date, doc.reference_date_method = ref.date, ref.method
    state.sentences = sentences(text)
    if not state.sentences:
        return state
    state.place_text = mask_actors(text, state.sentences, original=doc.text)
    state.geo = GeoContext.from_text(state.place_text)
    state.dateline = find_dateline(state.place_text, state.geo)
    if state.dateline is not None:
        code = get_gazetteer().country_code(state.dateline.country)
        if code:
            state.geo.weights[code] += DATELINE_WEIGHT
    focus = state.geo.focus
    state.country_hint = get_gazetteer().country_name(focus) if focus else None
    return state


def mask_actors(text: str, sents: list[Sentence], original: Optional[str] = None) -> str:
    """The text with known actor names and the surnames of people it names blanked out, offsets
    unchanged. ``original``: the text as written where ``text`` is its truecased view (an
    all-caps wire's "PRESIDENT RICARDO ALVARENGA" still shows a title and a name)."""
    chars = list(text)
    for s in sents:
        for a in find_actors(s.text, s.start):
            if a.category in NAMED_GROUPS:
                chars[a.start:a.end] = " " * (a.end - a.start)
    for view in {text, original or text}:
        for start, end in person_mentions(view):
            chars[start:end] = " " * (end - start)
    return "".join(chars)
