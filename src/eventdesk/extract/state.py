"""What the extraction stages receive: the per-document ``DocState`` that flows through them,
and the ``StageContext`` of resources they share.

A stage reads some fields of the state and fills its own (each stage's docstring says which);
everything one document's reading remembers (the last tally, the date of the event told
before) lives here, so one ``Extractor`` serves many documents and threads at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Optional

from ..model import Document, Event

if TYPE_CHECKING:   # (only for annotations: the stage modules import this one)
    from ..geo import GeoContext
    from ..nlp.segment import Sentence
    from ..textcat import Scores
    from ..time import ReferenceDate
    from .candidates import Mention
    from .incidents import Incident
    from .lexicon import Lexicon
    from .patterns import Patterns
    from .relevance import Relevance
    from .settings import ExtractSettings


@dataclass
class DocState:
    doc: Document                       # as given: its text is what evidence quotes
    # reading
    read: Optional[Document] = None     # the document read: ``doc`` with a truecased text where caseless
    reference: Optional["ReferenceDate"] = None
    sentences: list["Sentence"] = field(default_factory=list)
    place_text: str = ""                # the text with actor names blanked (offsets unchanged)
    geo: Optional["GeoContext"] = None
    country_hint: Optional[str] = None  # the country the document is about
    dateline: Optional[object] = None   # the town the report is filed from (a geo Location)
    # candidates
    mentions: list["Mention"] = field(default_factory=list)
    claims: list[tuple] = field(default_factory=list)         # (sentence, claim of responsibility)
    attributions: list[tuple] = field(default_factory=list)   # (sentence, actor sources blame)
    # incidents
    incidents: list["Incident"] = field(default_factory=list)
    # relevance (None: the stage was switched off, every incident is kept and none is scored)
    story: Optional["Scores"] = None                # the headline and lead as the model reads them
    scores: Optional[list["Scores"]] = None         # one per incident
    relevant: Optional[list[bool]] = None           # one per incident: kept as political violence
    # records
    events: list[Event] = field(default_factory=list)
    # per-document memory
    tally_at: tuple = (None, None)      # (block, position) of the last sentence that was a tally
    previous_date: Optional[date] = None   # the date of the event told before, for "the same day"
    previous_precision: Optional[str] = None

    @property
    def text(self) -> str:
        """The text the stages read: the truecased view where the document is caseless."""
        return (self.read or self.doc).text


@dataclass(frozen=True)
class StageContext:
    """Loaded once per ``Extractor`` and shared by every document: never written by a stage."""

    lex: "Lexicon"
    patterns: "Patterns"
    settings: "ExtractSettings"
    relevance: "Relevance"
    state_measure_families: frozenset
    context_required: dict[str, re.Pattern]   # family -> words its figurative uses lack
    disable: frozenset = frozenset()          # stage names, and "retype" (keep the trigger words' types)
