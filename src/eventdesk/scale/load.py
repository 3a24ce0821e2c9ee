"""Loading a scaled run's output into the event store, on the client.

Extraction is what scales out; fusion is incremental and writes one SQLite file, so it runs in
one process: ``Store.ingest`` over the stored documents, handing it the events the workers
already extracted instead of extracting again. The store skips documents it already holds
unchanged (same id, text and extractor version), so loading twice, or after a resumed run,
adds only what is new.
"""
from __future__ import annotations

from typing import Callable, Iterator, Optional, Union

from ..model import Document, Event
from .output import iter_results


def load_into_store(out_dir: str, store: Union[str, "Store", None] = None,
                    on_error: Optional[Callable[[str], None]] = None):
    """Add every document and its events from ``out_dir`` to ``store`` (a Store or a database
    path; None for ``$EVENTDESK_DB`` or eventdesk.db) and fuse them. Returns the IngestSummary."""
    from ..store import IngestSummary, Store

    own = not isinstance(store, Store)
    db = Store(store) if own else store
    try:
        total = IngestSummary()
        # The store takes one extractor version per call; a run's partitions normally share one.
        for version, batch in _by_version(iter_results(out_dir)):
            current: dict[int, list[Event]] = {}

            def documents(batch=batch, current=current) -> Iterator[Document]:
                for doc, events in batch:
                    current.clear()               # only the document being ingested is held
                    current[id(doc)] = events
                    yield doc

            summary = db.ingest(documents(), extract=lambda doc, current=current: current[id(doc)],
                                extractor_version=version, on_error=on_error)
            for name in ("added", "replaced", "unchanged", "duplicates", "mentions"):
                setattr(total, name, getattr(total, name) + getattr(summary, name))
            total.errors.extend(summary.errors)
        return total
    finally:
        if own:
            db.close()


def _by_version(results) -> Iterator[tuple[str, Iterator[tuple[Document, list[Event]]]]]:
    """Consecutive runs of results that share an extractor version."""
    from itertools import groupby

    for version, group in groupby(results, key=lambda r: r[2].get("extractor_version")):
        yield version, ((doc, events) for doc, events, _ in group)
