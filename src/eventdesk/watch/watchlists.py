"""Watchlists: named saved filters over fused events, kept in the store.

A watchlist matches an event when every filter it sets holds: ``country``, ``admin1`` (names, any
case), ``near`` (``[lat, lon]``) with ``radius_km``, ``actor`` (part of actor1, actor2 or the
claimant), ``type`` (ACLED event type or sub-event type), ``kind`` (event | threat),
``target_type`` and ``words`` (every word in one evidence sentence, by the store's full-text
search). Where its alerts go besides the Atom feed: ``webhook_url`` (signed with
``webhook_secret``) and ``email``.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from ..fuse.similarity import haversine_km
from ..model import EVENT_KINDS, TARGET_TYPES
from ..store import Store
from .state import now_iso

FILTER_FIELDS = ("country", "admin1", "near", "radius_km", "actor", "type", "kind", "target_type", "words")
_NAME = re.compile(r"[\w][\w .:-]{0,79}", re.UNICODE)
DEFAULT_RADIUS_KM = 50.0


class WatchlistError(ValueError):
    """A watchlist that cannot be saved; the message says which value is wrong."""


@dataclass
class Watchlist:
    name: str
    filters: dict[str, Any] = field(default_factory=dict)
    webhook_url: Optional[str] = None
    webhook_secret: Optional[str] = None
    email: Optional[str] = None
    created: Optional[str] = None

    def to_dict(self, secrets: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not secrets:
            d["webhook_secret"] = "set" if self.webhook_secret else None
        return d

    def describe(self) -> str:
        f = self.filters
        parts = [f"{k}={f[k]}" for k in ("kind", "country", "admin1", "type", "actor", "target_type") if f.get(k)]
        if f.get("near"):
            parts.append(f"within {f.get('radius_km', DEFAULT_RADIUS_KM):g} km of {f['near'][0]:g},{f['near'][1]:g}")
        if f.get("words"):
            parts.append(f"words={f['words']!r}")
        return ", ".join(parts) or "every event"


def make_watchlist(name: str, webhook_url: Optional[str] = None, webhook_secret: Optional[str] = None,
                   email: Optional[str] = None, **filters) -> Watchlist:
    """A checked watchlist from keyword filters (None and empty values dropped)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name.strip()):
        raise WatchlistError("a watchlist name is 1-80 letters, digits, spaces or . : _ -")
    unknown = set(filters) - set(FILTER_FIELDS)
    if unknown:
        raise WatchlistError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    f = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
    for key in ("country", "admin1", "actor", "type", "words", "kind", "target_type"):
        if key in f:
            if not isinstance(f[key], str) or len(f[key]) > 200:
                raise WatchlistError(f"{key} must be text of at most 200 characters")
            f[key] = f[key].strip()
    if "kind" in f and f["kind"] not in EVENT_KINDS:
        raise WatchlistError(f"kind must be one of {', '.join(EVENT_KINDS)}")
    if "target_type" in f:
        known = {t.lower(): t for t in TARGET_TYPES}
        if f["target_type"].lower() not in known:
            raise WatchlistError(f"target_type must be one of {', '.join(TARGET_TYPES)}")
        f["target_type"] = known[f["target_type"].lower()]
    if "near" in f:
        f["near"] = parse_point(f["near"])
        f["radius_km"] = float(f.get("radius_km", DEFAULT_RADIUS_KM))
    if "radius_km" in f:
        if "near" not in f:
            raise WatchlistError("radius_km needs a point: near=LAT,LON")
        if not 0 < float(f["radius_km"]) <= 20000:
            raise WatchlistError("radius_km must be between 0 and 20000")
    if webhook_url and not str(webhook_url).startswith(("http://", "https://")):
        raise WatchlistError("webhook_url must be an http(s) URL")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
        raise WatchlistError(f"not an e-mail address: {email!r}")
    return Watchlist(name.strip(), f, webhook_url or None, webhook_secret or None, email or None)


def parse_point(value) -> list[float]:
    """``"34.53,69.17"`` or ``[34.53, 69.17]`` -> ``[lat, lon]``, checked."""
    try:
        if isinstance(value, str):
            lat, lon = (float(x) for x in value.replace(" ", "").split(","))
        else:
            lat, lon = (float(x) for x in value)
    except (TypeError, ValueError):
        raise WatchlistError(f"a point is LAT,LON in degrees, not {value!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise WatchlistError(f"a point is LAT,LON within -90..90, -180..180, not {value!r}")
    return [lat, lon]


# ---------------------------------------------------------------------------- in the store
def save_watchlist(store: Store, watchlist: Watchlist) -> Watchlist:
    """Create or replace a watchlist of that name."""
    watchlist.created = watchlist.created or now_iso()
    store._begin()
    try:
        row = store._one("SELECT seq FROM watchlists WHERE name = ?", (watchlist.name,))
        values = (json.dumps(watchlist.filters, sort_keys=True), watchlist.webhook_url, watchlist.webhook_secret,
                  watchlist.email, watchlist.created, watchlist.name)
        if row:
            store._exec("UPDATE watchlists SET filters = ?, webhook_url = ?, webhook_secret = ?, email = ?, "
                        "created = ? WHERE name = ?", values)
        else:
            seq = store._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM watchlists")[0]
            store._exec("INSERT INTO watchlists (filters, webhook_url, webhook_secret, email, created, name, seq) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", (*values, seq))
        store._commit()
    except BaseException:
        store._rollback()
        raise
    return watchlist


def list_watchlists(store: Store) -> list[Watchlist]:
    rows = store._all("SELECT name, filters, webhook_url, webhook_secret, email, created FROM watchlists ORDER BY seq")
    return [Watchlist(r[0], json.loads(r[1]), r[2], r[3], r[4], r[5]) for r in rows]


def get_watchlist(store: Store, name: str) -> Optional[Watchlist]:
    return next((w for w in list_watchlists(store) if w.name == name), None)


def delete_watchlist(store: Store, name: str) -> bool:
    """Delete a watchlist (its past alerts stay); False when there is none of that name."""
    store._begin()
    try:
        found = store._one("SELECT 1 FROM watchlists WHERE name = ?", (name,)) is not None
        store._exec("DELETE FROM watchlists WHERE name = ?", (name,))
        store._commit()
    except BaseException:
        store._rollback()
        raise
    return found


# ---------------------------------------------------------------------------- matching
def matches(watchlist: Watchlist, event: dict, store: Optional[Store] = None) -> bool:
    """Whether a fused event record passes every filter of the watchlist."""
    f = watchlist.filters
    if f.get("kind") and event.get("kind") != f["kind"]:
        return False
    for key in ("country", "admin1"):
        if f.get(key) and (event.get(key) or "").lower() != f[key].lower():
            return False
    if f.get("type") and f["type"].lower() not in {(event.get("event_type") or "").lower(),
                                                   (event.get("sub_event_type") or "").lower()}:
        return False
    if f.get("target_type") and event.get("target_type") != f["target_type"]:
        return False
    if f.get("actor"):
        needle = f["actor"].lower()
        if not any(needle in (event.get(k) or "").lower() for k in ("actor1", "actor2", "claimed_by")):
            return False
    if f.get("near"):
        lat, lon = event.get("latitude"), event.get("longitude")
        if lat is None or lon is None:
            return False
        if haversine_km(f["near"][0], f["near"][1], lat, lon) > f.get("radius_km", DEFAULT_RADIUS_KM):
            return False
    if f.get("words"):
        if store is None:
            return False
        sql = f"SELECT 1 FROM ({store.dialect.search_event_ids_sql()}) AS hits WHERE event_id = ? LIMIT 1"
        if store._one(sql, (store.dialect.match_query(f["words"]), event["id"])) is None:
            return False
    return True
