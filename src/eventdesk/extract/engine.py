"""The extractor: a named sequence of stages a document's state flows through.

Like spaCy's ``Language.__call__``: each stage takes the per-document ``DocState`` and the
shared ``StageContext`` and returns the state, having filled its own fields (its module's
docstring says which it reads and writes):

  1. reading     reference date, the truecased view of a caseless text, sentences, the text
                 with actor names blanked for placing, the country the document is about;
  2. candidates  a cheap trigger filter picks sentences, each read into mentions of events and
                 threats (aggregates, denials, hypotheticals left out); claims, attributions;
  3. incidents   mentions of one incident merge, each join with its reason;
  4. relevance   the trained model scores the story and each incident (``screening``);
  5. records     one event per incident kept, its fields filled (dating, placing,
                 actor_roles, enumerations; classify, targets, casualties).

A stage is switched off by name (``Extractor(disable={"relevance"})``); "retype" keeps the
trigger words' types though the model runs. A failing stage's error names it.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from ..model import Document, Event
from ..resources import load_data
from .candidates import Mention, find_candidates, local_places, read_sentence
from .incidents import Incident, group_incidents
from .lexicon import lexicon
from .patterns import extract_patterns
from .reading import mask_actors, read_document
from .records import build_records
from .relevance import Relevance
from .screening import screen
from .settings import ExtractSettings
from .state import DocState, StageContext
from .actor_roles import merge_affiliations, relocate_actor

__all__ = ["Extractor", "STAGES", "StageError", "Mention", "Incident", "merge_affiliations",
           "relocate_actor", "local_places", "mask_actors", "read_sentence"]

Stage = Callable[[DocState, StageContext], DocState]

STAGES: list[tuple[str, Stage]] = [
    ("reading", read_document),
    ("candidates", find_candidates),
    ("incidents", group_incidents),
    ("relevance", screen),
    ("records", build_records),
]
SWITCHES = {"retype"}   # names ``disable`` takes besides the stages'


class StageError(RuntimeError):
    """A stage failed on a document: the message names the stage; the cause is chained."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        super().__init__(f"stage {stage!r}: {type(exc).__name__}: {exc}")
        self.stage = stage


class Extractor:
    """Loaded resources and the stages to run; shared by many documents (and threads): all that
    one document's reading remembers lives in its ``DocState``."""

    def __init__(self, relevance: Optional[Relevance] = None, disable: frozenset = frozenset(),
                 settings: Optional[ExtractSettings] = None) -> None:
        self.disable = frozenset(disable)
        taxonomy = load_data("taxonomy.yaml")
        self.context = StageContext(
            lex=lexicon(),
            patterns=extract_patterns(),
            settings=settings or ExtractSettings.from_data(),
            relevance=relevance or Relevance(),
            state_measure_families=frozenset(taxonomy["state_measure_families"]),
            context_required={family: re.compile(rf"\b(?:{rx})\b")
                              for family, rx in taxonomy["context_required"].items()},
            disable=self.disable)
        self.stages = [(name, stage) for name, stage in STAGES if name not in self.disable]

    @property
    def relevance(self) -> Relevance:
        return self.context.relevance

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def extract(self, doc: Document) -> list[Event]:
        """The events ``doc`` reports (also sets its reference date)."""
        state = DocState(doc)
        for name, stage in self.stages:
            try:
                state = stage(state, self.context)
            except Exception as exc:
                raise StageError(name, exc) from exc
        return state.events
