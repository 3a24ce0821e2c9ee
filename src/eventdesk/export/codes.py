"""ACLED's coded columns of a fused event: actor types ('inter' codes), interaction,
disorder type, civilian targeting, the country's ISO codes and region, and event_id_cnty.

The codes live in ``data/acled_codes.yaml`` and ``data/acled_regions.yaml``; actor categories
come from ``data/actors.yaml`` (the table extraction names actors with), so an actor is typed
the way it was named.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..resources import load_data

STORE_ID = re.compile(r"^EVD([0-9A-F]{12})$")
CNTY_ID = re.compile(r"^([A-Z]{3})(\d+)$")


def _codes() -> dict:
    return load_data("acled_codes.yaml")


@lru_cache(maxsize=1)
def _named_categories() -> dict[str, str]:
    """Canonical actor name -> category, from data/actors.yaml."""
    raw = load_data("actors.yaml")
    out = {g["name"]: g["category"] for g in raw["groups"]}
    for name in (raw.get("islamic_state_by_country") or {}).values():
        out.setdefault(name, "rebel")
    return out


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rx), category) for rx, category in _codes()["actor_name_patterns"]]


STATE_COUNTRY = re.compile(r"^(?:Military Forces|Police Forces|Government) of (?:the )?(?P<rest>.+?)(?: \(\d{4}-\d{0,4}\))?"
                           r"(?: .*Faction)?$")


@lru_cache(maxsize=20_000)
def actor_category(name: Optional[str]) -> Optional[str]:
    """The category (data/actors.yaml's: state, rebel, ..., unidentified) of an ACLED-style
    actor name; None when nothing says (a group no table knows)."""
    if not name:
        return None
    base = re.sub(r"\s*\(\d{4}-\d{0,4}\)", "", name).strip()
    named = _named_categories()
    if name in named or base in named:
        return named.get(name) or named[base]
    for rx, category in _patterns():
        if rx.search(name):
            return category
    from ..extract.actors import find_actors   # aliases: an actor named by its short form
    found = [a for a in find_actors(name) if a.end - a.start >= 0.6 * len(name)]
    if found:
        return found[0].category
    # A state named by its country (a diplomatic measure by "Canada"): its government.
    return "state" if country_codes(name)[0] else None


def state_country(name: Optional[str]) -> Optional[str]:
    """"Military Forces of Afghanistan (2021-)" -> "Afghanistan"."""
    m = STATE_COUNTRY.match(name or "")
    if m:
        return m.group("rest")
    return name if name and country_codes(name)[0] else None


def inter_code(name: Optional[str], event_country: Optional[str] = None) -> Optional[int]:
    """ACLED's inter code of an actor in an event; state forces abroad are external (8)."""
    category = actor_category(name)
    if category is None:
        return None
    if category == "state" and event_country:
        home = state_country(name)
        if home and home.lower() != event_country.lower():
            return _codes()["external_state_code"]
    return _codes()["inter_codes"][category]


def interaction(inter1: Optional[int], inter2: Optional[int]) -> Optional[int]:
    """ACLED's interaction: the two inter codes, lower first (12: state forces and rebels); an
    actor alone is its code followed by 0 (10: state forces only)."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def disorder_type(event_type: Optional[str], sub_event_type: Optional[str]) -> Optional[str]:
    table = _codes()["disorder_types"]
    return table["by_sub_event_type"].get(sub_event_type or "") or table["by_event_type"].get(event_type or "")


def civilian_targeting(event_type: Optional[str], sub_event_type: Optional[str],
                       inter1: Optional[int], inter2: Optional[int]) -> str:
    """"Civilian targeting" when civilians are the primary or only target, else empty."""
    rule = _codes()["civilian_targeting"]
    civilians = _codes()["inter_codes"]["civilians"]
    if event_type in rule["event_types"] or sub_event_type in rule["sub_event_types"]:
        return rule["value"]
    if event_type in rule["with_civilians_types"] and civilians in (inter1, inter2):
        return rule["value"]
    return ""


def tags(event: dict) -> Optional[str]:
    """ACLED's tags the event's own fields give ("crowd size=large"), or None."""
    found = [f"{rule['tag']}={event[rule['field']]}" for rule in _codes()["tags"]
             if event.get("event_type") in rule["event_types"] and event.get(rule["field"]) not in (None, "")]
    return "; ".join(found) or None


# ---------------------------------------------------------------- outlets

@lru_cache(maxsize=1)
def _outlets() -> tuple[dict[str, Optional[str]], list[str]]:
    """Outlet name or domain -> its home country (None: a wire service, international anywhere),
    and ACLED's order of scales."""
    table = load_data("outlets.yaml")
    home: dict[str, Optional[str]] = {name.lower(): None for name in table["international"]}
    for country, names in table["national"].items():
        home.update({name.lower(): country for name in names})
    return home, table["scale_order"]


UNKNOWN = object()


def _outlet_home(outlet: str):
    """An outlet's home country, None for a wire service, UNKNOWN when the table lacks it."""
    home, _ = _outlets()
    name = outlet.strip().lower()
    if name in home:
        return home[name]
    host = re.sub(r"^[a-z]+://", "", name).split("/", 1)[0].split(":", 1)[0]
    labels = host.split(".")
    for i in range(len(labels) - 1):        # the domain, then each parent domain
        if ".".join(labels[i:]) in home:
            return home[".".join(labels[i:])]
    return UNKNOWN


def outlet_scale(outlet: str, event_country: Optional[str]) -> Optional[str]:
    """ACLED's scale of one outlet for an event: National (an outlet of the event's country),
    International (a wire service or a foreign outlet), or None when eventdesk cannot tell."""
    home = _outlet_home(outlet)
    if home is UNKNOWN:
        return None
    if home is None:
        return "International"
    if not event_country:
        return None
    return "National" if home.lower() == event_country.strip().lower() else "International"


def source_scale(outlets: Optional[list[str]], event_country: Optional[str]) -> Optional[str]:
    """ACLED's source_scale: the scales of the event's outlets in ACLED's order, joined by "-"
    ("National-International"); None unless the scale of every outlet is known."""
    scales = [outlet_scale(o, event_country) for o in outlets or []]
    if not scales or None in scales:
        return None
    order = _outlets()[1]
    return "-".join(sorted(set(scales), key=order.index))


def civilian_actor2(event: dict) -> Optional[str]:
    """ACLED's actor 2 for violence aimed at private citizens that names no actor 2."""
    rule = _codes()["civilian_actor2"]
    if event.get("actor2") or not event.get("country"):
        return event.get("actor2")
    if event.get("event_type") in rule["event_types"] and event.get("target_type") in rule["target_types"]:
        return f"Civilians ({event['country']})"
    return None


# ---------------------------------------------------------------- countries

@lru_cache(maxsize=1)
def _region_of() -> dict[str, str]:
    table = load_data("acled_regions.yaml")["regions"]
    return {code: region for region, codes in table.items() for code in codes}


def ucdp_region(alpha3: Optional[str]) -> Optional[str]:
    data = load_data("acled_regions.yaml")
    if not alpha3:
        return None
    if alpha3 in data["ucdp_region_overrides"]:
        return data["ucdp_region_overrides"][alpha3]
    return data["ucdp_regions"].get(_region_of().get(alpha3, ""))


@lru_cache(maxsize=2_000)
def country_codes(country: Optional[str]) -> tuple[Optional[str], Optional[int], Optional[str]]:
    """(ISO alpha-3, ISO numeric, ACLED region) of a country name as eventdesk writes it (the
    gazetteer's GeoNames names: "Ivory Coast", "Democratic Republic of Congo", "Kosovo")."""
    if not country:
        return None, None, None
    import pycountry

    alpha2 = _gazetteer_code(country)
    if alpha2 is None:
        try:
            alpha2 = pycountry.countries.lookup(country).alpha_2
        except LookupError:
            return None, None, None
    override = _codes()["iso_overrides"].get(alpha2)
    if override:
        alpha3, numeric = override["alpha3"], override["numeric"]
    else:
        c = pycountry.countries.get(alpha_2=alpha2)
        if c is None:
            return None, None, None
        alpha3, numeric = c.alpha_3, int(c.numeric)
    return alpha3, numeric, _region_of().get(alpha3)


def _gazetteer_code(country: str) -> Optional[str]:
    from ..geo import get_gazetteer
    try:
        return get_gazetteer().country_code(country)
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------- ids

def event_id_cnty(store_id: str, country: Optional[str]) -> str:
    """ACLED's id form, country code and number ("AFG164735209887387"): the number is the store
    id's own (its hexadecimal digits read as one number), so the id is the same in every export,
    whatever the filters, and leads back to the stored event (``store_event_id``)."""
    alpha3 = country_codes(country)[0] or _codes()["unknown_country_code"]
    m = STORE_ID.match(store_id or "")
    if m:
        number = int(m.group(1), 16)
    else:   # an id of another form: a stable number from its digest
        import hashlib
        number = int(hashlib.sha1((store_id or "").encode("utf-8")).hexdigest()[:12], 16)
    return f"{alpha3}{number}"


def store_event_id(event_id: str) -> str:
    """The store's id of an event given either form (``EVD...`` or ACLED's ``AFG...``)."""
    m = CNTY_ID.match(event_id or "")
    if m and int(m.group(2)) < 16 ** 12:
        return f"EVD{int(m.group(2)):012X}"
    return event_id
