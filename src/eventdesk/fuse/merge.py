"""One fused event from its member mentions: the best value of each field, the rule that chose
it, fatalities as low/best/high across sources, and the disagreements between sources.

Nothing is averaged: a value comes from some source, and conflicting values are listed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

import yaml
from typing import Any, Optional

from .settings import DEFAULT_SETTINGS, FusionSettings
from .similarity import PRECISION_RANK, date_bounds, haversine_km, is_fallback_date

# Fields chosen by the most sources (confidence breaks ties), with their rule name.
VOTED_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "target", "target_type", "claimed_by")
PLACE_FIELDS = ("country", "admin1", "location", "latitude", "longitude", "geo_precision")
COUNT_FIELDS = ("injuries", "attacker_fatalities", "casualties")


def fuse_mentions(mentions: list[tuple[str, dict]], settings: FusionSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """Fused record from ``(mention_id, event_record_dict)`` pairs (records as ``Event.to_dict()``)."""
    mentions = sorted(mentions, key=lambda m: m[0])
    recs = [r for _, r in mentions]
    out: dict[str, Any] = {"kind": recs[0].get("kind") or "event"}
    rules: dict[str, str] = {}
    disagreements: list[dict[str, Any]] = []

    _choose_date(mentions, out, rules, disagreements)
    _choose_place(mentions, out, rules, disagreements, settings)
    for name in VOTED_FIELDS:
        value, rule = _vote(recs, name)
        out[name] = value
        if value is not None:
            rules[name] = rule
    _fit_sub_event_type(recs, out, rules)
    for name in ("event_type", "actor1"):
        _note_disagreement(mentions, name, disagreements)
    _choose_fatalities(mentions, out, rules, disagreements, settings)
    for name in COUNT_FIELDS:
        values = [r.get(name) for r in recs if r.get(name) is not None]
        out[name] = max(values) if values else None
        if values:
            rules[name] = "highest_reported"

    doc_ids = sorted({r.get("doc_id") for r in recs if r.get("doc_id")})
    out.update(
        confidence=round(max(float(r.get("confidence") or 0) for r in recs), 3),
        doc_ids=doc_ids,
        mention_ids=[mid for mid, _ in mentions],
        sources=len(doc_ids),
        notes=_notes(recs),
        rules=rules,
        disagreements=disagreements,
    )
    lo, hi = _date_window(recs)
    out["date_lo"], out["date_hi"] = lo, hi
    if out.get("event_date") and lo and not lo <= out["event_date"][:10] <= hi:
        out["date_lo"], out["date_hi"] = min(lo, out["event_date"][:10]), max(hi, out["event_date"][:10])
    return out


@lru_cache(maxsize=1)
def sub_event_types() -> dict[str, str]:
    """sub-event type (lower case) -> its ACLED event type, from ``data/taxonomy.yaml``."""
    text = resources.files("eventdesk.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(text)["event_types"]
    return {sub.lower(): etype for etype, subs in table.items() for sub in subs}


def _fit_sub_event_type(recs: list[dict], out: dict, rules: dict) -> None:
    """The sub-event type must belong to the fused event type (ACLED's table): vote among the
    sources whose sub-type does; none when no source gives one that fits."""
    table = sub_event_types()
    etype = out.get("event_type")
    sub = out.get("sub_event_type")
    if sub is None or (etype and table.get(sub.lower()) == etype):
        return
    fitting = [r for r in recs if r.get("sub_event_type") and table.get(r["sub_event_type"].lower()) == etype]
    value, _ = _vote(fitting, "sub_event_type")
    out["sub_event_type"] = value
    if value is None:
        rules.pop("sub_event_type", None)
    else:
        rules["sub_event_type"] = "majority_within_event_type"


def _notes(recs: list[dict], limit: int = 3) -> str:
    """ACLED-style notes: the first evidence sentence of each source, deduplicated."""
    seen, out = set(), []
    for r in recs:
        for e in (r.get("evidence") or [])[:1]:
            text = " ".join((e.get("text") or "").split())
            if text and text.lower() not in seen:
                seen.add(text.lower())
                out.append(text)
    return " | ".join(out[:limit])


def _date_window(recs: list[dict]) -> tuple[Optional[str], Optional[str]]:
    """The span all dated members cover: what blocking compares new mentions against."""
    bounds = [date_bounds(r.get("event_date"), r.get("date_precision"), is_fallback_date(r)) for r in recs]
    bounds = [b for b in bounds if b[0]]
    if not bounds:
        return None, None
    return min(b[0] for b in bounds).isoformat(), max(b[1] for b in bounds).isoformat()


def _choose_date(mentions, out, rules, disagreements) -> None:
    dated = [(mid, r) for mid, r in mentions if r.get("event_date")]
    if not dated:
        out["event_date"], out["date_precision"] = None, None
        return
    # A date read in the text beats the publication-date fallback of the same precision.
    rank = lambda r: PRECISION_RANK.get(r.get("date_precision"), 4) + (0.5 if is_fallback_date(r) else 0.0)
    best_rank = min(rank(r) for _, r in dated)
    finest = [r for _, r in dated if rank(r) == best_rank]
    votes = Counter(r["event_date"][:10] for r in finest)
    # Most precise first, then most sources, then the earliest (later reports drift to report dates).
    value = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    out["event_date"] = value
    out["date_precision"] = finest[0].get("date_precision")
    rules["event_date"] = "most_precise_then_majority"
    # Disagreement: two dated reports whose intervals do not overlap at all.
    spans = {}
    for mid, r in dated:
        spans.setdefault((r["event_date"][:10], r.get("date_precision")), []).append(r.get("doc_id"))
    keys = list(spans)
    bounds = {k: date_bounds(*k) for k in keys}
    if any(bounds[a][0] > bounds[b][1] or bounds[b][0] > bounds[a][1] for a in keys for b in keys):
        disagreements.append({"field": "event_date", "values": [
            {"value": d, "precision": p, "doc_ids": sorted(set(docs))} for (d, p), docs in sorted(spans.items())]})


def _choose_place(mentions, out, rules, disagreements, settings) -> None:
    placed = [r for _, r in mentions if r.get("country") or r.get("location") or r.get("latitude") is not None]
    if not placed:
        for name in PLACE_FIELDS:
            out[name] = None
        return
    # The finest geo precision wins (1 = the town itself); among equals, the most reported place.
    best = min(r.get("geo_precision") or 9 for r in placed)
    finest = [r for r in placed if (r.get("geo_precision") or 9) == best]
    votes = Counter((r.get("location") or "").lower() for r in finest)
    top = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    chosen = next(r for r in finest if (r.get("location") or "").lower() == top)
    for name in PLACE_FIELDS:
        out[name] = chosen.get(name)
    # A coarser source may know the country/admin1 the finest one missed.
    for name in ("country", "admin1"):
        if out[name] is None:
            out[name], _ = _vote([r for _, r in mentions], name)
    rules["location"] = "finest_geo_precision_then_majority"
    # Only specific places can disagree: a province or country centroid is coarser, not conflicting.
    coords = [(r.get("latitude"), r.get("longitude"), r) for r in placed
              if r.get("latitude") is not None and (r.get("geo_precision") or 3) <= 2]
    far = [r for la, lo, r in coords if out.get("latitude") is not None
           and haversine_km(la, lo, out["latitude"], out["longitude"]) > settings.place_radius_km.get(1, 25.0)]
    admins = {(r.get("admin1") or "").lower() for r in placed if r.get("admin1")}
    if far or len(admins) > 1:
        by_place: dict[str, set] = defaultdict(set)
        for r in placed:
            by_place[r.get("location") or r.get("admin1") or r.get("country") or "?"].add(r.get("doc_id"))
        disagreements.append({"field": "location", "values": [
            {"value": k, "doc_ids": sorted(v)} for k, v in sorted(by_place.items())]})


def _vote(recs: list[dict], name: str) -> tuple[Any, str]:
    weight: dict[Any, float] = defaultdict(float)
    shown: dict[Any, Any] = {}
    for r in recs:
        v = r.get(name)
        if v is None or v == "":
            continue
        key = v.lower() if isinstance(v, str) else v
        weight[key] += 1.0 + 0.1 * float(r.get("confidence") or 0)
        shown.setdefault(key, v)
    if not weight:
        return None, ""
    key = sorted(weight.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]
    return shown[key], "majority" if len(weight) > 1 else "only_value"


def _note_disagreement(mentions, name: str, disagreements: list) -> None:
    values: dict[str, set] = defaultdict(set)
    for _, r in mentions:
        if r.get(name):
            values[r[name]].add(r.get("doc_id"))
    if len({v.lower() for v in values}) > 1:
        disagreements.append({"field": name, "values": [
            {"value": v, "doc_ids": sorted(d)} for v, d in sorted(values.items())]})


def _report_order(r: dict) -> tuple:
    """When a source reported: its article's publication date, then the date it gives."""
    return (str(r.get("doc_published") or "")[:10], str(r.get("event_date") or "")[:10], str(r.get("doc_id") or ""))


def _choose_fatalities(mentions, out, rules, disagreements, settings: FusionSettings) -> None:
    """Low/best/high across sources, each source's figure kept (``fatalities_by_source``).

    Tolls rise as bodies are found and the wounded die, so by default ("latest") the best figure
    is the latest report's (its article's publication date; among one day's reports the highest;
    without publication dates, as "mode");
    "mode" takes the figure most sources report, ties broken by the lowest; "conservative" the
    lowest (ACLED's rule when reports conflict). low = the lowest figure any source gives (its low
    bound if it gave a range), high = the highest (its high bound); always low <= best <= high.
    """
    reports = [(r.get("doc_id"), r.get("fatalities"), r.get("fatalities_low"), r.get("fatalities_high"), r)
               for _, r in mentions]
    best_values = [f for _, f, _, _, _ in reports if f is not None]
    lows = [lo if lo is not None else f for _, f, lo, _, _ in reports if (lo if lo is not None else f) is not None]
    highs = [hi if hi is not None else f for _, f, _, hi, _ in reports if (hi if hi is not None else f) is not None]
    if not best_values:
        out["fatalities"] = out["fatalities_low"] = out["fatalities_high"] = None
        return
    votes = Counter(best_values)
    dated = [r for _, f, _, _, r in reports if f is not None and r.get("doc_published")]
    if settings.fatality_best_rule == "conservative":
        best, rule = min(best_values), "conservative_lowest"
    elif settings.fatality_best_rule == "mode" or not dated:   # no report dates: the most reported
        best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        rule = "most_reported_then_lowest" if len(votes) > 1 else "only_value"
    else:
        latest = max(dated, key=lambda r: (*_report_order(r)[:2], r["fatalities"]))
        best, rule = latest["fatalities"], "latest_report" if len(votes) > 1 else "only_value"
    low = min(lows) if lows else best
    high = max(highs) if highs else best
    out["fatalities"] = best
    out["fatalities_low"] = min(low, best)
    out["fatalities_high"] = max(high, best)
    rules["fatalities"] = rule
    out["fatalities_by_source"] = [
        {"doc_id": doc, "published": (str(r.get("doc_published"))[:10] if r.get("doc_published") else None),
         "fatalities": f, "low": lo, "high": hi}
        for doc, f, lo, hi, r in sorted(reports, key=lambda x: _report_order(x[4])) if f is not None]
    if len(set(best_values)) > 1:
        by_value: dict[int, set] = defaultdict(set)
        for doc, f, _, _, _ in reports:
            if f is not None:
                by_value[f].add(doc)
        disagreements.append({"field": "fatalities", "values": [
            {"value": v, "doc_ids": sorted(d)} for v, d in sorted(by_value.items())]})
