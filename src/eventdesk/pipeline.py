"""The extraction flow, in one place: read -> clean -> sentences -> detect -> fill -> records.

``Pipeline`` holds the loaded resources (spaCy model, gazetteer, lexicons) so a batch pays for
them once; ``extract()`` is the one-call convenience over a shared default pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator, Optional, Union

from .ingest import IngestError
from .model import Document, Event


@dataclass
class Result:
    """What one input produced: a document and its events, or an error naming the input."""

    document: Optional[Document] = None
    events: list[Event] = field(default_factory=list)
    error: Optional[IngestError] = None


class Pipeline:
    """A reusable extractor. Cheap to call many times; loads its models lazily on first use."""

    def __init__(self, disable: Optional[Iterable[str]] = None) -> None:
        """``disable`` names extraction stages to switch off (``relevance``: keep every incident
        the rules find; ``retype``: keep the trigger words' types); default ``$EVENTDESK_DISABLE``."""
        import os

        from .extract.engine import Extractor

        if disable is None:
            disable = [s.strip() for s in os.environ.get("EVENTDESK_DISABLE", "").split(",") if s.strip()]
        self._extractor = Extractor(disable=frozenset(disable))

    def process(self, doc: Document) -> list[Event]:
        """Events reported by one document (also sets its reference date)."""
        return self._extractor.extract(doc)

    def extract(self, text: str, published: Union[str, date, None] = None,
                doc_id: Optional[str] = None) -> list[Event]:
        return self.process(make_document(text, published, doc_id))

    def run(self, items: Iterable[Union[Document, IngestError]]) -> Iterator[Result]:
        """Process a stream of documents; a failing document becomes an error Result, never an
        exception that would sink the batch."""
        for item in items:
            if isinstance(item, IngestError):
                yield Result(error=item)
                continue
            try:
                yield Result(document=item, events=self.process(item))
            except Exception as exc:  # one bad article must not sink a batch
                where = item.path or item.id
                yield Result(document=item, error=IngestError(
                    where, item.line, f"extraction failed: {type(exc).__name__}: {exc}"))


def make_document(text: str, published: Union[str, date, None] = None,
                  doc_id: Optional[str] = None) -> Document:
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])
    return Document(id=doc_id or "doc", text=text, published=published)


_default: Optional[Pipeline] = None


def extract(text: str, published: Union[str, date, None] = None,
            doc_id: Optional[str] = None) -> list[Event]:
    """Extract the events of one article: ``eventdesk.extract(text, published="2023-02-14")``."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, published, doc_id)
