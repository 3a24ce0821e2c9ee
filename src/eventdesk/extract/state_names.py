"""ACLED's names for state forces: the country with its article and the regime's period.

"Military Forces of Ukraine" on 3 May 2020 is ACLED's "Military Forces of Ukraine (2019-)";
"Police Forces of Philippines" is "Police Forces of the Philippines (2016-)"; a faction keeps
its place after the period ("Military Forces of Libya (2014-) Haftar Faction"). Periods come
from ``data/state_periods.csv``; a country or date it does not cover keeps the plain name.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Optional

# ACLED writes these country names with "the" inside actor names.
THE_COUNTRIES = {
    "United States", "United Kingdom", "Philippines", "Democratic Republic of Congo",
    "Republic of Congo", "United Arab Emirates", "Central African Republic", "Netherlands",
    "Gambia", "Bahamas", "Comoros", "Maldives", "Czech Republic", "Dominican Republic",
}
STATE_NAME = re.compile(r"^(?P<base>Military Forces|Police Forces|Government) of (?:the )?(?P<rest>.+)$")


@lru_cache(maxsize=1)
def _periods() -> dict[str, list[tuple[str, date, Optional[date]]]]:
    text = resources.files("eventdesk").joinpath("data", "state_periods.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
    out: dict[str, list] = {}
    for r in rows:
        end = date.fromisoformat(r["end"]) if r["end"] else None
        out.setdefault(r["country"], []).append((r["faction"], date.fromisoformat(r["start"]), end))
    return out


def _split(rest: str) -> tuple[str, str]:
    """"Libya Haftar Faction" -> ("Libya", "Haftar Faction"), by the longest known country."""
    for country in sorted(_periods(), key=len, reverse=True):
        if rest == country or rest.startswith(country + " "):
            return country, rest[len(country):].strip()
    return rest, ""


def acled_state_name(name: Optional[str], when: Optional[date], closed_ranges: bool = False) -> Optional[str]:
    """``name`` as ACLED writes it for an event on ``when``; other names pass through."""
    m = STATE_NAME.match(name or "")
    if not m:
        return name
    country, faction = _split(m.group("rest"))
    article = "the " if country in THE_COUNTRIES else ""
    label = ""
    if when is not None:
        for fac, start, end in _periods().get(country, ()):
            if fac == faction and start <= when and (end is None or when <= end):
                label = f" ({start.year}-{end.year if closed_ranges and end else ''})"
                break
    return f"{m.group('base')} of {article}{country}{label}{' ' + faction if faction else ''}"
