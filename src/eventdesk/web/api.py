"""What the dashboard's JSON API answers, as plain functions over a ``Store`` (no HTTP here).

``Store.events`` (one page, ``limit``/``offset``), ``Store.event_day_counts`` (the timeline),
``Store.event`` and ``Store.sources`` do the querying; two things the Store API has no call for
are read here with plain SELECTs: the article texts (the event page highlights evidence inside
them) and facet counts for the filter lists. The analysts' corrections (the only writes) are in
``corrections.py``.
"""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from typing import Any, Mapping, Optional
from urllib.parse import quote

from ..arguments import ArgumentError
from ..store import Store
from ..store.dialect import SQLiteDialect

FILTERS = ("country", "admin1", "actor", "type", "kind", "since", "until", "q")
KINDS = ("event", "threat")
# One page of /api/events: a store of 100,000 events is read a page at a time (``offset``), so no
# request costs more than a page's worth of work, whatever it asks for.
DEFAULT_LIMIT = 500
MAX_LIMIT = 500
MAX_OFFSET = 100_000_000
MAX_PARAM_CHARS = 300
_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")   # ASCII digits only: "²".isdigit() is True

# The fields of a fused event the map, timeline and table need (the full record is on its page).
SUMMARY_FIELDS = ("id", "kind", "event_date", "date_precision", "date_lo", "date_hi", "event_type",
                  "sub_event_type", "actor1", "actor2", "target", "country", "admin1", "location", "latitude",
                  "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "injuries",
                  "sources", "confidence", "notes")


class BadRequest(ValueError):
    """A query parameter the API cannot use; the message is safe to show."""


class ReadOnlyDialect(SQLiteDialect):
    """SQLite opened read-only: the web server can never change the store it shows."""

    def connect(self, path: str) -> sqlite3.Connection:
        uri = "file:" + quote(str(path)) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only=ON")
        return conn


def open_readonly(path: str) -> Store:
    """A Store on an existing, already migrated database, refusing every write."""
    return Store(path, dialect=ReadOnlyDialect())


# ---------------------------------------------------------------------------- /api/events
def parse_filters(params: Mapping[str, str]) -> dict[str, Any]:
    """Query parameters -> ``Store.events`` keyword arguments; raises BadRequest on bad values."""
    out: dict[str, Any] = {}
    for name in FILTERS:
        value = (params.get(name) or "").strip()
        if not value:
            continue
        if len(value) > MAX_PARAM_CHARS:
            raise BadRequest(f"{name} is too long")
        if name in ("since", "until"):
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                raise BadRequest(f"{name} must be a YYYY-MM-DD date") from None
        if name == "kind":
            if value == "all":
                continue
            if value not in KINDS:
                raise BadRequest("kind must be event, threat or all")
        out["search" if name == "q" else name] = value
    return out


def parse_whole_number(params: Mapping[str, str], name: str, default: int, lowest: int, highest: int) -> int:
    """A non-negative integer parameter, clamped to ``highest``; BadRequest (400), never a 500."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < lowest:
        raise BadRequest(f"{name} must be a {'positive' if lowest else 'non-negative'} whole number")
    return min(int(raw), highest)


def parse_limit(params: Mapping[str, str]) -> int:
    return parse_whole_number(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def parse_offset(params: Mapping[str, str]) -> int:
    return parse_whole_number(params, "offset", 0, 0, MAX_OFFSET)


def _checked(query, **kwargs):
    """A Store query whose ArgumentError (a type ACLED does not define, until before since) is a 400."""
    try:
        return query(**kwargs)
    except ArgumentError as exc:
        raise BadRequest(str(exc)) from None


def events_payload(store: Store, params: Mapping[str, str]) -> dict:
    """``{"count", "offset", "truncated", "next_offset", "events"}``: ``truncated`` when more
    events match past this page; ``next_offset`` then asks for the next one."""
    filters = parse_filters(params)
    limit = parse_limit(params)
    offset = parse_offset(params)
    rows = _checked(store.events, **filters, limit=limit + 1, offset=offset)
    more = len(rows) > limit
    return {"count": min(len(rows), limit), "offset": offset, "truncated": more,
            "next_offset": offset + limit if more else None,
            "events": [summary(r) for r in rows[:limit]]}


def summary(record: dict) -> dict:
    return {k: record.get(k) for k in SUMMARY_FIELDS}


# ---------------------------------------------------------------------------- /api/timeline
def timeline_payload(store: Store, params: Mapping[str, str]) -> dict:
    """Counts per day of the events the filters select: ``{"total", "kinds": {kind: n},
    "undated", "days": [[day, n], ...]}``. The timeline and the counts above the table come
    from here, so they cover every matching event however many pages the table has."""
    rows = _checked(store.event_day_counts, **parse_filters(params))
    kinds: dict[str, int] = {}
    days: dict[str, int] = {}
    undated = 0
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["count"]
        if row["day"] is None:
            undated += row["count"]
        else:
            days[row["day"]] = days.get(row["day"], 0) + row["count"]
    return {"total": sum(kinds.values()), "kinds": kinds, "undated": undated,
            "days": [[day, n] for day, n in days.items()]}


# ---------------------------------------------------------------------------- /api/events/<id>
def event_payload(store: Store, event_id: str) -> Optional[dict]:
    """The fused event, and each source document with its text, the mentions it contributes
    and their evidence spans, plus the text cut into segments at the span boundaries; and the
    analysts' corrections that name one of its mentions (with their notes)."""
    event = store.event(event_id)
    if event is None:
        return None
    sources = store.sources(event_id)
    texts = _document_texts(store, [s["doc_id"] for s in sources])
    documents: dict[str, dict] = {}
    for src in sources:
        doc = documents.get(src["doc_id"])
        if doc is None:
            meta = texts.get(src["doc_id"], {})
            doc = documents[src["doc_id"]] = {
                "doc_id": src["doc_id"], "title": src["title"], "source": src["source"],
                "url": src["url"] if _is_web_url(src["url"]) else None, "published": src["published"],
                "reference_date": meta.get("reference_date"),
                "reference_date_method": meta.get("reference_date_method"),
                "text": meta.get("text") or "", "mentions": [], "highlights": []}
        mention = {"mention_id": src["mention_id"], "reported": src["reported"], "evidence": []}
        for evd in src["evidence"]:
            highlight = _highlight(doc, src["mention_id"], evd)
            mention["evidence"].append(highlight)
        doc["mentions"].append(mention)
    for doc in documents.values():
        doc["segments"] = segments(doc["text"], doc["highlights"])
    members = set(event.get("mention_ids") or [])
    touching = [c for c in store.corrections() if c["mention_a"] in members or c["mention_b"] in members]
    return {"event": event, "documents": list(documents.values()), "corrections": touching}


def _document_texts(store: Store, doc_ids: list[str]) -> dict[str, dict]:
    # The Store API returns document metadata but not the text; read it directly.
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = store.conn.execute(f"SELECT id, text, reference_date, reference_date_method FROM documents "
                              f"WHERE id IN ({marks})", ids).fetchall()
    return {r["id"]: dict(r) for r in rows}


def _highlight(doc: dict, mention_id: str, evd: dict) -> dict:
    """An evidence span as stored, checked against the text it claims to index."""
    text = doc["text"]
    start, end = evd.get("start"), evd.get("end")
    valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
    highlight = {"id": f"h{len(doc['highlights'])}", "mention_id": mention_id, "start": start, "end": end,
                 "text": evd.get("text"), "fields": list(evd.get("fields") or []),
                 # False when the stored span does not cover its own sentence: shown, not re-searched.
                 "verified": bool(valid and text[start:end] == evd.get("text"))}
    if valid:
        doc["highlights"].append(highlight)
    else:
        highlight["id"] = None
    return highlight


def segments(text: str, highlights: list[dict]) -> list[dict]:
    """Cut ``text`` at every highlight boundary: [{"text", "marks": [highlight ids]}], in order.

    Offsets are code points (Python's), so the browser never has to convert them to UTF-16;
    overlapping and nested spans give segments carrying several marks.
    """
    cuts = {0, len(text)}
    for h in highlights:
        cuts.update((h["start"], h["end"]))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in zip(points, points[1:]):
        marks = [h["id"] for h in highlights if h["start"] <= a and b <= h["end"]]
        if out and not marks and not out[-1]["marks"]:
            out[-1]["text"] += text[a:b]
        else:
            out.append({"text": text[a:b], "marks": marks})
    return out


_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def _is_web_url(url: Optional[str]) -> bool:
    """Only http(s) links become clickable: a stored ``javascript:`` URL must never run."""
    return bool(url and _WEB_URL.match(url))


# ---------------------------------------------------------------------------- /api/facets
def facets_payload(store: Store, params: Mapping[str, str]) -> dict:
    """Values and counts for the filter lists, over the events of the chosen kind."""
    # The Store API has no aggregate query; these GROUP BYs read the events table directly.
    where, args = ["1 = 1"], []
    kind = parse_filters({"kind": params.get("kind", "")}).get("kind")
    if kind:
        where.append("kind = ?"); args.append(kind)
    if store.settings.min_confidence:
        where.append("confidence >= ?"); args.append(store.settings.min_confidence)
    cond = " AND ".join(where)
    c = store.conn

    def counted(sql: str, extra: tuple = ()) -> list[dict]:
        return [dict(r) for r in c.execute(sql, args + list(extra))]

    countries = counted(f"SELECT country AS value, COUNT(*) AS count FROM events WHERE {cond} "
                        "AND country IS NOT NULL GROUP BY country ORDER BY count DESC, value")
    admin1 = counted(f"SELECT country, admin1 AS value, COUNT(*) AS count FROM events WHERE {cond} "
                     "AND admin1 IS NOT NULL GROUP BY country, admin1 ORDER BY country, value")
    types = counted(f"SELECT event_type AS value, sub_event_type AS sub, COUNT(*) AS count FROM events "
                    f"WHERE {cond} AND event_type IS NOT NULL GROUP BY event_type, sub_event_type "
                    "ORDER BY event_type, sub_event_type")
    actors = counted(f"SELECT value, COUNT(*) AS count FROM (SELECT actor1 AS value FROM events WHERE {cond} "
                     f"UNION ALL SELECT actor2 FROM events WHERE {cond}) WHERE value IS NOT NULL "
                     "GROUP BY value ORDER BY count DESC, value LIMIT 500", tuple(args))
    kinds = [dict(r) for r in c.execute("SELECT kind AS value, COUNT(*) AS count FROM events GROUP BY kind "
                                        "ORDER BY kind")]
    span = c.execute(f"SELECT MIN(event_date), MAX(event_date), COUNT(*) FROM events WHERE {cond}", args).fetchone()
    grouped: dict[str, dict] = {}
    for row in types:
        entry = grouped.setdefault(row["value"], {"value": row["value"], "count": 0, "sub_types": []})
        entry["count"] += row["count"]
        if row["sub"]:
            entry["sub_types"].append({"value": row["sub"], "count": row["count"]})
    return {"total": span[2], "dates": {"min": span[0], "max": span[1]}, "kinds": kinds,
            "countries": countries, "admin1": admin1, "types": list(grouped.values()), "actors": actors}
