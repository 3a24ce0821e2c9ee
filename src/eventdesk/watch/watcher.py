"""The watch loop: poll each feed, store each new article through the store's ingest path (so
fusion runs incrementally), raise alerts from the events it changes, deliver them.

For one HTTP feed, one poll is:

1. GET the feed conditionally (its stored ETag / Last-Modified); a 304 means nothing new;
2. parse it and record entries never seen before as pending items, and the poll's outcome;
3. for each pending item, oldest first: fetch the page, read its main text, skip it if the same
   text is already stored, else extract and ``Store.add`` it, with its item row marked stored
   and its alerts raised in the same transaction;
4. after every feed, deliver the alerts that are due (``delivery.deliver``).

A folder feed reads the files that have arrived (as ``eventdesk ingest`` reads them), each
document once. Everything a poll learns is in the store, so a killed watcher restarts where it
stopped: an article is stored with its seen row or not at all.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from ..ingest import read_inputs
from ..ingest.errors import Unreadable
from ..ingest.readers import directory_files
from ..ingest.settings import DEFAULT_SETTINGS as INGEST_SETTINGS
from ..model import Document, Event
from ..store import Store, content_hash
from ..store.store import default_extractor_version
from . import state
from .alerts import raise_alerts
from .article import page_document, summary_document
from .delivery import DeliveryReport, deliver
from .feeds import FeedSpec
from .fetch import Fetcher, FetchError
from .parse import FeedEntry, FeedError, parse_feed
from .settings import DEFAULT_SETTINGS, WatchSettings


@dataclass
class FeedReport:
    feed: str
    status: str = "ok"              # ok | not modified | error
    error: Optional[str] = None
    new_items: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    alerts: int = 0
    item_errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.feed}: " + (f"error: {self.error}" if self.error else self.status)
        return (f"{head}; {self.new_items} new, {self.stored} stored, {self.duplicates} duplicate texts skipped, "
                f"{self.failed} failed, {self.alerts} alert(s)")


@dataclass
class PollReport:
    feeds: list[FeedReport] = field(default_factory=list)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.feeds)

    @property
    def alerts(self) -> int:
        return sum(f.alerts for f in self.feeds)


class Watcher:
    """``Watcher(store, feeds).poll()`` once, or ``.run()`` until stopped."""

    def __init__(self, store: Store, feeds: Iterable[FeedSpec], settings: WatchSettings = DEFAULT_SETTINGS,
                 extract: Optional[Callable[[Document], list[Event]]] = None,
                 extractor_version: Optional[str] = None,
                 on_message: Optional[Callable[[str], None]] = None) -> None:
        self.store = store
        self.feeds = list(feeds)
        self.settings = settings
        self._extract = extract
        self.version = extractor_version or default_extractor_version()
        self.fetcher = Fetcher(settings)
        self.say = on_message or (lambda message: None)
        self._next_due: dict[str, float] = {}

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def extract(self) -> Callable[[Document], list[Event]]:
        if self._extract is None:
            from ..pipeline import Pipeline
            self._extract = Pipeline().process
        return self._extract

    # ------------------------------------------------------------------ loop
    def poll(self, only_due: bool = False) -> PollReport:
        """Poll every feed (or only those due) once, then deliver due alerts."""
        report = PollReport()
        now = time.monotonic()
        for spec in self.feeds:
            if only_due and self._next_due.get(spec.url, 0) > now:
                continue
            interval = spec.overrides.get("interval", self.settings.interval)
            self._next_due[spec.url] = now + interval
            feed_report = self.poll_feed(spec)
            self.say(str(feed_report))
            for message in feed_report.item_errors:
                self.say(f"  {message}")
            report.feeds.append(feed_report)
        report.delivery = deliver(self.store, self.settings)
        for message in report.delivery.errors:
            self.say(message)
        return report

    def run(self, stop: Callable[[], bool] = lambda: False, tick: float = 5.0) -> None:
        """Poll each feed at its interval, delivering due alerts (webhook retries) in between."""
        while not stop():
            self.poll(only_due=True)
            wait = min([d - time.monotonic() for d in self._next_due.values()] + [tick])
            end = time.monotonic() + max(wait, 0.05)
            while time.monotonic() < end and not stop():
                time.sleep(min(0.2, max(end - time.monotonic(), 0)))

    # ------------------------------------------------------------------ one feed
    def poll_feed(self, spec: FeedSpec) -> FeedReport:
        report = FeedReport(spec.label)
        try:
            if spec.kind == "folder":
                self._poll_folder(spec, report)
            else:
                self._poll_http(spec, report)
        except Exception as exc:  # one feed's trouble must never stop the others
            report.status, report.error = "error", f"{type(exc).__name__}: {exc}"
            state.record_poll(self.store, spec.url, spec.name, error=report.error)
        return report

    def _poll_http(self, spec: FeedSpec, report: FeedReport) -> None:
        old = state.feed_state(self.store, spec.url)
        delay, timeout = spec.overrides.get("per_host_delay"), spec.overrides.get("timeout")
        try:
            res = self.fetcher.get(spec.url, old.etag if old else None, old.last_modified if old else None,
                                   per_host_delay=delay, timeout=timeout)
            if res.not_modified:
                report.status = "not modified"
            else:
                report.new_items = state.add_items(self.store, spec.url, parse_feed(res.body, res.url))
            state.record_poll(self.store, spec.url, spec.name, status=report.status,
                              etag=res.etag, last_modified=res.last_modified)
        except (FetchError, FeedError) as exc:
            report.status, report.error = "error", str(exc)
            state.record_poll(self.store, spec.url, spec.name, error=report.error)
        limit = int(spec.overrides.get("max_items_per_poll", self.settings.max_items_per_poll))
        for entry in state.pending_items(self.store, spec.url, limit):
            self._article(spec, entry, report, delay, timeout)

    def _article(self, spec: FeedSpec, entry: FeedEntry, report: FeedReport, delay, timeout) -> None:
        try:
            page = self.fetcher.get(entry.url, per_host_delay=delay, timeout=timeout)
            doc = page_document(entry, page, spec.name)
        except (FetchError, Unreadable) as exc:
            # FetchError messages start with the URL; the HTML reader's do not.
            message = str(exc) if isinstance(exc, FetchError) else f"{entry.url}: {exc.message}"
            permanent = isinstance(exc, Unreadable) or exc.permanent
            outcome = state.item_failed(self.store, entry.url, message, self.settings.max_attempts, permanent)
            if outcome == "pending":
                report.item_errors.append(f"{message} (will retry)")
                return
            doc = summary_document(entry, spec.name, self.settings.min_summary_words)
            if doc is None:
                report.failed += 1
                report.item_errors.append(message)
                return
            report.item_errors.append(f"{message}; stored the feed's summary instead")
        self._store(doc, entry.url, report)

    def _poll_folder(self, spec: FeedSpec, report: FeedReport) -> None:
        if not os.path.isdir(spec.url):
            raise FeedError(f"folder {spec.url} is gone")
        for path in directory_files(spec.url, INGEST_SETTINGS):
            key_base = "file://" + os.path.abspath(path)
            if state.seen_item(self.store, key_base) not in (None, "pending"):
                continue   # a whole file (text, HTML) already read; JSONL lines are keyed below
            for item in read_inputs([path]):
                line = getattr(item, "line", None)
                key = key_base + (f"#L{line}" if line else "")
                if state.seen_item(self.store, key) not in (None, "pending"):
                    continue
                title = getattr(item, "title", None)
                report.new_items += state.add_items(self.store, spec.url, [FeedEntry(key, title)])
                if not isinstance(item, Document):
                    state.item_failed(self.store, key, str(item), 1, permanent=True)
                    report.failed += 1
                    report.item_errors.append(str(item))
                    continue
                self._store(item, key, report)
        state.record_poll(self.store, spec.url, spec.name)

    # ------------------------------------------------------------------ one article
    def _store(self, doc: Document, item_url: str, report: FeedReport) -> None:
        store = self.store
        plan = store.plan(doc, self.version)
        digest = content_hash(doc.text)
        if plan in ("unchanged", "duplicate"):
            store._begin()
            try:
                state.mark_item(store, item_url, "duplicate", doc.id, digest)
                store._commit()
            except BaseException:
                store._rollback()
                raise
            report.duplicates += 1
            return
        try:
            events = self.extract(doc)
        except Exception as exc:  # one article's failure costs that article
            message = f"{doc.path or doc.id}: extraction failed: {type(exc).__name__}: {exc}"
            state.item_failed(store, item_url, message, 1, permanent=True)
            report.failed += 1
            report.item_errors.append(message)
            return
        raised: list = []

        def within_transaction(mention_ids: list[str]) -> None:
            state.mark_item(store, item_url, "stored", doc.id, digest)
            touched = [r[0] for r in store._all("SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?", (doc.id,))
                       if r[0]]
            raised.extend(raise_alerts(store, touched))

        store.add(doc, events, self.version, replace=plan == "replace", also=within_transaction)
        report.stored += 1
        report.alerts += len(raised)
