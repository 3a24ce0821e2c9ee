"""A fused event as a row of UCDP's Georeferenced Event Dataset (GED): organised violence with
at least one death, its type of violence, the two sides, where and when with UCDP's precision
codes, and best/low/high deaths.

UCDP GED Codebook (version 23.1): type_of_violence 1 state-based, 2 non-state, 3 one-sided;
where_prec 1 exact place ... 6 only the country; date_prec 1 the day ... 5 more than a month.
Events that are not organised violence in UCDP's sense (protests, riots, strategic
developments, threats) or that report no death have no GED row.
"""
from __future__ import annotations

from typing import Any, Optional

from .acled import acled_row
from .codes import actor_category, country_codes, state_country, ucdp_region

UCDP_COLUMNS = (
    "id", "relid", "year", "type_of_violence", "dyad_name", "side_a", "side_b", "number_of_sources",
    "source_article", "source_office", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "country", "iso", "region", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}
STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
CIVILIANS = "Civilians"
# Targets that make an attack by a group with no named opponent a fight with the state.
STATE_TARGETS = ("Military/Police", "Government")


def _side_name(actor: Optional[str]) -> Optional[str]:
    """UCDP names a state's side "Government of <Country>"."""
    country = state_country(actor)
    return f"Government of {country}" if country else actor


def _where_prec(event: dict) -> int:
    precision = event.get("geo_precision")
    if precision == 1:
        return 1
    if precision == 2:
        return 2
    return 4 if event.get("admin1") else 6


def ucdp_row(event: dict, admin2=None) -> Optional[dict[str, Any]]:
    """The GED row of a fused event, or None when UCDP would not code it."""
    if event.get("kind", "event") != "event" or event.get("event_type") not in VIOLENT_TYPES:
        return None
    best = (event.get("fatalities") or 0) + (event.get("attacker_fatalities") or 0)
    if best < 1:
        return None
    acled = acled_row(event, admin2, timestamp=0)
    actor1, actor2 = acled["actor1"], acled["actor2"]
    cat1, cat2 = actor_category(actor1), actor_category(actor2)
    target_type = event.get("target_type")
    civilians_hit = acled["civilian_targeting"] != "" or cat2 == "civilians"
    if not civilians_hit and "state" in (cat1, cat2) or target_type in STATE_TARGETS:
        kind = STATE_BASED
        if cat2 == "state" and cat1 != "state":      # side A is the government
            side_a, side_b = actor2, actor1
        elif cat1 == "state":
            side_a, side_b = actor1, actor2
        else:   # a group attacking the state's forces or offices
            side_a = f"Government of {event['country']}" if event.get("country") else None
            side_b = actor1
    elif not civilians_hit and (actor2 or target_type == "Non-State Armed Group"):
        kind = NON_STATE
        side_a, side_b = actor1, actor2
    else:   # violence against people who are no armed side: one-sided
        kind = ONE_SIDED
        side_a, side_b = actor1, CIVILIANS
    side_a, side_b = _side_name(side_a), _side_name(side_b)
    attackers = event.get("attacker_fatalities") or 0
    perpetrator_is_a = side_a == _side_name(actor1)
    deaths_civilians = (event.get("fatalities") or 0) if kind == ONE_SIDED else 0
    deaths_unknown = 0 if kind == ONE_SIDED else (event.get("fatalities") or 0)
    low = event.get("fatalities_low")
    high = event.get("fatalities_high")
    alpha3, numeric, _ = country_codes(event.get("country"))
    lat, lon = event.get("latitude"), event.get("longitude")
    date_start = (event.get("date_lo") or event.get("event_date") or "")[:10] or None
    date_end = (event.get("date_hi") or event.get("event_date") or "")[:10] or None
    if event.get("date_precision") == "day":
        date_start = date_end = event.get("event_date")
    return {
        "id": acled["event_id_cnty"],
        "relid": event.get("id"),
        "year": acled["year"],
        "type_of_violence": kind,
        "dyad_name": " - ".join(s for s in (side_a, side_b) if s) or None,
        "side_a": side_a,
        "side_b": side_b,
        "number_of_sources": event.get("sources"),
        "source_article": "; ".join(event.get("doc_ids") or []) or None,
        "source_office": acled["source"],
        "where_prec": _where_prec(event),
        "where_coordinates": ", ".join(x for x in (event.get("location"), event.get("admin1")) if x) or None,
        "where_description": event.get("location"),
        "adm_1": event.get("admin1"),
        "adm_2": acled["admin2"],
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})" if lat is not None and lon is not None else None,
        "country": event.get("country"),
        "iso": numeric,   # ISO 3166 numeric (UCDP's own country_id is a Gleditsch-Ward number)
        "region": ucdp_region(alpha3),
        "date_prec": DATE_PREC.get(event.get("date_precision") or ""),
        "date_start": date_start,
        "date_end": date_end,
        "deaths_a": attackers if perpetrator_is_a else 0,
        "deaths_b": 0 if perpetrator_is_a else attackers,
        "deaths_civilians": deaths_civilians,
        "deaths_unknown": deaths_unknown,
        "best": best,
        "high": (high if high is not None else event.get("fatalities") or 0) + attackers,
        "low": (low if low is not None else event.get("fatalities") or 0) + attackers,
    }
