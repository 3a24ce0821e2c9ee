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

from ..fuse import DEFAULT_SETTINGS, Candidate, FusionSettings, MentionView, best_match, fuse_mentions
from ..fuse import mention_id as make_mention_id
from ..fuse import new_event_id, search_window
from ..model import Document, Event
from .dialect import SQLiteDialect
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


class Store:
    """``Store(path)`` opens (and migrates) a store; use as a context manager or call close()."""

    def __init__(self, path: Optional[str] = None, settings: FusionSettings = DEFAULT_SETTINGS,
                 dialect: Optional[SQLiteDialect] = None) -> None:
        self.path = path or default_db_path()
        self.settings = settings
        self.dialect = dialect or SQLiteDialect()
        self.conn = self.dialect.connect(self.path)
        self._views: dict[str, MentionView] = {}
        self._migrate()

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT)")
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_version")}
        for mig in MIGRATIONS:
            if mig.version in done:
                continue
            self.dialect.begin(self.conn)
            try:
                for sql in mig.statements + self.dialect.FTS_MIGRATIONS.get(mig.version, ()):
                    self.conn.execute(sql)
                self.conn.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                                  (mig.version, mig.description))
                self.conn.execute("COMMIT")
            except Exception:
                self.conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

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
        row = self.conn.execute("SELECT content_hash, extractor_version FROM documents WHERE id = ?",
                                (doc.id,)).fetchone()
        if row is not None:
            if row["content_hash"] == digest and row["extractor_version"] == version and not reextract:
                return "unchanged"
            return "replace"
        other = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (digest,)).fetchone()
        return "duplicate" if other is not None else "new"

    def add(self, doc: Document, events: list[Event], extractor_version: Optional[str] = None,
            replace: bool = False) -> list[str]:
        """Store one document and its mentions and fuse them, atomically. Returns mention ids."""
        version = extractor_version or default_extractor_version()
        c = self.conn
        self.dialect.begin(c)
        try:
            touched: set[str] = set()
            if replace:
                touched |= self._remove_mentions(doc.id)
                self.dialect.unindex_document(c, doc.id)
                c.execute("UPDATE documents SET content_hash = ?, title = ?, url = ?, source = ?, path = ?, "
                          "published = ?, reference_date = ?, reference_date_method = ?, extractor_version = ?, "
                          "text = ? WHERE id = ?", (*self._doc_values(doc, version), doc.id))
            else:
                seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
                c.execute("INSERT INTO documents (content_hash, title, url, source, path, published, reference_date, "
                          "reference_date_method, extractor_version, text, id, seq) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*self._doc_values(doc, version), doc.id, seq))
            self.dialect.index_document(c, doc.id, doc.title or "", doc.text)
            reference = doc.reference_date or doc.published
            ids = []
            for ordinal, ev in enumerate(events):
                ev.doc_id = doc.id
                mid = make_mention_id(doc.id, ordinal)
                ids.append(mid)
                self._insert_mention(mid, ordinal, ev)
                touched.discard(self._fuse(mid, ev.to_dict(), reference))
            for eid in sorted(touched):
                self._refresh_event(eid)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            self._views.clear()
            raise
        return ids

    @staticmethod
    def _doc_values(doc: Document, version: str) -> tuple:
        iso = lambda d: d.isoformat() if isinstance(d, date) else d
        return (content_hash(doc.text), doc.title, doc.url, doc.source, doc.path, iso(doc.published),
                iso(doc.reference_date), doc.reference_date_method, version, doc.text)

    def _insert_mention(self, mid: str, ordinal: int, ev: Event) -> None:
        rec = ev.to_dict()
        self.conn.execute(
            "INSERT INTO mentions (id, doc_id, ordinal, kind, event_date, date_precision, event_type, country, "
            "admin1, location, fatalities, confidence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (mid, ev.doc_id, ordinal, ev.kind or "event", ev.event_date, ev.date_precision, ev.event_type,
             ev.country, ev.admin1, ev.location, ev.fatalities, rec["confidence"], json.dumps(rec, ensure_ascii=False)))
        for i, evd in enumerate(ev.evidence):
            self.conn.execute("INSERT INTO evidence (mention_id, ordinal, start_char, end_char, text, fields) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (mid, i, evd.start, evd.end, evd.text, json.dumps(evd.fields)))
            self.dialect.index_evidence(self.conn, mid, evd.text)

    def _remove_mentions(self, doc_id: str) -> set[str]:
        """Delete a document's mentions and evidence; returns the events they belonged to."""
        rows = self.conn.execute("SELECT id, event_id FROM mentions WHERE doc_id = ?", (doc_id,)).fetchall()
        mids = [r["id"] for r in rows]
        self.dialect.unindex_evidence(self.conn, mids)
        self.conn.executemany("DELETE FROM evidence WHERE mention_id = ?", [(m,) for m in mids])
        self.conn.executemany("DELETE FROM mentions WHERE id = ?", [(m,) for m in mids])
        for m in mids:
            self._views.pop(m, None)
        return {r["event_id"] for r in rows if r["event_id"]}

    # ------------------------------------------------------------------ fusion
    def _fuse(self, mid: str, rec: dict, reference: Optional[date]) -> str:
        view = MentionView.from_record(mid, rec)
        match = best_match(view, self._candidates(view, reference), self.settings)
        eid = match.event_id if match else new_event_id(mid)
        if match is None:
            # The founding mention is its own fused record until others join.
            fused = fuse_mentions([(mid, rec)], self.settings)
            seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0]
            self._write_event(eid, fused, seq)
            self.conn.execute("UPDATE mentions SET event_id = ? WHERE id = ?", (eid, mid))
        else:
            self.conn.execute("UPDATE mentions SET event_id = ? WHERE id = ?", (eid, mid))
            self._refresh_event(eid)
        self._views[mid] = view
        return eid

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
            for row in self.conn.execute(f"SELECT id FROM events WHERE {where} ORDER BY seq DESC LIMIT ?",
                                         args + [s.max_candidates]):
                if row[0] not in ids:
                    ids.append(row[0])
        ids = ids[: s.max_candidates]
        if not ids:
            return []
        members: dict[str, list[MentionView]] = {i: [] for i in ids}
        marks = ", ".join("?" for _ in ids)
        for row in self.conn.execute(f"SELECT id, event_id, record FROM mentions WHERE event_id IN ({marks}) "
                                     "ORDER BY id", ids):
            view_m = self._views.get(row["id"])
            if view_m is None:
                view_m = MentionView.from_record(row["id"], json.loads(row["record"]))
                if len(self._views) > 200_000:
                    self._views.clear()
                self._views[row["id"]] = view_m
            members[row["event_id"]].append(view_m)
        return [Candidate(i, members[i]) for i in ids]

    def _refresh_event(self, eid: str) -> None:
        rows = self.conn.execute("SELECT id, record FROM mentions WHERE event_id = ? ORDER BY id", (eid,)).fetchall()
        if not rows:
            self.conn.execute("DELETE FROM events WHERE id = ?", (eid,))
            return
        fused = fuse_mentions([(r["id"], json.loads(r["record"])) for r in rows], self.settings)
        self._write_event(eid, fused, None)

    def _write_event(self, eid: str, fused: dict, seq: Optional[int]) -> None:
        record = {"id": eid, **fused}
        marks = ", ".join("?" for _ in fused["doc_ids"]) or "NULL"
        record["outlets"] = sorted({r[0] for r in self.conn.execute(
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
            self.conn.execute(f"UPDATE events SET kind = ?, country_key = ?, date_class = ?, record = ?, {sets} "
                              "WHERE id = ?", (fused["kind"], country_key, date_class, payload, *values, eid))
        else:
            cols = ", ".join(EVENT_COLUMNS)
            marks = ", ".join("?" for _ in range(len(EVENT_COLUMNS) + 6))
            self.conn.execute(f"INSERT INTO events (id, seq, kind, country_key, date_class, record, {cols}) "
                              f"VALUES ({marks})", (eid, seq, fused["kind"], country_key, date_class, payload, *values))

    def refuse_all(self) -> int:
        """Rebuild every fused event from scratch, in ingest order (after changing settings)."""
        c = self.conn
        self.dialect.begin(c)
        try:
            c.execute("UPDATE mentions SET event_id = NULL")
            c.execute("DELETE FROM events")
            self._views.clear()
            rows = c.execute("SELECT m.id, m.record, d.reference_date, d.published FROM mentions m "
                             "JOIN documents d ON d.id = m.doc_id ORDER BY d.seq, m.ordinal").fetchall()
            for r in rows:
                ref = r["reference_date"] or r["published"]
                self._fuse(r["id"], json.loads(r["record"]), date.fromisoformat(ref[:10]) if ref else None)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
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
        return [json.loads(r[0]) for r in self.conn.execute(sql, args)]

    def event(self, event_id: str) -> Optional[dict]:
        row = self.conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def sources(self, event_id: str) -> list[dict]:
        """Each mention of an event: its document's metadata, what it reported, its evidence."""
        out = []
        rows = self.conn.execute(
            "SELECT m.id, m.record, d.id AS doc_id, d.title, d.source, d.url, d.path, d.published "
            "FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ? ORDER BY d.seq, m.ordinal",
            (event_id,)).fetchall()
        for r in rows:
            rec = json.loads(r["record"])
            out.append({"mention_id": r["id"], "doc_id": r["doc_id"], "title": r["title"], "source": r["source"],
                        "url": r["url"], "path": r["path"], "published": r["published"],
                        "reported": {k: v for k, v in rec.items() if k not in ("evidence", "doc_id")},
                        "evidence": rec.get("evidence") or []})
        return out

    def documents(self) -> list[dict]:
        rows = self.conn.execute("SELECT id, title, source, url, path, published, reference_date, extractor_version, "
                                 "content_hash FROM documents ORDER BY seq").fetchall()
        return [dict(r) for r in rows]

    def search_documents(self, text: str, limit: int = 20) -> list[dict]:
        """Documents whose title or text match, best first (FTS rank)."""
        rows = self.conn.execute("SELECT doc_id, title FROM documents_fts WHERE documents_fts MATCH ? "
                                 "ORDER BY rank LIMIT ?", (self.dialect.match_query(text), limit)).fetchall()
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
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
