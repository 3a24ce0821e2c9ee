"""The extraction flow, in one place: read -> clean -> sentences -> detect -> fill -> records.

``Pipeline`` holds the loaded resources (spaCy model, gazetteer, lexicons) so a batch pays for
them once; ``extract()`` is the one-call convenience over a shared default pipeline.
"""
from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator, Optional, TypeVar, Union

from .ingest import IngestError
from .model import Document, Event


@dataclass
class Result:
    """What one input produced: a document and its events, or an error naming the input."""

    document: Optional[Document] = None
    events: list[Event] = field(default_factory=list)
    error: Optional[IngestError] = None


# -- the per-document time limit -------------------------------------------------------------
#
# A document that runs past its time limit is stopped: a watchdog thread raises
# ``DocumentTimeout`` inside the thread that is extracting it (``PyThreadState_SetAsyncExc``).
# Unlike SIGALRM this works in any thread (Dask workers run tasks in threads), and it costs one
# shared daemon thread, not one per document. The exception arrives at the next Python bytecode:
# a single C call (one regular-expression match) finishes first; every stage loops in Python.

DEFAULT_DOC_TIMEOUT = 60.0   # seconds per document; $EVENTDESK_DOC_TIMEOUT, 0 or "none": no limit
T = TypeVar("T")


class DocumentTimeout(Exception):
    """Raised inside a document's extraction when it runs past its time limit."""

    def __init__(self, seconds: float = 0.0) -> None:
        super().__init__(f"extraction exceeded the time limit of {seconds:g} s per document "
                         "(EVENTDESK_DOC_TIMEOUT)")
        self.seconds = seconds


def doc_timeout_from_env() -> Optional[float]:
    """``$EVENTDESK_DOC_TIMEOUT`` in seconds (default 60); None when 0, "none" or "off"."""
    raw = os.environ.get("EVENTDESK_DOC_TIMEOUT", "").strip().lower()
    if not raw:
        return DEFAULT_DOC_TIMEOUT
    if raw in ("0", "none", "off", "inf"):
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"EVENTDESK_DOC_TIMEOUT must be a number of seconds, not {raw!r}") from None
    return value if value > 0 else None


class _Watch:
    __slots__ = ("thread_id", "seconds", "done", "fired")

    def __init__(self, thread_id: int, seconds: float) -> None:
        self.thread_id, self.seconds, self.done, self.fired = thread_id, seconds, False, False


class _Watchdog:
    """One daemon thread holding a heap of deadlines; fires an exception into a late thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._heap: list[tuple[float, int, _Watch]] = []
        self._count = itertools.count()
        self._thread: Optional[threading.Thread] = None

    def start(self, seconds: float) -> _Watch:
        watch = _Watch(threading.get_ident(), seconds)
        with self._lock:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._count), watch))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="eventdesk-doc-timeout", daemon=True)
                self._thread.start()
            self._wake.notify()
        return watch

    def finish(self, watch: _Watch) -> None:
        with self._lock:   # after this, the watchdog never fires at this watch
            watch.done = True

    def _loop(self) -> None:
        with self._lock:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wake.wait(30.0)
                    if not self._heap:
                        self._thread = None
                        return
                    continue
                deadline, _, watch = self._heap[0]
                delay = deadline - time.monotonic()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                heapq.heappop(self._heap)
                watch.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(watch.thread_id),
                                                           ctypes.py_object(DocumentTimeout))


_WATCHDOG = _Watchdog()


def call_with_time_limit(seconds: Optional[float], function: Callable[..., T], *args) -> T:
    """``function(*args)`` in this thread, stopped with ``DocumentTimeout(seconds)`` if late."""
    if not seconds:
        return function(*args)
    watch = _WATCHDOG.start(seconds)
    try:
        try:
            return function(*args)
        finally:
            _WATCHDOG.finish(watch)
    except DocumentTimeout:
        raise DocumentTimeout(seconds) from None
    except BaseException:
        if watch.fired:   # the timeout landed inside another handler: it is still the cause
            raise DocumentTimeout(seconds) from None
        raise


WARM_UP_TEXT = ("KABUL, Afghanistan - Gunmen stormed a police checkpoint in Kandahar province on Sunday, "
                "killing three officers, officials said. The Taliban claimed the attack.")


class Pipeline:
    """A reusable extractor. Cheap to call many times; loads its models lazily on first use."""

    def __init__(self, disable: Optional[Iterable[str]] = None, doc_timeout: Union[float, str, None] = "env") -> None:
        """``disable`` names extraction stages to switch off (``relevance``: keep every incident
        the rules find; ``retype``: keep the trigger words' types); default ``$EVENTDESK_DISABLE``.

        ``doc_timeout``: seconds one document may take before it is stopped with
        ``DocumentTimeout`` (default ``$EVENTDESK_DOC_TIMEOUT``, else 60; None: no limit)."""
        from .extract.engine import Extractor
        from .nlp.parser import require_model

        require_model()   # one clear error now, not one per document later
        if disable is None:
            disable = [s.strip() for s in os.environ.get("EVENTDESK_DISABLE", "").split(",") if s.strip()]
        self._extractor = Extractor(disable=frozenset(disable))
        self.doc_timeout = doc_timeout_from_env() if doc_timeout == "env" else doc_timeout
        self._warm = False

    def process(self, doc: Document) -> list[Event]:
        """Events reported by one document (also sets its reference date); ``DocumentTimeout``
        when it takes longer than ``doc_timeout`` seconds."""
        if self.doc_timeout and not self._warm:
            self.warm_up()
        return call_with_time_limit(self.doc_timeout, self._extractor.extract, doc)

    def warm_up(self) -> None:
        """Load what extraction loads lazily (the gazetteer, built on first use on a new machine;
        spaCy; the relevance model) outside any time limit: the first document's clock must not
        run over them, nor stop them half done."""
        from .geo.gazetteer import get_gazetteer

        get_gazetteer()
        self._extractor.extract(Document(id="warm-up", text=WARM_UP_TEXT, published=date(2023, 3, 6)))
        self._warm = True

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
                events = self.process(item)
            except DocumentTimeout as exc:
                yield Result(document=item, error=IngestError(item.path or item.id, item.line, str(exc),
                                                              doc_id=item.id))
                continue
            except Exception as exc:  # one bad article must not sink a batch
                yield Result(document=item, error=IngestError(
                    item.path or item.id, item.line, f"extraction failed: {type(exc).__name__}: {exc}",
                    doc_id=item.id))
                continue
            yield Result(document=item, events=events)


def make_document(text: str, published: Union[str, date, None] = None,
                  doc_id: Optional[str] = None) -> Document:
    from .ingest.decode import clean_text

    if isinstance(published, str):
        published = date.fromisoformat(published[:10])
    return Document(id=doc_id or "doc", text=clean_text(text), published=published)


_default: Optional[Pipeline] = None


def extract(text: str, published: Union[str, date, None] = None,
            doc_id: Optional[str] = None) -> list[Event]:
    """Extract the events of one article: ``eventdesk.extract(text, published="2023-02-14")``."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, published, doc_id)
