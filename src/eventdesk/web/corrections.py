"""The dashboard's only writes: an analyst's corrections to fusion, as plain functions over a
writable ``Store`` (no HTTP here; every write passes ``write_guard`` first).

- ``split(store, event_id, body)``: ``{"mention_id", "note"?}``: that mention (one of the
  event's) becomes an event of its own (``Store.split_mention``).
- ``merge(store, event_id, body)``: ``{"with", "note"?}``: the two events are one incident
  (``Store.merge_events``).

Both are corrections stored as data, so re-ingest and ``eventdesk fuse --rebuild`` keep them.
A body that is not what the route needs raises ``api.BadRequest`` (400); an unknown event or
mention raises ``NotFound`` (404).
"""
from __future__ import annotations

import json
from typing import Any, Optional

from ..store import Store
from .api import BadRequest
from .write_guard import MAX_BODY_BYTES
MAX_ID_CHARS = 200
MAX_NOTE_CHARS = 2000


class NotFound(LookupError):
    """An event or mention the correction names is not in the store; the message is safe to show."""


def parse_body(raw: bytes) -> dict[str, Any]:
    """A JSON object, or BadRequest."""
    if len(raw) > MAX_BODY_BYTES:
        raise BadRequest(f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def _fields(body: dict[str, Any], required: str) -> tuple[str, Optional[str]]:
    """The route's one required id and the optional note, each checked; nothing else allowed."""
    unknown = sorted(set(body) - {required, "note"})
    if unknown:
        raise BadRequest(f"unknown field: {unknown[0][:40]}")
    value = body.get(required)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"{required} must be a non-empty string")
    if len(value) > MAX_ID_CHARS:
        raise BadRequest(f"{required} is too long")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise BadRequest("note must be a string")
    if note and len(note) > MAX_NOTE_CHARS:
        raise BadRequest(f"note is longer than {MAX_NOTE_CHARS} characters")
    return value.strip(), (note.strip() or None) if note else None


def _require_event(store: Store, event_id: str) -> dict:
    event = store.event(event_id) if len(event_id) <= MAX_ID_CHARS else None
    if event is None:
        raise NotFound(f"no event {event_id}")
    return event


def split(store: Store, event_id: str, body: dict[str, Any]) -> dict:
    """``{"event_id": the mention's new event, "remaining": the event of the other mentions}``."""
    mention, note = _fields(body, "mention_id")
    event = _require_event(store, event_id)
    members = event.get("mention_ids") or []
    if mention not in members:
        raise BadRequest(f"mention {mention} is not one of event {event_id}'s")
    if len(members) < 2:
        raise BadRequest(f"event {event_id} has only this mention: there is nothing to split it from")
    new_id = store.split_mention(mention, note)
    rest = next(m for m in members if m != mention)
    return {"event_id": new_id, "remaining": store.mention_event(rest)}


def merge(store: Store, event_id: str, body: dict[str, Any]) -> dict:
    """``{"event_id": the merged event}``."""
    other, note = _fields(body, "with")
    _require_event(store, event_id)
    if other == event_id:
        raise BadRequest("an event cannot be merged with itself")
    _require_event(store, other)
    return {"event_id": store.merge_events(event_id, other, note)}


ACTIONS = {"split": split, "merge": merge}
