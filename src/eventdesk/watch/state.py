"""Feed state in the store: each feed's validators, polls and last error, and every item it
listed with what became of it. Written through the store's dialect, so SQLite and PostgreSQL
alike; a stored item's row is written inside its document's transaction (``mark_item``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from ..store import Store
from .parse import FeedEntry


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class FeedState:
    url: str
    name: Optional[str] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    last_poll: Optional[str] = None
    last_success: Optional[str] = None
    status: Optional[str] = None
    last_error: Optional[str] = None
    errors: int = 0
    polls: int = 0
    stored: int = 0
    pending: int = 0
    failed: int = 0


def feed_state(store: Store, url: str) -> Optional[FeedState]:
    row = store._one("SELECT url, name, etag, last_modified, last_poll, last_success, status, last_error, errors, "
                     "polls FROM feeds WHERE url = ?", (url,))
    return FeedState(**dict(zip(row.keys(), row))) if row else None


def feed_states(store: Store) -> list[FeedState]:
    """Every feed the store has polled, with counts of its items by outcome."""
    counts: dict[tuple[str, str], int] = {}
    for r in store._all("SELECT feed_url, status, COUNT(*) FROM feed_items GROUP BY feed_url, status"):
        counts[(r[0], r[1])] = r[2]
    out = []
    for r in store._all("SELECT url FROM feeds ORDER BY url"):
        state = feed_state(store, r[0])
        state.stored = counts.get((state.url, "stored"), 0) + counts.get((state.url, "duplicate"), 0)
        state.pending = counts.get((state.url, "pending"), 0)
        state.failed = counts.get((state.url, "failed"), 0)
        out.append(state)
    return out


def record_poll(store: Store, url: str, name: Optional[str], error: Optional[str] = None,
                status: str = "ok", etag: Optional[str] = None, last_modified: Optional[str] = None) -> None:
    """One poll's outcome: validators kept from the last good answer; errors counted in a row."""
    now = now_iso()
    store._begin()
    try:
        old = feed_state(store, url)
        if old is None:
            store._exec("INSERT INTO feeds (url, name, errors, polls) VALUES (?, ?, 0, 0)", (url, name))
            old = FeedState(url)
        if error:
            store._exec("UPDATE feeds SET name = ?, last_poll = ?, status = 'error', last_error = ?, "
                        "errors = errors + 1, polls = polls + 1 WHERE url = ?", (name, now, error, url))
        else:
            store._exec("UPDATE feeds SET name = ?, last_poll = ?, last_success = ?, status = ?, last_error = NULL, "
                        "errors = 0, polls = polls + 1, etag = ?, last_modified = ? WHERE url = ?",
                        (name, now, now, status, etag if etag is not None else old.etag,
                         last_modified if last_modified is not None else old.last_modified, url))
        store._commit()
    except BaseException:
        store._rollback()
        raise


def add_items(store: Store, feed_url: str, entries: list[FeedEntry]) -> int:
    """Record a feed's entries not seen before as pending; returns how many were new."""
    if not entries:
        return 0
    store._begin()
    try:
        known = set()
        urls = [e.url for e in entries]
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            known.update(r[0] for r in store._all(f"SELECT url FROM feed_items WHERE url IN ({marks})", chunk))
        seq = store._one("SELECT COALESCE(MAX(seq), 0) FROM feed_items")[0]
        new = 0
        now = now_iso()
        for e in entries:
            if e.url in known:
                continue
            seq += 1
            new += 1
            store._exec("INSERT INTO feed_items (url, feed_url, seq, title, published, summary, status, attempts, "
                        "first_seen) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)",
                        (e.url, feed_url, seq, e.title, e.published.isoformat() if e.published else None,
                         e.summary, now))
        store._commit()
        return new
    except BaseException:
        store._rollback()
        raise


def pending_items(store: Store, feed_url: str, limit: int) -> list[FeedEntry]:
    """Items of a feed still to be stored, oldest first."""
    from datetime import date

    rows = store._all("SELECT url, title, published, summary FROM feed_items WHERE feed_url = ? "
                      "AND status = 'pending' ORDER BY seq LIMIT ?", (feed_url, limit))
    return [FeedEntry(r[0], r[1], date.fromisoformat(r[2]) if r[2] else None, r[3]) for r in rows]


def mark_item(store: Store, url: str, status: str, doc_id: Optional[str] = None,
              content_hash: Optional[str] = None) -> None:
    """An item's outcome, inside the caller's transaction (its document's, when stored)."""
    store._exec("UPDATE feed_items SET status = ?, doc_id = ?, content_hash = ?, error = NULL, done = ?, "
                "attempts = attempts + 1 WHERE url = ?", (status, doc_id, content_hash, now_iso(), url))


def item_failed(store: Store, url: str, error: str, max_attempts: int, permanent: bool = False) -> str:
    """Count a failed attempt (own transaction); 'failed' for good once attempts run out."""
    store._begin()
    try:
        row = store._one("SELECT attempts FROM feed_items WHERE url = ?", (url,))
        attempts = (row[0] if row else 0) + 1
        status = "failed" if permanent or attempts >= max_attempts else "pending"
        store._exec("UPDATE feed_items SET status = ?, attempts = ?, error = ? WHERE url = ?",
                    (status, attempts, error, url))
        store._commit()
        return status
    except BaseException:
        store._rollback()
        raise


def seen_item(store: Store, url: str) -> Optional[str]:
    row = store._one("SELECT status FROM feed_items WHERE url = ?", (url,))
    return row[0] if row else None
