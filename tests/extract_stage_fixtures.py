"""Small states for testing one extraction stage alone (like spaCy's ``spacy.blank`` plus one
``add_pipe``): a shared context with no trained model, and sentences built by hand."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from eventdesk.extract.candidates import find_candidates
from eventdesk.extract.engine import Extractor
from eventdesk.extract.incidents import group_incidents
from eventdesk.extract.reading import read_document
from eventdesk.extract.relevance import Decision, Relevance
from eventdesk.extract.state import DocState
from eventdesk.model import Document
from eventdesk.nlp.segment import Sentence
from eventdesk.time import ReferenceDate


class NoModel:
    """A classifier that must not be asked: stages other than relevance never consult it."""

    def predict(self, passages):
        raise AssertionError("the model was consulted")


@lru_cache(maxsize=1)
def context():
    return Extractor(relevance=Relevance(classifier=NoModel(), decision=Decision(0.9, 0.9))).context


def sentences_of(*texts: str, block: int = 0, kind: str = "paragraph") -> list[Sentence]:
    """Sentences of one paragraph, joined by single spaces, with their offsets."""
    out, start = [], 0
    for i, text in enumerate(texts):
        out.append(Sentence(start, start + len(text), text, block, kind, i))
        start += len(text) + 1
    return out


def state_of(*texts: str, published: date = date(2023, 3, 10), country_hint=None) -> DocState:
    """A state as the reading stage leaves it, for the given sentences (no actor masking)."""
    sents = sentences_of(*texts)
    text = " ".join(texts)
    state = DocState(Document(id="t", text=text, published=published))
    state.read = state.doc
    state.reference = ReferenceDate(published, "published", "day")
    state.sentences = sents
    state.place_text = text
    state.country_hint = country_hint
    return state


def one_incident(*texts, read=False):
    """The state and first incident of the given sentences, as the stages before records leave
    them (``read``: through the reading stage, with actor masking and the gazetteer's focus)."""
    ctx = context()
    state = (read_document(DocState(Document(id="t", text=" ".join(texts), published=date(2023, 3, 10))), ctx)
             if read else state_of(*texts))
    state = group_incidents(find_candidates(state, ctx), ctx)
    return state, state.incidents[0]
