"""A fused event as an ACLED row: ACLED's 31 columns in ACLED's order and spelling, with the
values ACLED's codebook defines, then eventdesk's own columns.

``acled_row(event, places)`` returns native values (ints, lists, dicts); writers decide how a
format spells them. ``places`` finds the district (admin2) of a point; ``AdminLookup`` asks the
gazetteer.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Optional

from .codes import (civilian_actor2, civilian_targeting, country_codes, disorder_type, event_id_cnty, inter_code,
                    interaction, source_scale, tags)

# ACLED export codebook (2023), "ACLED Data Columns at a Glance", in order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# eventdesk's own columns, after ACLED's.
OWN_COLUMNS = (
    "kind", "date_precision", "fatalities_low", "fatalities_high", "attacker_fatalities", "casualties", "injuries",
    "target", "target_type", "claimed_by", "outlets", "sources", "doc_ids", "mention_ids", "confidence",
    "disagreements", "rules",
)
COLUMNS = ACLED_COLUMNS + OWN_COLUMNS

# ACLED time_precision: 1 = the day is known, 2 = the week, 3 = only the month (or coarser).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

Admin2Finder = Callable[[dict], Optional[str]]


class AdminLookup:
    """admin2 of an event from the gazetteer: the district nearest its point, for events placed
    at a town or a district (geo_precision 1 or 2); ACLED leaves coarser events' admin2 to the
    province, and so do we (empty)."""

    def __init__(self, gazetteer=None) -> None:
        self._gazetteer = gazetteer

    def __call__(self, event: dict) -> Optional[str]:
        if event.get("geo_precision") not in (1, 2) or event.get("latitude") is None or not event.get("country"):
            return None
        gaz = self._gazetteer
        if gaz is None:
            from ..geo import get_gazetteer
            gaz = self._gazetteer = get_gazetteer()
        code = gaz.country_code(event["country"])
        if code is None:
            return None
        place = gaz.admin2_near(code, event["latitude"], event["longitude"], event.get("admin1"))
        return place.name if place else None


def acled_row(event: dict, admin2: Optional[Admin2Finder] = None, timestamp: Optional[int] = None) -> dict[str, Any]:
    """One fused event (a ``Store.events()`` record) as ACLED's columns and eventdesk's.

    ``timestamp``: ACLED's timestamp column for every row; by default the event's last update in
    the store (its ``updated``), so the same in every export until the event changes (an event
    from no store: the time of export)."""
    country = event.get("country")
    actor2 = civilian_actor2(event)
    inter1 = inter_code(event.get("actor1"), country)
    inter2 = inter_code(actor2, country) if actor2 else (0 if inter1 else None)
    _, iso, region = country_codes(country)
    date = event.get("event_date")
    fatalities = event.get("fatalities")
    row = {
        "event_id_cnty": event_id_cnty(event.get("id") or "", country),
        "event_date": date,
        "year": int(date[:4]) if date else None,
        "time_precision": TIME_PRECISION.get(event.get("date_precision") or ""),
        "disorder_type": disorder_type(event.get("event_type"), event.get("sub_event_type")),
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "actor1": event.get("actor1"),
        # Fused events name one actor a side; ACLED's associated actors (a coalition partner, the
        # group a victim belongs to) are not read, so these stay empty rather than guessed.
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": civilian_targeting(event.get("event_type"), event.get("sub_event_type"), inter1,
                                                 inter2),
        "iso": iso,
        "region": region,
        "country": country,
        "admin1": event.get("admin1"),
        "admin2": (admin2 or AdminLookup())(event),
        "admin3": None,   # the gazetteer has no third-level divisions
        "location": event.get("location"),
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "geo_precision": event.get("geo_precision"),
        "source": "; ".join(event.get("outlets") or []) or None,
        "source_scale": source_scale(event.get("outlets"), country),
        "notes": event.get("notes"),
        # ACLED writes 0 when no death is reported; fatalities_low/high stay empty then.
        "fatalities": 0 if fatalities is None else fatalities,
        "tags": tags(event),
        "timestamp": _timestamp(event, timestamp),
    }
    for col in OWN_COLUMNS:
        row[col] = event.get(col)
    row["outlets"] = list(event.get("outlets") or [])
    row["doc_ids"] = list(event.get("doc_ids") or [])
    row["mention_ids"] = list(event.get("mention_ids") or [])
    row["rules"] = event.get("rules") or {}
    row["disagreements"] = event.get("disagreements") or []
    return row


def _timestamp(event: dict, given: Optional[int]) -> int:
    if given is not None:
        return given
    if event.get("updated") is not None:
        return int(event["updated"])
    return int(time.time())
