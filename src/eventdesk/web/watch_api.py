"""The dashboard's watch routes, as plain functions over a ``Store`` (no HTTP here):

- ``GET /alerts.atom[?watchlist=NAME]``: the alerts as an Atom feed, for any feed reader;
- ``GET /api/alerts[?watchlist=&limit=]``, ``GET /api/watchlists``;
- ``GET /api/site?lat=&lon=&radius_km=&name=`` or ``?watchlist=NAME`` (``&as_of=YYYY-MM-DD``);
- ``POST /api/watchlists`` (a JSON watchlist) and ``DELETE /api/watchlists/<name>``: writes, so
  they pass the check every write does first (``write_guard``: the dashboard's own page, a JSON
  body, not ``--read-only``).
"""
from __future__ import annotations

import json
from datetime import date
from typing import Mapping, Optional

from ..store import Store
from ..watch import (Site, WatchlistError, alerts, alerts_atom, delete_watchlist, list_watchlists, make_watchlist,
                     save_watchlist, site_from_watchlist, site_summary)
from ..watch.alerts import event_link
from ..watch.watchlists import FILTER_FIELDS, parse_point
from .api import BadRequest, parse_whole_number

READ_ROUTES = ("/alerts.atom", "/api/alerts", "/api/watchlists", "/api/site")


def handles(path: str) -> bool:
    return path in READ_ROUTES or path == "/site" or path.startswith("/api/watchlists/")


def _watchlist_param(params: Mapping[str, str]) -> Optional[str]:
    name = (params.get("watchlist") or "").strip()
    if len(name) > 80:
        raise BadRequest("watchlist is too long")
    return name or None


def alerts_payload(store: Store, params: Mapping[str, str], base_url: str) -> dict:
    limit = parse_whole_number(params, "limit", 100, 1, 500)
    rows = alerts(store, _watchlist_param(params), limit=limit)
    return {"count": len(rows), "alerts": [{**a.to_dict(), "link": event_link(base_url, a.event_id)} for a in rows]}


def alerts_feed(store: Store, params: Mapping[str, str], base_url: str) -> bytes:
    name = _watchlist_param(params)
    title = f"eventdesk alerts: {name}" if name else "eventdesk alerts"
    return alerts_atom(alerts(store, name, limit=200), base_url, title=title)


def watchlists_payload(store: Store) -> dict:
    return {"watchlists": [dict(w.to_dict(), description=w.describe()) for w in list_watchlists(store)]}


def site_payload(store: Store, params: Mapping[str, str]) -> dict:
    as_of = None
    if params.get("as_of"):
        try:
            as_of = date.fromisoformat(params["as_of"].strip())
        except ValueError:
            raise BadRequest("as_of must be a YYYY-MM-DD date") from None
    try:
        name = _watchlist_param(params)
        if name:
            site = site_from_watchlist(store, name)
        elif params.get("lat") and params.get("lon"):
            lat, lon = parse_point(f"{params['lat']},{params['lon']}")
            try:
                radius = float(params.get("radius_km") or 50)
            except ValueError:
                raise BadRequest("radius_km must be a number") from None
            if not 0 < radius <= 2000:
                raise BadRequest("radius_km must be between 0 and 2000")
            site = Site((params.get("name") or "").strip()[:80] or f"{lat:g},{lon:g}", lat, lon, radius)
        else:
            raise BadRequest("give lat and lon, or a watchlist")
    except WatchlistError as exc:
        raise BadRequest(str(exc)) from None
    return site_summary(store, site, as_of)


def create_watchlist(store: Store, body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("the body must be a JSON object") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    filters = {k: data[k] for k in FILTER_FIELDS if k in data}
    unknown = set(data) - set(FILTER_FIELDS) - {"name", "webhook_url", "webhook_secret", "email"}
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    if "radius_km" in filters and filters["radius_km"] not in (None, ""):
        try:
            filters["radius_km"] = float(filters["radius_km"])
        except (TypeError, ValueError):
            raise BadRequest("radius_km must be a number") from None
    try:
        wl = make_watchlist(data.get("name") or "", data.get("webhook_url"), data.get("webhook_secret"),
                            data.get("email"), **filters)
    except WatchlistError as exc:
        raise BadRequest(str(exc)) from None
    save_watchlist(store, wl)
    return dict(wl.to_dict(), description=wl.describe())


def remove_watchlist(store: Store, name: str) -> bool:
    return delete_watchlist(store, name)
