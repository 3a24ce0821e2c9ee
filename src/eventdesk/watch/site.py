"""Threat-to-site summary: incidents and threats within N km of a place over the last 7, 30 and
90 days, with fatalities, by type and by actor, each against the period before it.

A site is a name and a point, or a watchlist (its point and radius, and its other filters).
Periods end on ``as_of`` (default today) and count events whose date window reaches into them
(an event dated only to a month counts in each period it may fall in); undated events and
events without coordinates are left out, and counted as such.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from ..fuse.similarity import haversine_km
from ..store import Store
from .watchlists import DEFAULT_RADIUS_KM, Watchlist, WatchlistError, get_watchlist, matches

PERIODS = (7, 30, 90)
KM_PER_DEGREE = 111.2


@dataclass
class Site:
    name: str
    latitude: float
    longitude: float
    radius_km: float = DEFAULT_RADIUS_KM
    watchlist: Optional[Watchlist] = None

    def to_dict(self) -> dict:
        return {"name": self.name, "latitude": self.latitude, "longitude": self.longitude,
                "radius_km": self.radius_km, "watchlist": self.watchlist.name if self.watchlist else None}


@dataclass
class PeriodSummary:
    days: int
    start: str
    end: str
    incidents: int = 0
    threats: int = 0
    fatalities: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_actor: dict[str, int] = field(default_factory=dict)
    previous: dict = field(default_factory=dict)      # the same counts over the period before
    change: dict = field(default_factory=dict)        # this period minus the previous one


def site_from_watchlist(store: Store, name: str) -> Site:
    wl = get_watchlist(store, name)
    if wl is None:
        raise WatchlistError(f"no watchlist {name!r}")
    near = wl.filters.get("near")
    if not near:
        raise WatchlistError(f"watchlist {name!r} has no point (near=LAT,LON) to measure distances from")
    return Site(wl.name, near[0], near[1], wl.filters.get("radius_km", DEFAULT_RADIUS_KM), wl)


def nearby_events(store: Store, site: Site, since: date, until: date) -> list[dict]:
    """Events with coordinates within the radius whose dates may fall in [since, until]."""
    dlat = site.radius_km / KM_PER_DEGREE
    rows = store._all("SELECT record FROM events WHERE latitude BETWEEN ? AND ? AND date_hi >= ? AND date_lo <= ?",
                      (site.latitude - dlat, site.latitude + dlat, since.isoformat(), until.isoformat()))
    import json

    out = []
    for ev in store._with_lists([json.loads(r[0]) for r in rows]):
        if ev.get("longitude") is None:
            continue
        ev["distance_km"] = round(haversine_km(site.latitude, site.longitude, ev["latitude"], ev["longitude"]), 1)
        if ev["distance_km"] > site.radius_km:
            continue
        if site.watchlist is not None and not matches(site.watchlist, ev, store):
            continue
        out.append(ev)
    return sorted(out, key=lambda e: (e.get("event_date") or "", e["id"]))


def _count(events: list[dict], start: date, end: date) -> dict:
    inside = [e for e in events if e.get("date_hi") and e["date_hi"] >= start.isoformat()
              and e["date_lo"] <= end.isoformat()]
    types = Counter(e.get("event_type") or "Threat" for e in inside if e.get("kind") == "event")
    actors = Counter(a for e in inside for a in {e.get("actor1"), e.get("claimed_by")} if a)
    return {"incidents": sum(e.get("kind") == "event" for e in inside),
            "threats": sum(e.get("kind") == "threat" for e in inside),
            "fatalities": sum(e.get("fatalities") or 0 for e in inside if e.get("kind") == "event"),
            "by_type": dict(types.most_common()), "by_actor": dict(actors.most_common(10))}


def site_summary(store: Store, site: Site, as_of: Optional[date] = None,
                 periods: tuple[int, ...] = PERIODS) -> dict:
    """``{"site", "as_of", "periods": [...], "events": [...]}``: the events are those of the
    longest period, nearest the site's point first within each day."""
    as_of = as_of or date.today()
    longest = max(periods)
    events = nearby_events(store, site, as_of - timedelta(days=2 * longest - 1), as_of)
    out = []
    for days in periods:
        start = as_of - timedelta(days=days - 1)
        now = _count(events, start, as_of)
        before = _count(events, start - timedelta(days=days), start - timedelta(days=1))
        p = PeriodSummary(days, start.isoformat(), as_of.isoformat(), now["incidents"], now["threats"],
                          now["fatalities"], now["by_type"], now["by_actor"],
                          {k: before[k] for k in ("incidents", "threats", "fatalities")},
                          {k: now[k] - before[k] for k in ("incidents", "threats", "fatalities")})
        out.append(p.__dict__)
    start = (as_of - timedelta(days=longest - 1)).isoformat()
    shown = [e for e in events if e["date_hi"] >= start]
    keep = ("id", "kind", "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "claimed_by",
            "target", "location", "admin1", "country", "latitude", "longitude", "fatalities", "sources", "distance_km")
    return {"site": site.to_dict(), "as_of": as_of.isoformat(), "periods": out,
            "events": [{k: e.get(k) for k in keep} for e in shown]}
