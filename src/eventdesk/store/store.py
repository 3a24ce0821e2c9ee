"""The event store: documents, their mentions (one article's report of an event) with evidence,
and the fused events across articles, in SQLite by default.

Each document is written in one transaction (its row, mentions, evidence, full-text entries and
the fused events it touches), so a crash loses at most the document in flight and rerunning the
same ingest finishes the job with the same result as an uninterrupted run.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import os
import unicodedata
from collections import OrderedDict
import time
from dataclasses import dataclass, field
from dataclasses import replace as with_fields
from datetime import date, timedelta
from typing import Any, Callable, Iterable, Optional, Union

from ..fuse import DEFAULT_SETTINGS, FusionSettings, MentionView, cluster, link, new_event_id, veto, window
from ..fuse.merge import FusedSummary, MemberLists
from ..fuse.similarity import VETO_CHECKS, point, too_far_from
from ..fuse import mention_id as make_mention_id
from ..fuse.story import StoryIndex, story_terms
from ..arguments import ArgumentError, choice, date_range, existing_store, fraction, iso_date
from ..ingest.decode import clean_text
from ..ingest.errors import IngestError
from ..model import EVENT_KINDS, Document, Event
from .dialect import SQLiteDialect, dialect_for, is_postgres_url
from .migrations import (EVENT_LISTS_VERSION, EVENT_STAMPS_VERSION, MIGRATIONS, POINT_INDEXES, POINTS_VERSION,
                         SEARCH_TERMS_VERSION)

DEFAULT_DB = "eventdesk.db"
EVENT_COLUMNS = ("event_date", "date_precision", "date_lo", "date_hi", "event_type", "sub_event_type", "actor1",
                 "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "fatalities", "fatalities_low", "fatalities_high", "sources", "confidence")


def like_pattern(value: str) -> str:
    """``%value%`` for LIKE ... ESCAPE '\\', with the value's own ``%``, ``_`` and ``\\`` literal."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _acled_types() -> frozenset[str]:
    from ..resources import load_data

    table = load_data("taxonomy.yaml")["event_types"]
    return frozenset(t.lower() for t in table) | frozenset(s.lower() for subs in table.values() for s in subs)


def actor_names(text: str) -> list[str]:
    """What an actor filter looks for: the text itself and the canonical names extraction gives
    it ("ISKP" -> "Islamic State Khorasan Province"; short forms are matched as written, then in
    capitals)."""
    from ..extract.actors import find_actors

    text = text.strip()
    found = find_actors(text) or find_actors(text.upper())
    names = [text] + [a.name for a in found if a.end - a.start >= 0.6 * len(text)]
    return list(dict.fromkeys(n for n in names if n))


def now_stamp() -> int:
    """The time an event is written, as ACLED's ``timestamp`` column spells it (Unix seconds)."""
    return int(time.time())


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def default_db_path() -> str:
    return os.environ.get("EVENTDESK_DB") or DEFAULT_DB


def content_hash(text: str) -> str:
    """Same article text -> same hash, whatever the id, line endings or Unicode normal form."""
    norm = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def default_extractor_version() -> str:
    from .. import __version__
    return f"eventdesk-{__version__}"


def _event_record(row) -> dict:
    """A fused event as queries return it: its stored record and ``updated``, when it last
    changed (Unix seconds)."""
    record = json.loads(row[0])
    record["updated"] = row[1]
    return record


def _iso(d) -> Optional[str]:
    return d.isoformat() if isinstance(d, date) else d


def bounding_reference(reference: Optional[str], method: Optional[str], published: Optional[str]) -> Optional[date]:
    """The day that bounds a document's undated mentions: its publication date, else its
    reference date (inferred from the text when nothing else tells)."""
    if published:
        return date.fromisoformat(str(published)[:10])
    return date.fromisoformat(str(reference)[:10]) if reference else None


def clean_value(value: Any) -> Any:
    """Strings (nested too) without the control characters a backend refuses (PostgreSQL: NUL)
    or that no text should hold, each replaced by one character so offsets hold."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value


def clean_document(doc: Document) -> Document:
    """The document as it is stored: the same text on SQLite and PostgreSQL."""
    fields = {name: clean_text(getattr(doc, name)) for name in ("id", "text", "title", "url", "source", "path")
              if isinstance(getattr(doc, name), str)}
    return with_fields(doc, **fields)


@dataclass
class IngestSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    mentions: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.added} added, {self.replaced} re-extracted, {self.unchanged} unchanged, "
                f"{self.duplicates} duplicate texts skipped, {self.mentions} mentions stored, "
                f"{len(self.errors)} failed")


class BoundedCache(OrderedDict):
    """A dict of at most ``limit`` entries: the oldest added goes first (memory stays bounded
    however large the store grows; what a new document meets is mostly recent). An OrderedDict:
    dropping the oldest is O(1) (``next(iter(d))`` on a plain dict skips every slot deleted at its
    front, a scan as long as the cache once it is full)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = max(1, limit)

    def __setitem__(self, key, value) -> None:
        if key not in self and len(self) >= self.limit:
            self.popitem(last=False)
        super().__setitem__(key, value)


class _EventState:
    """A stored event as joining one more mention needs it, kept up to date as it grows, so a
    join costs the same at the 2,000th report as at the second: the fused values' running
    summary, the merges, the outlets, one member per distinct veto profile, the members of each
    document, and whether any member is dated by its own text."""

    def __init__(self, merges: list[dict]) -> None:
        self.fused = FusedSummary()
        self.merges: list[dict] = list(merges)
        self.outlets: set[str] = set()
        self.profiles: dict[tuple, str] = {}
        self.by_doc: dict[str, list[str]] = {}
        self.anchored = False

    def add(self, view: MentionView, rec: dict, source: Optional[str]) -> dict:
        """Add a member; returns its part of the record's lists (stored as its ``event_members``
        row: ``MemberLists``)."""
        part = self.fused.add_part(view.id, rec)
        if source:
            self.outlets.add(source)
            part["outlet"] = source
        profile = veto_profile(view)
        if profile not in self.profiles or view.id < self.profiles[profile]:
            self.profiles[profile] = view.id
        self.by_doc.setdefault(view.doc_id, []).append(view.id)
        self.anchored = self.anchored or not view.vague
        return part

    def __len__(self) -> int:
        return len(self.fused.mention_ids)

    def add_merge(self, merge: dict) -> None:
        self.merges.append(merge)

    def head(self, eid: str, settings: FusionSettings) -> dict:
        """The event's record as the events table holds it: every list that grows with the event
        (its documents and mentions, the values of each disagreement, outlets, merges, each
        source's toll) left out, None in its place (a disagreement: its field's name). Readers
        put them back from the event's ``event_members`` and ``event_merges`` rows
        (``MemberLists``): a join writes a record of the same size at the 2,000th report as at
        the second, and one row of each."""
        fused = self.fused.record(settings, lists=False)
        head = {"id": eid, **fused, "outlets": None, "merges": None}
        if fused.get("fatalities") is not None:   # a toll: each source's figure is listed
            head["fatalities_by_source"] = None
        return head

    def record(self, eid: str, settings: FusionSettings) -> dict:
        """The event's whole record (as readers return it, but for ``updated``)."""
        full = self.fused.record(settings, by_source=False)
        record = {"id": eid, **full, "outlets": sorted(self.outlets), "merges": list(self.merges)}
        if full.get("fatalities") is not None:
            record["fatalities_by_source"] = [dict(entry) for _, _, entry in self.fused.by_source]
        return record

    def veto_witnesses(self, doc_id: str) -> list[str]:
        """The members whose vetoes stand for all: one per profile, and every member of the
        new mention's own document (the document checks read the document)."""
        return sorted(set(self.profiles.values()) | set(self.by_doc.get(doc_id, ())))


def veto_profile(v: MentionView) -> tuple:
    """Everything ``veto`` reads of a member but its document: members alike in these are vetoed
    alike by a mention of another document."""
    return (v.kind, v.date_lo, v.date_hi, v.precision, v.date_is_fallback, v.implied_lo, v.implied_hi,
            v.country, v.admin1, v.location, v.lat, v.lon, v.geo_precision, v.event_type, v.sub_event_type,
            v.target, v.target_raw, v.target_type)


class _StoredStories(StoryIndex):
    """Story signatures and document frequencies read from the store (cached per connection);
    ``add``/``remove`` write in the caller's transaction."""

    def __init__(self, store: "Store") -> None:
        super().__init__()
        self.store = store
        self._df_cache: dict[str, int] = {}
        self._terms_cache: dict[str, Optional[dict[str, int]]] = BoundedCache(store.settings.cached_stories)
        self._count: Optional[int] = None

    def reset(self) -> None:
        self._df_cache.clear()
        self._terms_cache.clear()
        self._count = None
        self.invalidate()

    def doc_terms(self, doc_id: str) -> Optional[dict[str, int]]:
        if doc_id not in self._terms_cache:
            row = self.store._one("SELECT story FROM documents WHERE id = ?", (doc_id,))
            self._terms_cache[doc_id] = json.loads(row[0]) if row and row[0] else None
        return self._terms_cache[doc_id]

    def vector(self, doc_id: str):
        if not self.use_idf:   # its terms are read only when its vector is not cached
            return super().vector(doc_id)
        terms = self.doc_terms(doc_id)
        missing = [t for t in terms or () if t not in self._df_cache]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            found = dict(self.store._all(f"SELECT term, df FROM story_terms WHERE term IN ({marks})", chunk))
            for t in chunk:
                self._df_cache[t] = int(found.get(t, 0))
        if len(self._df_cache) > 1_000_000:
            self._df_cache.clear()
        return super().vector(doc_id)

    def df(self, term: str) -> int:
        return self._df_cache.get(term, 0)

    # The row of the empty term (never a token) counts the documents: one indexed read, not a scan.
    COUNT_TERM = ""

    def documents(self) -> int:
        if self._count is None:
            row = self.store._one("SELECT df FROM story_terms WHERE term = ?", (self.COUNT_TERM,))
            self._count = int(row[0]) if row else 0
        return self._count

    def add(self, doc_id: str, terms: dict[str, int]) -> None:
        """Count a document's terms (its ``story`` column is written by the caller)."""
        for term in [self.COUNT_TERM, *terms]:
            self.store._exec("INSERT INTO story_terms (term, df) VALUES (?, 1) "
                             "ON CONFLICT (term) DO UPDATE SET df = story_terms.df + 1", (term,))
            if term in self._df_cache:
                self._df_cache[term] += 1
        self._terms_cache[doc_id] = terms
        self._count = None
        self.invalidate(doc_id)

    def remove(self, doc_id: str) -> None:
        old = self.doc_terms(doc_id)
        for term in [self.COUNT_TERM, *old] if old else ():
            self.store._exec("UPDATE story_terms SET df = df - 1 WHERE term = ?", (term,))
            if term in self._df_cache:
                self._df_cache[term] -= 1
        self._terms_cache.pop(doc_id, None)
        self._count = None
        self.invalidate(doc_id)


class Store:
    """``Store(path)`` opens (and migrates) a store; use as a context manager or call close()."""

    def __init__(self, path: Optional[str] = None, settings: FusionSettings = DEFAULT_SETTINGS,
                 dialect=None, create: bool = True) -> None:
        self.path = path or default_db_path()
        if not create:   # reading a store that is not there is a mistake, not an empty store
            existing_store(self.path)
        self.settings = settings
        self.dialect = dialect or dialect_for(self.path)
        self.conn = self.dialect.connect(self.path)
        self._views: dict[str, MentionView] = BoundedCache(settings.cached_mentions)
        self._prior: Optional[dict[str, Optional[str]]] = None
        self._records: dict[str, dict] = BoundedCache(settings.cached_records)
        self._states: dict[str, _EventState] = BoundedCache(settings.cached_events)
        self._claimed: set[str] = set()
        self._stamps: dict[str, tuple[str, int]] = {}   # during a rebuild: what events were before
        # While a document is replaced: the ingest order (seq) of the events its old mentions were
        # in, so an event written again under its id keeps its place, as in a fresh ingest.
        self._replaced_seqs: dict[str, int] = {}
        self._data_version = None
        self.stories = _StoredStories(self)
        self.stories.use_idf = settings.story_idf
        self.stories.cache_limit = settings.cached_stories
        self._migrate()

    # ------------------------------------------------------------------ SQL through the dialect
    def _exec(self, sql: str, args=()):
        return self.dialect.execute(self.conn, sql, args)

    def _one(self, sql: str, args=()):
        return self._exec(sql, args).fetchone()

    def _all(self, sql: str, args=()) -> list:
        return self._exec(sql, args).fetchall()

    def _begin(self) -> None:
        self.dialect.begin(self.conn)
        # Another process wrote since this connection last looked (concurrent ingests into one
        # store): what is cached per connection may describe rows it has since replaced.
        version = self.dialect.data_version(self.conn)
        if version != self._data_version:
            if self._data_version is not None:
                self._views.clear()
                self._records.clear()
                self._states.clear()
                self.stories.reset()
            self._data_version = version

    def _commit(self) -> None:
        self.dialect.commit(self.conn)

    def _rollback(self) -> None:
        self.dialect.rollback(self.conn)
        self._views.clear()
        self._records.clear()
        self._states.clear()
        self.stories.reset()

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        try:
            self._exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT)")
        except Exception:
            # Two processes opening a new PostgreSQL store at once: IF NOT EXISTS is not atomic
            # there, and the loser sees the winner's table on a second try.
            time.sleep(0.1)
            self._exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT)")
        done = {r[0] for r in self._all("SELECT version FROM schema_version")}
        refuse = 4 not in done and 1 in done   # fusion moved to links (4): re-fuse an older store
        for mig in MIGRATIONS:
            if mig.version in done:
                continue
            self._begin()
            try:
                # Another process may have migrated while we waited for the write lock.
                if self._one("SELECT 1 FROM schema_version WHERE version = ?", (mig.version,)):
                    self._commit()
                    continue
                for sql in mig.statements + self.dialect.FTS_MIGRATIONS.get(mig.version, ()):
                    self._exec(sql)
                step = self.PYTHON_STEPS.get(mig.version)
                if step:
                    getattr(self, step)()
                self._exec("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                           (mig.version, mig.description))
                self._commit()
            except Exception:
                self._rollback()
                raise
        if refuse and self._one("SELECT 1 FROM mentions LIMIT 1"):
            self.rebuild()

    # What a migration does beyond its SQL, by version: a method of this class.
    PYTHON_STEPS = {SEARCH_TERMS_VERSION: "_reindex_search", EVENT_STAMPS_VERSION: "_stamp_events",
                    POINTS_VERSION: "_fill_points", EVENT_LISTS_VERSION: "_split_event_records"}
    # Rows read and written per statement when a migration walks a table (memory stays bounded).
    MIGRATION_CHUNK = 2_000

    def _reindex_search(self) -> None:
        """Full-text entries of every stored document and evidence sentence, made anew: the old
        entries dropped at once, then the tables read a page at a time in key order and indexed
        with one statement per page. It all stays in the migration's transaction, so a store is
        never left half indexed."""
        if not self._one("SELECT 1 FROM documents LIMIT 1"):
            return
        self.dialect.clear_search_index(self.conn)
        for page in self._pages("SELECT seq, id, title, text FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                                (-2 ** 62,), lambda r: (r[0],)):
            self.dialect.index_documents(self.conn, [(r[1], r[2] or "", r[3]) for r in page])
        for page in self._pages("SELECT mention_id, ordinal, text FROM evidence WHERE (mention_id, ordinal) > (?, ?) "
                                "ORDER BY mention_id, ordinal LIMIT ?", ("", -2 ** 62), lambda r: (r[0], r[1])):
            self.dialect.index_evidence_rows(self.conn, [(r[0], r[2]) for r in page])

    def _pages(self, sql: str, start: tuple, key: Callable[[Any], tuple]) -> Iterable[list]:
        """Pages of a keyset query: ``sql`` takes the last key's values, then the page size."""
        after = start
        while True:
            page = [tuple(r) for r in self._all(sql, (*after, self.MIGRATION_CHUNK))]
            if not page:
                return
            yield page
            after = key(page[-1])

    def _fill_points(self) -> None:
        """Each stored mention's point (``fuse.similarity.point``), a page at a time in key
        order, then the blocking indexes that hold it (made once the columns are filled)."""
        for page in self._pages("SELECT id, record FROM mentions WHERE id > ? ORDER BY id LIMIT ?", ("",),
                                lambda r: (r[0],)):
            rows = [(*point(MentionView.from_record(r[0], json.loads(r[1]))), r[0]) for r in page]
            self.dialect.executemany(self.conn, "UPDATE mentions SET point_lat = ?, point_lon = ?, "
                                                "point_precision = ? WHERE id = ?",
                                     [r for r in rows if r[0] is not None])
        for sql in POINT_INDEXES:
            self._exec(sql)

    def _split_event_records(self) -> None:
        """Events stored whole, their lists in the record: each made again from its members, a
        page at a time (its record's head and the rows of its lists), keeping its update time
        when its record is the same as stored (as a rebuild keeps it)."""
        for page in self._pages("SELECT id, record, updated FROM events WHERE id > ? ORDER BY id LIMIT ?", ("",),
                                lambda r: (r[0],)):
            self._stamps = {r[0]: (_digest(r[1]), r[2]) for r in page if r[2] is not None}
            try:
                for eid, text, _ in page:
                    members = sorted(r[0] for r in self._all("SELECT id FROM mentions WHERE event_id = ?", (eid,)))
                    if not members:
                        self._drop_event(eid)
                        continue
                    parts: dict[str, dict] = {}
                    state = self._new_state(members, json.loads(text).get("merges") or [], parts)
                    self._store_event(eid, state, [], parts=parts)
            finally:
                self._stamps = {}
        self._states.clear()

    def _stamp_events(self) -> None:
        """Events stored before their update times were kept: the time of this upgrade (later
        than any change they had, and the same in every export from now on)."""
        self._exec("UPDATE events SET updated = ? WHERE updated IS NULL", (now_stamp(),))

    @property
    def schema_version(self) -> int:
        return self._one("SELECT MAX(version) FROM schema_version")[0]

    # ------------------------------------------------------------------ ingest
    def ingest(self, items: Iterable[Any], extract: Optional[Callable[[Document], list[Event]]] = None,
               extractor_version: Optional[str] = None, reextract: bool = False,
               on_error: Optional[Callable[[str], None]] = None) -> IngestSummary:
        """Extract and store documents (``Document`` or error items such as ``IngestError``).

        Unchanged documents (same id and text, same extractor version) and texts already stored
        under another id are skipped before extraction; a document whose extraction or write
        fails is reported and skipped; the rest of the batch goes on.
        """
        if extract is None:
            from ..pipeline import Pipeline
            extract = Pipeline().process
        version = extractor_version or default_extractor_version()
        summary = IngestSummary()

        def fail(message: str) -> None:
            summary.errors.append(message)
            if on_error:
                on_error(message)

        for item in items:
            if not isinstance(item, Document):
                fail(str(item))
                continue
            plan = self.plan(item, version, reextract)
            if plan in ("unchanged", "duplicate"):
                summary.unchanged += plan == "unchanged"
                summary.duplicates += plan == "duplicate"
                continue
            # named as a reader names a document it cannot read: file, line, id
            where = lambda what: str(IngestError(item.path or item.id, item.line, what, doc_id=item.id))
            try:
                events = extract(item)
            except Exception as exc:  # one bad article must not sink the batch
                fail(where(f"extraction failed: {type(exc).__name__}: {exc}"))
                continue
            try:
                outcome, _ = self._add_retrying(item, events, version, reextract)
            except Exception as exc:
                fail(where(f"could not be stored: {type(exc).__name__}: {exc}"))
                continue
            summary.unchanged += outcome == "unchanged"
            summary.duplicates += outcome == "duplicate"
            summary.added += outcome == "new"
            summary.replaced += outcome == "replace"
            summary.mentions += len(events) if outcome in ("new", "replace") else 0
        return summary

    def plan(self, doc: Document, extractor_version: Optional[str] = None, reextract: bool = False) -> str:
        """What ingesting ``doc`` would do: new | replace | unchanged | duplicate."""
        version = extractor_version or default_extractor_version()
        doc = clean_document(doc)
        digest = content_hash(doc.text)
        row = self._one("SELECT content_hash, extractor_version FROM documents WHERE id = ?", (doc.id,))
        if row is not None:
            if row["content_hash"] == digest and row["extractor_version"] == version and not reextract:
                return "unchanged"
            return "replace"
        other = self._one("SELECT id FROM documents WHERE content_hash = ?", (digest,))
        return "duplicate" if other is not None else "new"

    def add(self, doc: Document, events: list[Event], extractor_version: Optional[str] = None,
            replace: bool = False, also: Optional[Callable[[list[str]], None]] = None) -> list[str]:
        """Store one document and its mentions and fuse them, atomically. Returns mention ids.

        With ``replace`` the document's old mentions, their links and the events they formed go
        first, in the same transaction: the store ends as a fresh ingest would leave it.
        ``also(mention_ids)`` runs inside that transaction after fusion, for writes that must
        commit or vanish with the document (the watcher's seen-URL row and the alerts it raises).
        """
        version = extractor_version or default_extractor_version()
        return self._add(doc, events, version, "replace" if replace else "new", also=also)[1]

    # Attempts at one document's transaction when the database asks for a retry (a PostgreSQL
    # serialisation failure or deadlock, SQLite still locked after its timeout).
    WRITE_ATTEMPTS = 5

    def _add_retrying(self, doc: Document, events: list[Event], version: str,
                      reextract: bool) -> tuple[str, list[str]]:
        for attempt in range(1, self.WRITE_ATTEMPTS + 1):
            try:
                return self._add(doc, events, version, None, reextract)
            except Exception as exc:
                if attempt == self.WRITE_ATTEMPTS or not self.dialect.retryable(exc):
                    raise
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    def _add(self, doc: Document, events: list[Event], version: str, plan: Optional[str],
             reextract: bool = False,
             also: Optional[Callable[[list[str]], None]] = None) -> tuple[str, list[str]]:
        """Store one document in one transaction. ``plan`` None: decide new/replace/skip under
        the write lock, so concurrent ingests of the same documents store each once."""
        doc = clean_document(doc)
        c = self.conn
        terms = story_terms(doc.title, doc.text)
        self._begin()
        try:
            if plan is None:
                plan = self.plan(doc, version, reextract)
                if plan in ("unchanged", "duplicate"):   # another writer stored it meanwhile
                    self._commit()
                    return plan, []
            replace = plan == "replace"
            if replace:
                self._remove_mentions(doc.id)
                self.stories.remove(doc.id)
                self.dialect.unindex_document(c, doc.id)
                self._exec("UPDATE documents SET content_hash = ?, title = ?, url = ?, source = ?, path = ?, "
                           "published = ?, reference_date = ?, reference_date_method = ?, extractor_version = ?, "
                           "text = ?, story = ? WHERE id = ?", (*self._doc_values(doc, version), json.dumps(terms),
                                                                 doc.id))
            else:
                seq = self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents")[0]
                self._exec("INSERT INTO documents (content_hash, title, url, source, path, published, reference_date, "
                           "reference_date_method, extractor_version, text, story, id, seq) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (*self._doc_values(doc, version), json.dumps(terms), doc.id, seq))
            self.stories.add(doc.id, terms)
            self.dialect.index_document(c, doc.id, doc.title or "", doc.text)
            reference = bounding_reference(_iso(doc.reference_date), doc.reference_date_method, _iso(doc.published))
            published = _iso(doc.published)
            ids = []
            for ordinal, ev in enumerate(events):
                ev.doc_id = doc.id
                mid = make_mention_id(doc.id, ordinal)
                ids.append(mid)
                view = self._insert_mention(mid, ordinal, ev, reference, published)
                self._fuse(view)
            if also is not None:
                also(ids)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        finally:
            self._replaced_seqs = {}
        return plan, ids

    @staticmethod
    def _doc_values(doc: Document, version: str) -> tuple:
        iso = lambda d: d.isoformat() if isinstance(d, date) else d
        return (content_hash(doc.text), doc.title, doc.url, doc.source, doc.path, iso(doc.published),
                iso(doc.reference_date), doc.reference_date_method, version, doc.text)

    # Window classes of mentions for blocking: (class, widest window in days); NULL: unbounded.
    WINDOW_CLASSES = ((0, 40), (1, 500), (2, None))

    def _window_columns(self, view: MentionView) -> tuple:
        lo, hi = window(view, self.settings)
        if lo is None:
            return None, None, None
        span = (hi - lo).days
        klass = next(k for k, widest in self.WINDOW_CLASSES if widest is None or span <= widest)
        return lo.isoformat(), hi.isoformat(), klass

    def _insert_mention(self, mid: str, ordinal: int, ev: Event, reference: Optional[date],
                        published: Optional[str]) -> MentionView:
        rec = clean_value(ev.to_dict())
        view = self._make_view(mid, rec, reference)
        self._exec(
            "INSERT INTO mentions (id, doc_id, ordinal, kind, event_date, date_precision, event_type, country, "
            "admin1, location, fatalities, confidence, record, country_key, win_lo, win_hi, win_class, "
            "reference_date, published, point_lat, point_lon, point_precision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (mid, ev.doc_id, ordinal, ev.kind or "event", ev.event_date, ev.date_precision, ev.event_type,
             ev.country, ev.admin1, ev.location, ev.fatalities, rec["confidence"], json.dumps(rec, ensure_ascii=False),
             view.country, *self._window_columns(view), _iso(reference), published, *point(view)))
        for i, evd in enumerate(ev.evidence):
            self._exec("INSERT INTO evidence (mention_id, ordinal, start_char, end_char, text, fields) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (mid, i, evd.start, evd.end, clean_text(evd.text), json.dumps(evd.fields)))
            self.dialect.index_evidence(self.conn, mid, clean_text(evd.text))
        return view

    def _make_view(self, mid: str, rec: dict, reference: Optional[date]) -> MentionView:
        view = MentionView.from_record(mid, rec, reference, self.settings.undated_lookback_days,
                                       self.settings.date_slack_days)
        self._views[mid] = view
        return view

    def _remove_mentions(self, doc_id: str) -> None:
        """Delete a document's mentions, evidence and links, and re-fuse what they were part of."""
        rows = self._all("SELECT id, event_id FROM mentions WHERE doc_id = ?", (doc_id,))
        mids = [r["id"] for r in rows]
        if not mids:
            return
        gone = set(mids)
        neighbours = set(self._linked(mids)) - gone
        events = {r["event_id"] for r in rows if r["event_id"]}
        for eid in events:
            self._states.pop(eid, None)
            row = self._one("SELECT seq FROM events WHERE id = ?", (eid,))
            if row is not None:
                self._replaced_seqs[eid] = row[0]
        for eid in sorted(events):
            neighbours |= {r[0] for r in self._all("SELECT id FROM mentions WHERE event_id = ?", (eid,))} - gone
        self.dialect.executemany(self.conn, "DELETE FROM links WHERE a = ? OR b = ?", [(m, m) for m in mids])
        self.dialect.unindex_evidence(self.conn, mids)
        self.dialect.executemany(self.conn, "DELETE FROM evidence WHERE mention_id = ?", [(m,) for m in mids])
        self._exec(f"UPDATE mentions SET event_id = NULL WHERE doc_id = ?", (doc_id,))
        for m in mids:
            self._views.pop(m, None)
            self._records.pop(m, None)
        # One clustering of everything they touched: an event they held together may now fall
        # into several linked groups, and only one of them keeps its id.
        self._recluster(self._component(sorted(neighbours), exclude=gone))
        self.dialect.executemany(self.conn, "DELETE FROM mentions WHERE id = ?", [(m,) for m in mids])
        for eid in sorted(events):
            if not self._one("SELECT 1 FROM mentions WHERE event_id = ?", (eid,)):
                self._drop_event(eid)

    # ------------------------------------------------------------------ fusion
    def _fuse(self, view: MentionView) -> None:
        """Link a new mention to the stored mentions it may be one incident with, then
        re-cluster the linked group it is part of (``fuse.cluster``)."""
        new_links = []
        others = self._views_for(self._candidates(view))
        for oid in sorted(others):
            found = link(view, others[oid], self.settings, self.stories.similarity)
            if found:
                new_links.append(found)
        self.dialect.executemany(self.conn, "INSERT INTO links (a, b, score, detail) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (a, b) DO NOTHING",
                                 [(ln["a"], ln["b"], ln["score"], json.dumps(ln)) for ln in new_links])
        corrected = self._one("SELECT 1 FROM corrections WHERE mention_a = ? OR mention_b = ?", (view.id, view.id))
        if not new_links and not corrected:
            self._write_groups({view.id: None}, [([view.id], [])])
            return
        if not corrected and self._join_one(view, new_links):
            return
        self._recluster(self._component([view.id]))

    def _join_one(self, view: MentionView, new_links: list[dict]) -> bool:
        """The common case, at a cost that does not grow with the event: every mention the new one
        links to is in one event, and no member vetoes it. Clustering the component again would
        put it there too (nothing else changes), so join directly, updating the event's running
        state. False: re-cluster instead."""
        others = sorted({ln["b"] if ln["a"] == view.id else ln["a"] for ln in new_links})
        marks = ", ".join("?" for _ in others)
        events = {r[0] for r in self._all(f"SELECT DISTINCT event_id FROM mentions WHERE id IN ({marks})", others)}
        if len(events) != 1 or None in events:
            return False
        (eid,) = events
        state = self._event_state(eid)
        if state is None:
            return False
        witnesses = self._views_for(state.veto_witnesses(view.doc_id))
        if any(veto(view, w, self.settings) for w in witnesses.values()):
            return False
        if view.vague and not state.anchored and view.doc_id not in state.by_doc and view.kind != "threat":
            return False   # two articles' vague reports: the clustering's own rule decides
        best = sorted(new_links, key=lambda l: (-l["score"], l["a"], l["b"]))[0]
        phase = "attached" if view.vague else "similarity"
        state.add_merge({**best, "by": phase, "checks": {"pairs": len(state), "passed": list(VETO_CHECKS)}})
        (_, rec), = self._records_for([view.id])
        part = state.add(view, rec, self._source_of(view.doc_id))
        self._store_event(eid, state, [view.id], joined=part)
        return True

    def _candidates(self, view: MentionView) -> list[str]:
        """The ids of ``_block`` but those the place veto keeps apart from ``view`` (their points
        read from the blocking index): a candidate so vetoed would link to nothing, and is not
        read at all."""
        far = too_far_from(view, self.settings)
        block = self._block(view)
        if far is None:
            return [m for m, *_ in block]
        return [m for m, lat, lon, precision in block if not far(lat, lon, precision)]

    def _block(self, view: MentionView) -> list[tuple]:
        """The stored mentions whose windows overlap this one's, of its kind and of its country
        or none (a placeless mention: of any), as (id, point_lat, point_lon, point_precision), by
        id. Symmetric, so the links found do not depend on ingest order; each query is one range
        of an index that holds all it reads."""
        s = self.settings
        lo, hi, _ = self._window_columns(view)
        blocks: list[tuple[str, list]] = []
        if view.country:
            blocks = [("kind = ? AND country_key = ?", [view.kind, view.country]),
                      ("kind = ? AND country_key IS NULL", [view.kind])]
        else:
            blocks = [("kind = ?", [view.kind])]
        queries: list[tuple[str, list]] = []
        for where, args in blocks:
            if lo is None:
                queries.append((where, args))
                continue
            for klass, widest in self.WINDOW_CLASSES:
                if widest is None:
                    queries.append((f"{where} AND win_class = ? AND win_lo <= ? AND win_hi >= ?", args + [klass, hi, lo]))
                else:
                    floor = (date.fromisoformat(lo) - timedelta(days=widest)).isoformat()
                    queries.append((f"{where} AND win_class = ? AND win_lo >= ? AND win_lo <= ? AND win_hi >= ?",
                                    args + [klass, floor, hi, lo]))
            queries.append((f"{where} AND win_class IS NULL", args))
        found: dict[str, tuple] = {}
        for where, args in queries:
            for r in self._all(f"SELECT id, point_lat, point_lon, point_precision FROM mentions WHERE {where} "
                               "ORDER BY win_class, win_lo, win_hi, id LIMIT ?", args + [s.max_candidates + 1]):
                found[r[0]] = tuple(r)
        found.pop(view.id, None)
        return [found[m] for m in sorted(found)[: s.max_candidates]]

    def _views_for(self, ids: Iterable[str]) -> dict[str, MentionView]:
        out: dict[str, MentionView] = {}
        missing = []
        for m in ids:
            v = self._views.get(m)
            if v is None:
                missing.append(m)
            else:
                out[m] = v
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._all(f"SELECT id, record, reference_date FROM mentions WHERE id IN ({marks})", chunk):
                ref = date.fromisoformat(row["reference_date"]) if row["reference_date"] else None
                out[row["id"]] = self._make_view(row["id"], json.loads(row["record"]), ref)
        return out

    def _linked(self, ids: list[str]) -> list[str]:
        """Mentions linked to any of ``ids`` (by similarity or an analyst's merge)."""
        out: list[str] = []
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ", ".join("?" for _ in chunk)
            out += [r[0] for r in self._all(f"SELECT b FROM links WHERE a IN ({marks})", chunk)]
            out += [r[0] for r in self._all(f"SELECT a FROM links WHERE b IN ({marks})", chunk)]
            out += [r[0] for r in self._all(f"SELECT mention_b FROM corrections WHERE action = 'merge' AND "
                                            f"mention_a IN ({marks})", chunk)]
            out += [r[0] for r in self._all(f"SELECT mention_a FROM corrections WHERE action = 'merge' AND "
                                            f"mention_b IN ({marks})", chunk)]
        return out

    def _component(self, seeds: list[str], exclude: Iterable[str] = ()) -> list[str]:
        """The mentions connected to ``seeds`` through links and analyst merges (at most
        ``settings.max_component``, nearest first)."""
        excluded = set(exclude)
        found = [m for m in seeds if m not in excluded]
        seen = set(found) | excluded
        frontier = list(found)
        while frontier and len(found) < self.settings.max_component:
            nxt = []
            for m in sorted(set(self._linked(frontier))):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
            nxt = nxt[: self.settings.max_component - len(found)]
            found += nxt
            frontier = nxt
        return sorted(found)

    def _corrections_among(self, ids: list[str]) -> tuple[list, list]:
        must, cannot = [], []
        members = set(ids)
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ", ".join("?" for _ in chunk)
            for r in self._all(f"SELECT action, mention_a, mention_b FROM corrections WHERE mention_a IN ({marks}) "
                               "ORDER BY seq", chunk):
                if r["mention_b"] in members:
                    (must if r["action"] == "merge" else cannot).append((r["mention_a"], r["mention_b"]))
        return must, cannot

    def _links_among(self, ids: list[str]) -> list[dict]:
        members = set(ids)
        out = []
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ", ".join("?" for _ in chunk)
            out += [json.loads(r[1]) for r in self._all(f"SELECT b, detail FROM links WHERE a IN ({marks})", chunk)
                    if r[0] in members]
        return out

    def _recluster(self, ids: list[str]) -> set[str]:
        """Cluster these mentions (a linked component) anew and write the events that changed."""
        if not ids:
            return set()
        views = self._views_for(ids)
        must, cannot = self._corrections_among(ids)
        groups = cluster(views, self._links_among(ids), self.settings, must, cannot)
        current: dict[str, Optional[str]] = {}
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ", ".join("?" for _ in chunk)
            current.update({r[0]: r[1] for r in self._all(f"SELECT id, event_id FROM mentions WHERE id IN ({marks})", chunk)})
        self._write_groups(current, [(g.members, g.merges) for g in groups])
        return set(ids)

    def _write_groups(self, current: dict[str, Optional[str]], groups: list[tuple[list[str], list[dict]]]) -> None:
        """Make the stored events of these mentions the given groups; ``current``: each mention's
        event now. A group keeps the id of the event most of its members were in (ids stay
        stable as reports arrive); a new group takes the id of its first mention."""
        if self._prior is not None:   # a rebuild keeps the ids events had before it
            current = {m: self._prior.get(m) for m in current}
        old_events = {e for e in current.values() if e}
        # An id goes to one group; across a whole rebuild too (an old event may have spanned
        # what are now several linked groups).
        claimed: set[str] = self._claimed if self._prior is not None else set()
        for members, merges in sorted(groups, key=lambda g: (-len(g[0]), g[0][0])):
            counts: dict[str, int] = {}
            for m in members:
                if current.get(m):
                    counts[current[m]] = counts.get(current[m], 0) + 1
            eid = next((e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if e not in claimed), None)
            n = 0
            while eid is None or (eid in claimed) or (eid not in old_events and self._one(
                    "SELECT 1 FROM events WHERE id = ?", (eid,))):
                eid = new_event_id(members[0] if n == 0 else f"{members[0]}@{n}")
                n += 1
            claimed.add(eid)
            if self._prior is None and all(current.get(m) == eid for m in members):
                if self._stored_members(eid) == (members, merges):
                    continue   # unchanged
            self._write_event(eid, members, merges)
        for eid in sorted(old_events - claimed):
            if not self._one("SELECT 1 FROM mentions WHERE event_id = ?", (eid,)):
                self._drop_event(eid)

    def _records_for(self, ids: list[str]) -> list[tuple[str, dict]]:
        """Member records, from a per-connection cache (mention records never change once stored;
        a re-extracted document's mentions are dropped from it)."""
        out = [(m, self._records[m]) for m in ids if m in self._records]
        missing = [m for m in ids if m not in self._records]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in self._all(f"SELECT id, record, published FROM mentions WHERE id IN ({marks})", chunk):
                rec = json.loads(r["record"])
                if r["published"]:
                    rec["doc_published"] = r["published"]
                self._records[r["id"]] = rec
                out.append((r["id"], rec))
        return sorted(out, key=lambda p: p[0])

    def _source_of(self, doc_id: str) -> Optional[str]:
        row = self._one("SELECT source FROM documents WHERE id = ?", (doc_id,))
        return row[0] if row else None

    def _new_state(self, members: list[str], merges: list[dict],
                   parts: Optional[dict[str, dict]] = None) -> _EventState:
        """An event's running state made from all its members (once; joins then update it);
        each member's part of the record's lists into ``parts`` when given."""
        state = _EventState(merges)
        records = dict(self._records_for(members))
        views = self._views_for(members)
        sources: dict[str, Optional[str]] = {}
        docs = sorted({views[m].doc_id for m in members})
        for i in range(0, len(docs), 500):
            chunk = docs[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            sources.update({r[0]: r[1] for r in self._all(f"SELECT id, source FROM documents WHERE id IN ({marks})",
                                                           chunk)})
        for m in members:
            part = state.add(views[m], records[m], sources.get(views[m].doc_id))
            if parts is not None:
                parts[m] = part
        return state

    def _event_state(self, eid: str) -> Optional[_EventState]:
        state = self._states.get(eid)
        if state is None:
            members = sorted(r[0] for r in self._all("SELECT id FROM mentions WHERE event_id = ?", (eid,)))
            if not members or not self._one("SELECT 1 FROM events WHERE id = ?", (eid,)):
                return None
            state = self._new_state(members, self._stored_members(eid)[1])
            self._states[eid] = state
        return state

    def _stored_members(self, eid: str) -> tuple[list[str], list[dict]]:
        """The member mention ids (sorted) and the merges of a stored event, from its rows."""
        members = sorted(r[0] for r in self._all("SELECT mention_id FROM event_members WHERE event_id = ?", (eid,)))
        merges = [json.loads(r[0]) for r in self._all("SELECT detail FROM event_merges WHERE event_id = ? "
                                                      "ORDER BY ordinal", (eid,))]
        return members, merges

    def _with_lists(self, records: list[dict]) -> list[dict]:
        """Records read from the events table with the lists that grow with the event put back
        from their ``event_members`` and ``event_merges`` rows (``_EventState.head``), in place."""
        lists: dict[str, MemberLists] = {r["id"]: MemberLists() for r in records}
        ids = list(lists)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._all(f"SELECT event_id, mention_id, record FROM event_members WHERE event_id IN ({marks})",
                             chunk)
            for r, part in zip(rows, self._decode([r[2] for r in rows])):
                lists[r[0]].add(r[1], part)
            rows = self._all(f"SELECT event_id, detail FROM event_merges WHERE event_id IN ({marks}) "
                             "ORDER BY ordinal", chunk)
            for r, merge in zip(rows, self._decode([r[1] for r in rows])):
                lists[r[0]].merges.append(merge)
        for record in records:
            lists[record["id"]].fill(record)
        return records

    @staticmethod
    def _decode(texts: list[str]) -> list:
        """Many JSON texts decoded at once (one parse of their array, not one call each)."""
        return json.loads("[" + ", ".join(texts) + "]") if texts else []

    def _stored_record_json(self, eid: str) -> Optional[str]:
        """A stored event's whole record (but ``updated``) as JSON, None if there is none."""
        row = self._one("SELECT record FROM events WHERE id = ?", (eid,))
        if row is None:
            return None
        return json.dumps(self._with_lists([json.loads(row[0])])[0], ensure_ascii=False)

    def _drop_event(self, eid: str) -> None:
        self._states.pop(eid, None)
        self._exec("DELETE FROM event_members WHERE event_id = ?", (eid,))
        self._exec("DELETE FROM event_merges WHERE event_id = ?", (eid,))
        self._exec("DELETE FROM events WHERE id = ?", (eid,))

    def _write_event(self, eid: str, members: list[str], merges: list[dict]) -> None:
        parts: dict[str, dict] = {}
        state = self._new_state(members, merges, parts)
        self._states[eid] = state
        self._store_event(eid, state, members, parts=parts)

    def _store_event(self, eid: str, state: _EventState, moved: list[str], joined: Optional[dict] = None,
                     parts: Optional[dict[str, dict]] = None) -> None:
        """Write the event from its state; ``moved``: the mentions that now belong to it.
        ``joined``: a join's one new member's part (``moved`` is that member and the state's
        last merge is the join's): the record's head is written, and one row of each list, at a
        cost that does not grow with the event. Else ``parts``: every member's part, and all
        its rows are written anew unless the whole record is as stored."""
        head = state.head(eid, self.settings)
        payload = json.dumps(head, ensure_ascii=False)
        whole = lambda: json.dumps(state.record(eid, self.settings), ensure_ascii=False)
        values = [head.get(c) for c in EVENT_COLUMNS]
        country_key = head["country"].strip().lower() if head.get("country") else None
        date_class = None
        if head.get("date_lo"):
            span = (date.fromisoformat(head["date_hi"]) - date.fromisoformat(head["date_lo"])).days
            date_class = 0 if span <= self.NARROW_SPAN_DAYS else 1
        exists = self._one("SELECT seq, updated FROM events WHERE id = ?", (eid,))
        # a join adds a member: the record differs from the stored one, which is not read back
        same = joined is None and exists is not None and self._stored_record_json(eid) == whole()
        updated = self._event_stamp(eid, whole, same, exists["updated"] if exists else None)
        if exists:
            if not (same and updated == exists["updated"]):
                sets = ", ".join(f"{c} = ?" for c in EVENT_COLUMNS)
                self._exec(f"UPDATE events SET kind = ?, country_key = ?, date_class = ?, record = ?, updated = ?, "
                           f"{sets} WHERE id = ?", (head["kind"], country_key, date_class, payload, updated, *values,
                                                    eid))
        else:
            seq = self._replaced_seqs.pop(eid, None) or self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM events")[0]
            cols = ", ".join(EVENT_COLUMNS)
            marks = ", ".join("?" for _ in range(len(EVENT_COLUMNS) + 7))
            self._exec(f"INSERT INTO events (id, seq, kind, country_key, date_class, record, updated, {cols}) "
                       f"VALUES ({marks})", (eid, seq, head["kind"], country_key, date_class, payload, updated,
                                             *values))
        if joined is not None:
            (mid,) = moved
            self._exec("INSERT INTO event_members (event_id, mention_id, record) VALUES (?, ?, ?)",
                       (eid, mid, json.dumps(joined, ensure_ascii=False)))
            self._exec("INSERT INTO event_merges (event_id, ordinal, detail) VALUES (?, ?, ?)",
                       (eid, len(state.merges) - 1, json.dumps(state.merges[-1], ensure_ascii=False)))
        elif not same:
            if exists:
                self._exec("DELETE FROM event_members WHERE event_id = ?", (eid,))
                self._exec("DELETE FROM event_merges WHERE event_id = ?", (eid,))
            rows = [(eid, m, json.dumps(p, ensure_ascii=False)) for m, p in sorted(parts.items())]
            if len(rows) == 1:   # most events: one report
                self._exec("INSERT INTO event_members (event_id, mention_id, record) VALUES (?, ?, ?)", rows[0])
            else:
                self.dialect.executemany(self.conn, "INSERT INTO event_members (event_id, mention_id, record) "
                                                    "VALUES (?, ?, ?)", rows)
            if state.merges:
                self.dialect.executemany(self.conn, "INSERT INTO event_merges (event_id, ordinal, detail) "
                                                    "VALUES (?, ?, ?)",
                                         [(eid, k, json.dumps(merge, ensure_ascii=False))
                                          for k, merge in enumerate(state.merges)])
        for i in range(0, len(moved), 500):
            chunk = moved[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            self._exec(f"UPDATE mentions SET event_id = ? WHERE id IN ({marks})", [eid, *chunk])

    NARROW_SPAN_DAYS = 31

    def _event_stamp(self, eid: str, whole: Callable[[], str], same: bool, stored: Optional[int]) -> int:
        """When the event last changed: its stored time if its record is the same as before
        (kept across a rebuild, which deletes and rewrites every event), else now. ``whole()``:
        the record's JSON (made only when a rebuild needs it)."""
        if same and stored is not None:
            return stored
        before = self._stamps.get(eid)
        if before and before[0] == _digest(whole()):
            return before[1]
        return now_stamp()

    def _remember_stamps(self) -> dict[str, tuple[str, int]]:
        """Each event's record digest and update time, for a rebuild to keep the unchanged ones'."""
        out = {}
        for page in self._pages("SELECT id, record, updated FROM events WHERE id > ? ORDER BY id LIMIT ?", ("",),
                                lambda r: (r[0],)):
            records = self._with_lists([json.loads(r[1]) for r in page if r[2] is not None])
            stamps = {r[0]: r[2] for r in page}
            out.update({rec["id"]: (_digest(json.dumps(rec, ensure_ascii=False)), stamps[rec["id"]])
                        for rec in records})
        return out

    def rebuild(self) -> int:
        """Recompute every link and fused event from the stored mentions and the analysts'
        corrections, deterministically (the same store gives the same events whatever order it
        was ingested in). Returns the number of mentions fused."""
        self._begin()
        try:
            count = self._rebuild()
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return count

    refuse_all = rebuild

    def _rebuild(self) -> int:
        self._prior = {r[0]: r[1] for r in self._all("SELECT id, event_id FROM mentions")}
        self._claimed = set()
        self._stamps = self._remember_stamps()
        try:
            return self._rebuild_all()
        finally:
            self._prior = None
            self._claimed = set()
            self._stamps = {}

    def _rebuild_all(self) -> int:
        self._exec("DELETE FROM links")
        self._exec("UPDATE mentions SET event_id = NULL")
        self._exec("DELETE FROM event_members")
        self._exec("DELETE FROM event_merges")
        self._exec("DELETE FROM events")
        self._views.clear()
        self._records.clear()
        self._states.clear()
        self.stories.reset()
        rows = self._all("SELECT m.id, m.record, d.reference_date, d.reference_date_method, d.published "
                         "FROM mentions m JOIN documents d ON d.id = m.doc_id ORDER BY m.id")
        for r in rows:   # window columns follow the current settings
            ref = bounding_reference(r["reference_date"], r["reference_date_method"], r["published"])
            view = self._make_view(r["id"], json.loads(r["record"]), ref)
            self._exec("UPDATE mentions SET country_key = ?, win_lo = ?, win_hi = ?, win_class = ?, "
                       "reference_date = ?, published = ?, point_lat = ?, point_lon = ?, point_precision = ? "
                       "WHERE id = ?",
                       (view.country, *self._window_columns(view), _iso(ref), r["published"], *point(view), r["id"]))
        parent: dict[str, str] = {}

        def find(m: str) -> str:
            parent.setdefault(m, m)
            while parent[m] != m:
                parent[m] = parent[parent[m]]
                m = parent[m]
            return m

        for r in rows:
            mid = r["id"]
            view = self._views_for([mid])[mid]
            others = self._views_for([o for o in self._candidates(view) if o < mid])
            found = [ln for ln in (link(view, others[o], self.settings, self.stories.similarity) for o in sorted(others))
                     if ln]
            self.dialect.executemany(self.conn, "INSERT INTO links (a, b, score, detail) VALUES (?, ?, ?, ?)",
                                     [(ln["a"], ln["b"], ln["score"], json.dumps(ln)) for ln in found])
            for ln in found:
                parent[find(ln["a"])] = find(ln["b"])
        known = {r["id"] for r in rows}
        for r in self._all("SELECT mention_a, mention_b FROM corrections WHERE action = 'merge'"):
            if r[0] in known and r[1] in known:
                parent[find(r[0])] = find(r[1])
        components: dict[str, list[str]] = {}
        for r in rows:
            components.setdefault(find(r["id"]), []).append(r["id"])
        for members in sorted(components.values(), key=lambda ms: min(ms)):
            if len(members) == 1:
                self._write_groups({members[0]: None}, [(members, [])])
            else:
                self._recluster(sorted(members))
        return len(rows)

    # ------------------------------------------------------------------ corrections
    def corrections(self) -> list[dict]:
        """The analysts' corrections, oldest first."""
        return [dict(r) for r in self._all("SELECT seq, action, mention_a, mention_b, note, created FROM corrections "
                                           "ORDER BY seq")]

    def _add_correction(self, action: str, a: str, b: str, note: Optional[str]) -> None:
        from datetime import datetime, timezone
        a, b = sorted((a, b))
        seq = self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM corrections")[0]
        self._exec("DELETE FROM corrections WHERE mention_a = ? AND mention_b = ?", (a, b))
        self._exec("INSERT INTO corrections (seq, action, mention_a, mention_b, note, created) VALUES (?, ?, ?, ?, ?, ?)",
                   (seq, action, a, b, note, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def merge_events(self, event_a: str, event_b: str, note: Optional[str] = None) -> str:
        """An analyst says two fused events are one incident: recorded as a correction (their
        first mentions belong together), which re-fusion and re-ingest keep. Returns the event id."""
        firsts = []
        for eid in (event_a, event_b):
            row = self._one("SELECT MIN(id) FROM mentions WHERE event_id = ?", (eid,))
            if not row or row[0] is None:
                raise KeyError(f"no event {eid!r}")
            firsts.append(row[0])
        if firsts[0] == firsts[1]:
            return event_a
        self._begin()
        try:
            for m in self._all("SELECT id FROM mentions WHERE event_id = ?", (event_a,)):
                for n in self._all("SELECT id FROM mentions WHERE event_id = ?", (event_b,)):
                    self._exec("DELETE FROM corrections WHERE action = 'split' AND mention_a = ? AND mention_b = ?",
                               tuple(sorted((m[0], n[0]))))
            self._add_correction("merge", firsts[0], firsts[1], note)
            self._recluster(self._component(firsts))
            eid = self._one("SELECT event_id FROM mentions WHERE id = ?", (firsts[0],))[0]
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return eid

    def split_mention(self, mention: str, note: Optional[str] = None) -> str:
        """An analyst says a mention is not the incident its event tells: it is kept apart from
        every other member (a correction re-fusion and re-ingest keep). Returns its new event id."""
        row = self._one("SELECT event_id FROM mentions WHERE id = ?", (mention,))
        if not row:
            raise KeyError(f"no mention {mention!r}")
        self._begin()
        try:
            others = [r[0] for r in self._all("SELECT id FROM mentions WHERE event_id = ? AND id <> ?",
                                              (row[0], mention))]
            for other in others:
                self._exec("DELETE FROM corrections WHERE action = 'merge' AND mention_a = ? AND mention_b = ?",
                           tuple(sorted((mention, other))))
                self._add_correction("split", mention, other, note)
            self._recluster(self._component([mention, *others]))
            eid = self._one("SELECT event_id FROM mentions WHERE id = ?", (mention,))[0]
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return eid

    # ------------------------------------------------------------------ query
    def events(self, country: Optional[str] = None, admin1: Optional[str] = None, actor: Optional[str] = None,
               type: Optional[str] = None, since: Union[str, date, None] = None,
               until: Union[str, date, None] = None, kind: Optional[str] = None, search: Optional[str] = None,
               min_confidence: Optional[float] = None, limit: Optional[int] = None,
               offset: int = 0) -> list[dict]:
        """Fused event records matching every given filter, oldest first (undated last).

        ``actor`` is part of a name or any alias extraction folds ("ISKP", "Daesh", "al-shabaab"),
        literally (``%`` and ``_`` match only themselves); dates are YYYY-MM-DD; a bad value
        raises ``ArgumentError`` naming the argument. ``limit`` and ``offset`` read one page of
        that order (the dashboard's table and API)."""
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ArgumentError("limit", f"not a count of events: {limit!r}")
        if not isinstance(offset, int) or offset < 0:
            raise ArgumentError("offset", f"not a count of events: {offset!r}")
        where, args = self._event_filters(country, admin1, actor, type, since, until, kind, search, min_confidence)
        sql = "SELECT record, updated FROM events" + where
        sql += " ORDER BY " + self.EVENT_ORDER
        if limit or offset:
            # LIMIT -1 (SQLite) / LIMIT ALL (PostgreSQL) differ; a huge limit is portable.
            sql += " LIMIT ? OFFSET ?"; args += [int(limit) if limit else 2 ** 62, int(offset)]
        return self._with_lists([_event_record(r) for r in self._all(sql, args)])

    # Undated last, then by date, then ingest order: the expressions of the events_order index.
    EVENT_ORDER = "(event_date IS NULL), event_date, seq"

    def event_day_counts(self, country: Optional[str] = None, admin1: Optional[str] = None,
                         actor: Optional[str] = None, type: Optional[str] = None,
                         since: Union[str, date, None] = None, until: Union[str, date, None] = None,
                         kind: Optional[str] = None, search: Optional[str] = None,
                         min_confidence: Optional[float] = None) -> list[dict]:
        """How many of ``events(...)`` fall on each day, by kind: ``[{"day", "kind", "count"}]``,
        days ascending, undated events under ``day`` None last. One GROUP BY, so a timeline of
        100,000 events never reads them."""
        if any((country, admin1, actor, type, since, until, search, min_confidence, self.settings.min_confidence)):
            # A scan of the table: faster than walking an index and looking up each row.
            where, args = self._event_filters(country, admin1, actor, type, since, until, kind, search,
                                              min_confidence)
            sql = f"SELECT SUBSTR(event_date, 1, 10), kind, COUNT(*) FROM events{where} GROUP BY 1, 2"
        else:
            # The whole store (or one kind of it): the events_day index answers alone.
            choice(kind, EVENT_KINDS, "kind")
            sql, args = "SELECT event_date, kind, COUNT(*) FROM events GROUP BY event_date, kind", []
        counts: dict[tuple, int] = {}
        for r in self._all(sql, args):
            if kind and r[1] != kind:
                continue
            key = (r[0][:10] if r[0] else None, r[1])
            counts[key] = counts.get(key, 0) + int(r[2])
        return [{"day": day, "kind": k, "count": n}
                for (day, k), n in sorted(counts.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or "", kv[0][1]))]

    def _event_filters(self, country, admin1, actor, type, since, until, kind, search,
                       min_confidence) -> tuple[str, list]:
        """The WHERE clause (with its leading space, or empty) and arguments shared by the queries."""
        since, until = iso_date(since, "since"), iso_date(until, "until")
        date_range(since, until)
        choice(kind, EVENT_KINDS, "kind")
        if type is not None and type.lower() not in _acled_types():
            raise ArgumentError("type", f"{type!r} is not an ACLED event type or sub-event type")
        min_confidence = fraction(min_confidence, "min_confidence")
        where, args = [], []
        if country:   # country_key is the stored name, trimmed and lower-cased (indexed)
            where.append("country_key = ?"); args.append(country.strip().lower())
        if admin1:
            where.append("LOWER(admin1) = ?"); args.append(admin1.lower())
        if actor:
            names = actor_names(actor)
            where.append("(" + " OR ".join("LOWER(actor1) LIKE ? ESCAPE '\\' OR LOWER(actor2) LIKE ? ESCAPE '\\'"
                                           for _ in names) + ")")
            for name in names:
                args += [like_pattern(name.lower())] * 2
        if type:
            where.append("(LOWER(event_type) = ? OR LOWER(sub_event_type) = ?)"); args += [type.lower()] * 2
        if since:
            where.append("date_hi >= ?"); args.append(str(since)[:10])
        if until:
            where.append("date_lo <= ?"); args.append(str(until)[:10])
        if kind:
            where.append("kind = ?"); args.append(kind)
        floor = self.settings.min_confidence if min_confidence is None else min_confidence
        if floor:
            where.append("confidence >= ?"); args.append(floor)
        if search:
            q = self.dialect.match_query(search)
            where.append(f"id IN ({self.dialect.search_event_ids_sql()})"); args.append(q)
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def event(self, event_id: str) -> Optional[dict]:
        """One fused event by its store id (EVD...) or its export id (event_id_cnty, AFG...)."""
        from ..export.codes import store_event_id
        row = self._one("SELECT record, updated FROM events WHERE id = ?", (store_event_id(event_id),))
        return self._with_lists([_event_record(row)])[0] if row else None

    def mention_event(self, mention_id: str) -> Optional[str]:
        """The id of the fused event a mention belongs to (None for an unknown mention)."""
        row = self._one("SELECT event_id FROM mentions WHERE id = ?", (mention_id,))
        return row[0] if row else None

    def sources(self, event_id: str) -> list[dict]:
        """Each mention of an event: its document's metadata, what it reported, its evidence."""
        out = []
        rows = self._all(
            "SELECT m.id, m.record, d.id AS doc_id, d.title, d.source, d.url, d.path, d.published "
            "FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ? ORDER BY d.seq, m.ordinal",
            (event_id,))
        for r in rows:
            rec = json.loads(r["record"])
            out.append({"mention_id": r["id"], "doc_id": r["doc_id"], "title": r["title"], "source": r["source"],
                        "url": r["url"], "path": r["path"], "published": r["published"],
                        "reported": {k: v for k, v in rec.items() if k not in ("evidence", "doc_id")},
                        "evidence": rec.get("evidence") or []})
        return out

    def documents(self) -> list[dict]:
        rows = self._all("SELECT id, title, source, url, path, published, reference_date, extractor_version, "
                         "content_hash FROM documents ORDER BY seq")
        return [dict(r) for r in rows]

    def search_documents(self, text: str, limit: int = 20) -> list[dict]:
        """Documents whose title or text match, best first (FTS rank)."""
        return [dict(r) for r in self.dialect.search_documents(self.conn, text, limit)]

    def counts(self) -> dict[str, int]:
        return {t: self._one(f"SELECT COUNT(*) FROM {t}")[0]
                for t in ("documents", "mentions", "evidence", "events")}

    def to_arrow(self, **filters):
        from ..export import to_arrow
        return to_arrow(self.events(**filters))

    def to_dataframe(self, **filters):
        """Fused events as a pandas DataFrame when pandas is installed, else a pyarrow Table."""
        table = self.to_arrow(**filters)
        try:
            import pandas  # noqa: F401
        except ImportError:
            return table
        return table.to_pandas()
