"""The event store: documents, their mentions (one article's report of an event) with evidence,
and the fused events across articles, in SQLite by default.

Each document is written in one transaction (its row, mentions, evidence, full-text entries and
the fused events it touches), so a crash loses at most the document in flight and rerunning the
same ingest finishes the job with the same result as an uninterrupted run.
"""
from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, Iterable, Optional, Union

from ..fuse import DEFAULT_SETTINGS, Candidate, FusionSettings, MentionView, fuse_mentions, matches, mergeable
from ..fuse import mention_id as make_mention_id
from ..fuse import new_event_id, search_window
from ..fuse.story import StoryIndex, story_terms
from ..model import Document, Event
from .dialect import SQLiteDialect, dialect_for, is_postgres_url
from .migrations import MIGRATIONS

DEFAULT_DB = "eventdesk.db"
EVENT_COLUMNS = ("event_date", "date_precision", "date_lo", "date_hi", "event_type", "sub_event_type", "actor1",
                 "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "fatalities", "fatalities_low", "fatalities_high", "sources", "confidence")


def default_db_path() -> str:
    return os.environ.get("EVENTDESK_DB") or DEFAULT_DB


def content_hash(text: str) -> str:
    """Same article text -> same hash, whatever the id, line endings or Unicode normal form."""
    norm = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def default_extractor_version() -> str:
    from .. import __version__
    return f"eventdesk-{__version__}"


def _iso(d) -> Optional[str]:
    return d.isoformat() if isinstance(d, date) else d


def bounding_reference(reference: Optional[str], method: Optional[str], published: Optional[str]) -> Optional[date]:
    """The day that bounds a document's undated mentions: its publication date, else its
    reference date (inferred from the text when nothing else tells)."""
    if published:
        return date.fromisoformat(str(published)[:10])
    return date.fromisoformat(str(reference)[:10]) if reference else None


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


class _StoredStories(StoryIndex):
    """Story signatures and document frequencies read from the store (cached per connection);
    ``add``/``remove`` write in the caller's transaction."""

    def __init__(self, store: "Store") -> None:
        super().__init__()
        self.store = store
        self._df_cache: dict[str, int] = {}
        self._terms_cache: dict[str, Optional[dict[str, int]]] = {}
        self._count: Optional[int] = None

    def reset(self) -> None:
        self._df_cache.clear()
        self._terms_cache.clear()
        self._count = None
        self.invalidate()

    def doc_terms(self, doc_id: str) -> Optional[dict[str, int]]:
        if doc_id not in self._terms_cache:
            row = self.store._one("SELECT story FROM documents WHERE id = ?", (doc_id,))
            if len(self._terms_cache) > 100_000:
                self._terms_cache.clear()
            self._terms_cache[doc_id] = json.loads(row[0]) if row and row[0] else None
        return self._terms_cache[doc_id]

    def vector(self, doc_id: str):
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
        self.invalidate()

    def remove(self, doc_id: str) -> None:
        old = self.doc_terms(doc_id)
        for term in [self.COUNT_TERM, *old] if old else ():
            self.store._exec("UPDATE story_terms SET df = df - 1 WHERE term = ?", (term,))
            if term in self._df_cache:
                self._df_cache[term] -= 1
        self._terms_cache.pop(doc_id, None)
        self._count = None
        self.invalidate()


class Store:
    """``Store(path)`` opens (and migrates) a store; use as a context manager or call close()."""

    def __init__(self, path: Optional[str] = None, settings: FusionSettings = DEFAULT_SETTINGS,
                 dialect=None) -> None:
        self.path = path or default_db_path()
        self.settings = settings
        self.dialect = dialect or dialect_for(self.path)
        self.conn = self.dialect.connect(self.path)
        self._views: dict[str, MentionView] = {}
        self.stories = _StoredStories(self)
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

    def _commit(self) -> None:
        self.dialect.commit(self.conn)

    def _rollback(self) -> None:
        self.dialect.rollback(self.conn)
        self._views.clear()
        self.stories.reset()

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        self._exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT)")
        done = {r[0] for r in self._all("SELECT version FROM schema_version")}
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
                self._exec("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                           (mig.version, mig.description))
                self._commit()
            except Exception:
                self._rollback()
                raise

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
            where = item.path or item.id
            try:
                events = extract(item)
            except Exception as exc:  # one bad article must not sink the batch
                fail(f"{where}: extraction failed: {type(exc).__name__}: {exc}")
                continue
            try:
                self.add(item, events, version, replace=plan == "replace")
            except Exception as exc:
                fail(f"{where}: could not be stored: {type(exc).__name__}: {exc}")
                continue
            summary.added += plan == "new"
            summary.replaced += plan == "replace"
            summary.mentions += len(events)
        return summary

    def plan(self, doc: Document, extractor_version: Optional[str] = None, reextract: bool = False) -> str:
        """What ingesting ``doc`` would do: new | replace | unchanged | duplicate."""
        version = extractor_version or default_extractor_version()
        digest = content_hash(doc.text)
        row = self._one("SELECT content_hash, extractor_version FROM documents WHERE id = ?", (doc.id,))
        if row is not None:
            if row["content_hash"] == digest and row["extractor_version"] == version and not reextract:
                return "unchanged"
            return "replace"
        other = self._one("SELECT id FROM documents WHERE content_hash = ?", (digest,))
        return "duplicate" if other is not None else "new"

    def add(self, doc: Document, events: list[Event], extractor_version: Optional[str] = None,
            replace: bool = False) -> list[str]:
        """Store one document and its mentions and fuse them, atomically. Returns mention ids."""
        version = extractor_version or default_extractor_version()
        c = self.conn
        terms = story_terms(doc.title, doc.text)
        self._begin()
        try:
            touched: set[str] = set()
            if replace:
                touched |= self._remove_mentions(doc.id)
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
            ids = []
            for ordinal, ev in enumerate(events):
                ev.doc_id = doc.id
                mid = make_mention_id(doc.id, ordinal)
                ids.append(mid)
                self._insert_mention(mid, ordinal, ev)
                touched.discard(self._fuse(mid, ev.to_dict(), reference))
            for eid in sorted(touched):
                self._refresh_event(eid)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return ids

    @staticmethod
    def _doc_values(doc: Document, version: str) -> tuple:
        iso = lambda d: d.isoformat() if isinstance(d, date) else d
        return (content_hash(doc.text), doc.title, doc.url, doc.source, doc.path, iso(doc.published),
                iso(doc.reference_date), doc.reference_date_method, version, doc.text)

    def _insert_mention(self, mid: str, ordinal: int, ev: Event) -> None:
        rec = ev.to_dict()
        self._exec(
            "INSERT INTO mentions (id, doc_id, ordinal, kind, event_date, date_precision, event_type, country, "
            "admin1, location, fatalities, confidence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (mid, ev.doc_id, ordinal, ev.kind or "event", ev.event_date, ev.date_precision, ev.event_type,
             ev.country, ev.admin1, ev.location, ev.fatalities, rec["confidence"], json.dumps(rec, ensure_ascii=False)))
        for i, evd in enumerate(ev.evidence):
            self._exec("INSERT INTO evidence (mention_id, ordinal, start_char, end_char, text, fields) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (mid, i, evd.start, evd.end, evd.text, json.dumps(evd.fields)))
            self.dialect.index_evidence(self.conn, mid, evd.text)

    def _remove_mentions(self, doc_id: str) -> set[str]:
        """Delete a document's mentions and evidence; returns the events they belonged to."""
        rows = self._all("SELECT id, event_id FROM mentions WHERE doc_id = ?", (doc_id,))
        mids = [r["id"] for r in rows]
        self.dialect.unindex_evidence(self.conn, mids)
        self.dialect.executemany(self.conn, "DELETE FROM evidence WHERE mention_id = ?", [(m,) for m in mids])
        self.dialect.executemany(self.conn, "DELETE FROM mentions WHERE id = ?", [(m,) for m in mids])
        for m in mids:
            self._views.pop(m, None)
        return {r["event_id"] for r in rows if r["event_id"]}

    # ------------------------------------------------------------------ fusion
    def _fuse(self, mid: str, rec: dict, reference: Optional[date]) -> str:
        view = MentionView.from_record(mid, rec, reference, self.settings.undated_lookback_days,
                                       self.settings.date_slack_days)
        candidates = {c.event_id: c for c in self._candidates(view, reference)}
        found = matches(view, candidates.values(), self.settings, self.stories.similarity)
        match = found[0] if found else None
        eid = match.event_id if match else new_event_id(mid)
        if match is not None:
            # The mention bridges events of one story that blocking kept apart: join them into
            # the oldest, when no member of one vetoes a member of another.
            members = candidates[eid].members + [view]
            for other in found[1:]:
                if mergeable(members, candidates[other.event_id].members, self.settings):
                    eid = self._merge_events(eid, other.event_id)
                    members = members + candidates[other.event_id].members
        if match is None:
            # The founding mention is its own fused record until others join.
            fused = fuse_mentions([(mid, rec)], self.settings)
            seq = self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM events")[0]
            self._write_event(eid, fused, seq)
            self._exec("UPDATE mentions SET event_id = ? WHERE id = ?", (eid, mid))
        else:
            self._exec("UPDATE mentions SET event_id = ? WHERE id = ?", (eid, mid))
            self._refresh_event(eid)
        self._views[mid] = view
        return eid

    def _merge_events(self, a: str, b: str) -> str:
        """Move every mention of the younger event into the older; returns the survivor's id."""
        seqs = dict(self._all("SELECT id, seq FROM events WHERE id IN (?, ?)", (a, b)))
        keep, gone = (a, b) if seqs[a] <= seqs[b] else (b, a)
        self._exec("UPDATE mentions SET event_id = ? WHERE event_id = ?", (keep, gone))
        self._exec("DELETE FROM events WHERE id = ?", (gone,))
        return keep

    # Widest span (days) of a "narrow" fused event, and the widest span blocking looks back for wide ones.
    NARROW_SPAN_DAYS = 31
    WIDE_SPAN_DAYS = 400

    def _candidates(self, view: MentionView, reference: Optional[date]) -> list[Candidate]:
        """Fused events worth comparing: same kind, same or unknown country, touching the date
        window. Each sub-query is one index range, so cost does not grow with the store."""
        s = self.settings
        lo, hi = search_window(view, reference, s)
        countries = [view.country, None] if view.country else [None]
        queries: list[tuple[str, list]] = []
        for country in countries:
            block = "kind = ? AND " + ("country_key = ?" if country else "country_key IS NULL")
            args = [view.kind] + ([country] if country else [])
            if lo:
                for date_class, span in ((0, self.NARROW_SPAN_DAYS), (1, self.WIDE_SPAN_DAYS)):
                    queries.append((f"{block} AND date_class = ? AND date_lo >= ? AND date_lo <= ? AND date_hi >= ?",
                                    args + [date_class, (lo - timedelta(days=span)).isoformat(), hi.isoformat(),
                                            lo.isoformat()]))
                queries.append((f"{block} AND date_class IS NULL", args))
            else:
                queries.append((block, args))
        if not view.country:
            # A placeless mention may belong to any country's event: only recent ones are read.
            queries = [("kind = ?" + (" AND date_lo <= ? AND date_hi >= ?" if lo else ""),
                        [view.kind] + ([hi.isoformat(), lo.isoformat()] if lo else []))]
        ids: list[str] = []
        for where, args in queries:
            for row in self._all(f"SELECT id FROM events WHERE {where} ORDER BY seq DESC LIMIT ?",
                                 args + [s.max_candidates]):
                if row[0] not in ids:
                    ids.append(row[0])
        ids = ids[: s.max_candidates]
        if not ids:
            return []
        members: dict[str, list[MentionView]] = {i: [] for i in ids}
        marks = ", ".join("?" for _ in ids)
        for row in self._all(f"SELECT m.id, m.event_id, m.record, d.reference_date, d.reference_date_method, d.published FROM mentions m "
                             f"JOIN documents d ON d.id = m.doc_id WHERE m.event_id IN ({marks}) ORDER BY m.id", ids):
            view_m = self._views.get(row["id"])
            if view_m is None:
                view_m = MentionView.from_record(row["id"], json.loads(row["record"]),
                                                 bounding_reference(row["reference_date"], row["reference_date_method"], row["published"]),
                                                 s.undated_lookback_days, s.date_slack_days)
                if len(self._views) > 200_000:
                    self._views.clear()
                self._views[row["id"]] = view_m
            members[row["event_id"]].append(view_m)
        return [Candidate(i, members[i]) for i in ids]

    def _refresh_event(self, eid: str) -> None:
        rows = self._all("SELECT id, record FROM mentions WHERE event_id = ? ORDER BY id", (eid,))
        if not rows:
            self._exec("DELETE FROM events WHERE id = ?", (eid,))
            return
        fused = fuse_mentions([(r["id"], json.loads(r["record"])) for r in rows], self.settings)
        self._write_event(eid, fused, None)

    def _write_event(self, eid: str, fused: dict, seq: Optional[int]) -> None:
        record = {"id": eid, **fused}
        marks = ", ".join("?" for _ in fused["doc_ids"]) or "NULL"
        record["outlets"] = sorted({r[0] for r in self._all(
            f"SELECT source FROM documents WHERE id IN ({marks})", fused["doc_ids"]) if r[0]})
        values = [fused.get(c) for c in EVENT_COLUMNS]
        country_key = fused["country"].strip().lower() if fused.get("country") else None
        date_class = None
        if fused.get("date_lo"):
            span = (date.fromisoformat(fused["date_hi"]) - date.fromisoformat(fused["date_lo"])).days
            date_class = 0 if span <= self.NARROW_SPAN_DAYS else 1
        payload = json.dumps(record, ensure_ascii=False)
        if seq is None:
            sets = ", ".join(f"{c} = ?" for c in EVENT_COLUMNS)
            self._exec(f"UPDATE events SET kind = ?, country_key = ?, date_class = ?, record = ?, {sets} "
                       "WHERE id = ?", (fused["kind"], country_key, date_class, payload, *values, eid))
        else:
            cols = ", ".join(EVENT_COLUMNS)
            marks = ", ".join("?" for _ in range(len(EVENT_COLUMNS) + 6))
            self._exec(f"INSERT INTO events (id, seq, kind, country_key, date_class, record, {cols}) "
                       f"VALUES ({marks})", (eid, seq, fused["kind"], country_key, date_class, payload, *values))

    def refuse_all(self) -> int:
        """Rebuild every fused event from scratch, in ingest order (after changing settings)."""
        self._begin()
        try:
            self._exec("UPDATE mentions SET event_id = NULL")
            self._exec("DELETE FROM events")
            self._views.clear()
            rows = self._all("SELECT m.id, m.record, d.reference_date, d.reference_date_method, d.published FROM mentions m "
                             "JOIN documents d ON d.id = m.doc_id ORDER BY d.seq, m.ordinal")
            for r in rows:
                self._fuse(r["id"], json.loads(r["record"]),
                           bounding_reference(r["reference_date"], r["reference_date_method"], r["published"]))
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return len(rows)

    # ------------------------------------------------------------------ query
    def events(self, country: Optional[str] = None, admin1: Optional[str] = None, actor: Optional[str] = None,
               type: Optional[str] = None, since: Union[str, date, None] = None,
               until: Union[str, date, None] = None, kind: Optional[str] = None, search: Optional[str] = None,
               min_confidence: Optional[float] = None, limit: Optional[int] = None) -> list[dict]:
        """Fused event records matching every given filter, oldest first (undated last)."""
        where, args = [], []
        if country:
            where.append("LOWER(country) = ?"); args.append(country.lower())
        if admin1:
            where.append("LOWER(admin1) = ?"); args.append(admin1.lower())
        if actor:
            where.append("(LOWER(actor1) LIKE ? OR LOWER(actor2) LIKE ?)"); args += [f"%{actor.lower()}%"] * 2
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
        sql = "SELECT record FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY CASE WHEN event_date IS NULL THEN 1 ELSE 0 END, event_date, seq"
        if limit:
            sql += " LIMIT ?"; args.append(int(limit))
        return [json.loads(r[0]) for r in self._all(sql, args)]

    def event(self, event_id: str) -> Optional[dict]:
        row = self._one("SELECT record FROM events WHERE id = ?", (event_id,))
        return json.loads(row[0]) if row else None

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
