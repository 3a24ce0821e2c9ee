"""One fused event from its member mentions: the best value of each field, the rule that chose
it, fatalities as low/best/high across sources, and the disagreements between sources.

Nothing is averaged: a value comes from some source, and conflicting values are listed.

``FusedSummary`` keeps what the choices need as running counts (votes, extremes, the first
member of each kind), so adding a member costs the same whether the event has two reports or
two thousand; ``fuse_mentions`` is a summary of all members at once. The record depends only on
the set of members, never on the order they were added in: every choice is by count, then by
value or by the lowest mention id, and vote weights are integers (sums in any order agree).
"""
from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

import yaml

from .settings import DEFAULT_SETTINGS, FusionSettings
from .similarity import PRECISION_RANK, date_bounds, haversine_km, is_fallback_date

# Fields chosen by the most sources (confidence breaks ties), with their rule name.
VOTED_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "target", "target_type", "claimed_by")
PLACE_FIELDS = ("country", "admin1", "location", "latitude", "longitude", "geo_precision")
COUNT_FIELDS = ("injuries", "attacker_fatalities", "casualties")
# Fields whose differing values are listed as a disagreement.
NOTED_FIELDS = ("event_type", "actor1")
NOTES_LIMIT = 3


def fuse_mentions(mentions: list[tuple[str, dict]], settings: FusionSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """Fused record from ``(mention_id, event_record_dict)`` pairs (records as ``Event.to_dict()``)."""
    summary = FusedSummary()
    for mid, rec in mentions:
        summary.add(mid, rec)
    return summary.record(settings)


@lru_cache(maxsize=1)
def sub_event_types() -> dict[str, str]:
    """sub-event type (lower case) -> its ACLED event type, from ``data/taxonomy.yaml``."""
    text = resources.files("eventdesk.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(text)["event_types"]
    return {sub.lower(): etype for etype, subs in table.items() for sub in subs}


def vote_weight(rec: dict) -> int:
    """One source's vote: 1 plus a tenth of its confidence, in units of 1/10,000 so that sums are
    exact whatever order the sources are added in."""
    return 10_000 + round(1_000 * float(rec.get("confidence") or 0))


class Vote:
    """Weighted votes for one field's values (compared case-insensitively), each shown as the
    member with the lowest mention id wrote it."""

    def __init__(self) -> None:
        self.weight: dict[Any, int] = defaultdict(int)
        self.shown: dict[Any, tuple[str, Any]] = {}

    def add(self, mid: str, value: Any, weight: int) -> None:
        if value is None or value == "":
            return
        key = value.lower() if isinstance(value, str) else value
        self.weight[key] += weight
        if key not in self.shown or mid < self.shown[key][0]:
            self.shown[key] = (mid, value)

    def winner(self, keys: Optional[list] = None) -> tuple[Any, str]:
        """The value with the most weight (ties: the lowest key), and its rule; among ``keys``
        only, when given."""
        pool = self.weight if keys is None else {k: self.weight[k] for k in keys}
        if not pool:
            return None, ""
        key = sorted(pool.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]
        return self.shown[key][1], "majority" if len(pool) > 1 else "only_value"


class FirstBy:
    """The member with the lowest mention id among those added under each key."""

    def __init__(self) -> None:
        self.first: dict[Any, tuple[str, Any]] = {}

    def add(self, key: Any, mid: str, value: Any) -> None:
        if key not in self.first or mid < self.first[key][0]:
            self.first[key] = (mid, value)

    def get(self, key: Any) -> Any:
        return self.first[key][1]


class FusedSummary:
    """Running summary of a fused event's members; ``record()`` is the fused record."""

    def __init__(self) -> None:
        self.mention_ids: list[str] = []          # sorted
        self.docs: Counter = Counter()            # doc_id -> members
        self.kind = FirstBy()
        self.confidence = 0.0
        self.votes = {name: Vote() for name in VOTED_FIELDS + ("country", "admin1")}
        self.noted: dict[str, dict[Any, set]] = {name: defaultdict(set) for name in NOTED_FIELDS}
        self.notes: list[tuple[str, str]] = []    # (mention id, first evidence sentence), sorted
        self.counts: dict[str, Optional[int]] = {name: None for name in COUNT_FIELDS}
        # dates
        self.date_votes: dict[float, Counter] = defaultdict(Counter)   # rank -> day -> sources
        self.date_precision = FirstBy()                                # rank -> precision
        self.date_spans: dict[tuple, set] = defaultdict(set)           # (day, precision) -> docs
        self.window: tuple[Optional[Any], Optional[Any]] = (None, None)
        # places
        self.place_votes: dict[int, Counter] = defaultdict(Counter)   # geo precision -> location -> sources
        self.place_chosen = FirstBy()                                  # (precision, location) -> fields
        self.coords: Counter = Counter()                               # specific (lat, lon)
        self.admins: set[str] = set()
        self.by_place: dict[str, set] = defaultdict(set)
        # fatalities
        self.tolls: Counter = Counter()
        self.toll_docs: dict[int, set] = defaultdict(set)
        self.toll_low: Optional[int] = None
        self.toll_high: Optional[int] = None
        self.latest: Optional[tuple] = None                            # (published, date, toll)
        self.by_source: list[tuple[tuple, str, dict, str]] = []        # sorted by report order, with its JSON

    # ------------------------------------------------------------------ adding members
    def add(self, mid: str, rec: dict) -> None:
        bisect.insort(self.mention_ids, mid)
        doc = rec.get("doc_id")
        if doc:
            self.docs[doc] += 1
        self.kind.add(0, mid, rec.get("kind") or "event")
        self.confidence = max(self.confidence, float(rec.get("confidence") or 0))
        weight = vote_weight(rec)
        for name, vote in self.votes.items():
            vote.add(mid, rec.get(name), weight)
        for name, values in self.noted.items():
            if rec.get(name):
                values[rec[name]].add(doc)
        self._add_note(mid, rec)
        for name in COUNT_FIELDS:
            value = rec.get(name)
            if value is not None:
                self.counts[name] = value if self.counts[name] is None else max(self.counts[name], value)
        self._add_date(mid, rec)
        self._add_place(mid, rec)
        self._add_toll(mid, rec)

    def _add_note(self, mid: str, rec: dict) -> None:
        for e in (rec.get("evidence") or [])[:1]:
            text = " ".join((e.get("text") or "").split())
            if text:
                bisect.insort(self.notes, (mid, text))

    def _add_date(self, mid: str, rec: dict) -> None:
        fallback = is_fallback_date(rec)
        lo, hi = date_bounds(rec.get("event_date"), rec.get("date_precision"), fallback)
        if lo:
            old_lo, old_hi = self.window
            self.window = (min(lo, old_lo) if old_lo else lo, max(hi, old_hi) if old_hi else hi)
        if not rec.get("event_date"):
            return
        # A date read in the text beats the publication-date fallback of the same precision.
        rank = PRECISION_RANK.get(rec.get("date_precision"), 4) + (0.5 if fallback else 0.0)
        self.date_votes[rank][rec["event_date"][:10]] += 1
        self.date_precision.add(rank, mid, rec.get("date_precision"))
        self.date_spans[(rec["event_date"][:10], rec.get("date_precision"))].add(rec.get("doc_id"))

    def _add_place(self, mid: str, rec: dict) -> None:
        if not (rec.get("country") or rec.get("location") or rec.get("latitude") is not None):
            return
        precision = rec.get("geo_precision") or 9
        location = (rec.get("location") or "").lower()
        self.place_votes[precision][location] += 1
        self.place_chosen.add((precision, location), mid, {name: rec.get(name) for name in PLACE_FIELDS})
        if rec.get("latitude") is not None and (rec.get("geo_precision") or 3) <= 2:
            self.coords[(rec.get("latitude"), rec.get("longitude"))] += 1
        if rec.get("admin1"):
            self.admins.add(rec["admin1"].lower())
        self.by_place[rec.get("location") or rec.get("admin1") or rec.get("country") or "?"].add(rec.get("doc_id"))

    def _add_toll(self, mid: str, rec: dict) -> None:
        toll = rec.get("fatalities")
        # A source's range widens low and high even when it gives no best figure of its own.
        low = rec.get("fatalities_low") if rec.get("fatalities_low") is not None else toll
        high = rec.get("fatalities_high") if rec.get("fatalities_high") is not None else toll
        if low is not None:
            self.toll_low = low if self.toll_low is None else min(self.toll_low, low)
        if high is not None:
            self.toll_high = high if self.toll_high is None else max(self.toll_high, high)
        if toll is None:
            return
        self.tolls[toll] += 1
        self.toll_docs[toll].add(rec.get("doc_id"))
        order = _report_order(rec)
        if rec.get("doc_published"):
            key = (*order[:2], toll)
            self.latest = key if self.latest is None else max(self.latest, key)
        published = str(rec.get("doc_published"))[:10] if rec.get("doc_published") else None
        entry = {"doc_id": rec.get("doc_id"), "published": published, "fatalities": toll,
                 "low": rec.get("fatalities_low"), "high": rec.get("fatalities_high")}
        # Sources in the order they reported (then by mention id): the toll as it rose.
        bisect.insort(self.by_source, (order, mid, entry, json.dumps(entry, ensure_ascii=False)),
                      key=lambda t: (t[0], t[1]))

    # ------------------------------------------------------------------ the fused record
    def record(self, settings: FusionSettings = DEFAULT_SETTINGS, by_source: bool = True) -> dict[str, Any]:
        """The fused record; ``by_source`` False leaves out the list of each source's toll (a
        writer that splices in ``by_source_json()`` instead of encoding it again)."""
        out: dict[str, Any] = {"kind": self.kind.get(0)}
        rules: dict[str, str] = {}
        disagreements: list[dict[str, Any]] = []
        self._choose_date(out, rules, disagreements)
        self._choose_place(out, rules, disagreements, settings)
        for name in VOTED_FIELDS:
            value, rule = self.votes[name].winner()
            out[name] = value
            if value is not None:
                rules[name] = rule
        self._fit_sub_event_type(out, rules)
        for name in NOTED_FIELDS:
            self._note_disagreement(name, disagreements)
        self._choose_fatalities(out, rules, disagreements, settings, by_source)
        for name in COUNT_FIELDS:
            out[name] = self.counts[name]
            if self.counts[name] is not None:
                rules[name] = "highest_reported"
        doc_ids = sorted(self.docs)
        out.update(
            confidence=round(self.confidence, 3),
            doc_ids=doc_ids,
            mention_ids=list(self.mention_ids),
            sources=len(doc_ids),
            notes=self._notes(),
            rules=rules,
            disagreements=disagreements,
        )
        lo, hi = (d.isoformat() if d else None for d in self.window)
        out["date_lo"], out["date_hi"] = lo, hi
        if out.get("event_date") and lo and not lo <= out["event_date"][:10] <= hi:
            out["date_lo"], out["date_hi"] = min(lo, out["event_date"][:10]), max(hi, out["event_date"][:10])
        return out

    def by_source_json(self) -> list[str]:
        """``fatalities_by_source`` as JSON, one string a source, each encoded once."""
        return [text for _, _, _, text in self.by_source]

    def _notes(self) -> str:
        """ACLED-style notes: the first evidence sentence of each source, deduplicated."""
        seen, out = set(), []
        for _, text in self.notes:
            if text.lower() not in seen:
                seen.add(text.lower())
                out.append(text)
                if len(out) == NOTES_LIMIT:
                    break
        return " | ".join(out)

    def _choose_date(self, out, rules, disagreements) -> None:
        if not self.date_votes:
            out["event_date"], out["date_precision"] = None, None
            return
        best_rank = min(self.date_votes)
        # Most precise first, then most sources, then the earliest (later reports drift to report dates).
        value = sorted(self.date_votes[best_rank].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out["event_date"] = value
        out["date_precision"] = self.date_precision.get(best_rank)
        rules["event_date"] = "most_precise_then_majority"
        # Disagreement: two dated reports whose intervals do not overlap at all.
        bounds = [b for b in (date_bounds(*k) for k in self.date_spans) if b[0]]
        if bounds and max(lo for lo, _ in bounds) > min(hi for _, hi in bounds):
            disagreements.append({"field": "event_date", "values": [
                {"value": d, "precision": p, "doc_ids": sorted(docs)}
                for (d, p), docs in sorted(self.date_spans.items())]})

    def _choose_place(self, out, rules, disagreements, settings) -> None:
        if not self.place_votes:
            for name in PLACE_FIELDS:
                out[name] = None
            return
        # The finest geo precision wins (1 = the town itself); among equals, the most reported place.
        best = min(self.place_votes)
        top = sorted(self.place_votes[best].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        chosen = self.place_chosen.get((best, top))
        for name in PLACE_FIELDS:
            out[name] = chosen.get(name)
        # A coarser source may know the country/admin1 the finest one missed.
        for name in ("country", "admin1"):
            if out[name] is None:
                out[name], _ = self.votes[name].winner()
        rules["location"] = "finest_geo_precision_then_majority"
        # Only specific places can disagree: a province or country centroid is coarser, not conflicting.
        radius = settings.place_radius_km.get(1, 25.0)
        far = out.get("latitude") is not None and any(
            haversine_km(la, lo, out["latitude"], out["longitude"]) > radius for la, lo in self.coords)
        if far or len(self.admins) > 1:
            disagreements.append({"field": "location", "values": [
                {"value": k, "doc_ids": sorted(v)} for k, v in sorted(self.by_place.items())]})

    def _fit_sub_event_type(self, out: dict, rules: dict) -> None:
        """The sub-event type must belong to the fused event type (ACLED's table): vote among the
        sources whose sub-type does; none when no source gives one that fits."""
        table = sub_event_types()
        etype = out.get("event_type")
        sub = out.get("sub_event_type")
        if sub is None or (etype and table.get(sub.lower()) == etype):
            return
        votes = self.votes["sub_event_type"]
        value, _ = votes.winner([k for k in votes.weight if table.get(k) == etype])
        out["sub_event_type"] = value
        if value is None:
            rules.pop("sub_event_type", None)
        else:
            rules["sub_event_type"] = "majority_within_event_type"

    def _note_disagreement(self, name: str, disagreements: list) -> None:
        values = self.noted[name]
        if len({v.lower() for v in values}) > 1:
            disagreements.append({"field": name, "values": [
                {"value": v, "doc_ids": sorted(d)} for v, d in sorted(values.items())]})

    def _choose_fatalities(self, out, rules, disagreements, settings: FusionSettings, by_source: bool = True) -> None:
        """Low/best/high across sources, each source's figure kept (``fatalities_by_source``).

        Tolls rise as bodies are found and the wounded die, so by default ("latest") the best figure
        is the latest report's (its article's publication date; among one day's reports the highest;
        without publication dates, as "mode");
        "mode" takes the figure most sources report, ties broken by the lowest; "conservative" the
        lowest (ACLED's rule when reports conflict). low = the lowest figure any source gives (its low
        bound if it gave a range), high = the highest (its high bound); always low <= best <= high.
        """
        if not self.tolls:
            out["fatalities"] = out["fatalities_low"] = out["fatalities_high"] = None
            return
        if settings.fatality_best_rule == "conservative":
            best, rule = min(self.tolls), "conservative_lowest"
        elif settings.fatality_best_rule == "mode" or self.latest is None:   # no report dates: the most reported
            best = sorted(self.tolls.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            rule = "most_reported_then_lowest" if len(self.tolls) > 1 else "only_value"
        else:
            best, rule = self.latest[2], "latest_report" if len(self.tolls) > 1 else "only_value"
        out["fatalities"] = best
        out["fatalities_low"] = min(self.toll_low, best)
        out["fatalities_high"] = max(self.toll_high, best)
        rules["fatalities"] = rule
        if by_source:   # else the writer splices in ``by_source_json()`` (not built at every join)
            out["fatalities_by_source"] = [dict(entry) for _, _, entry, _ in self.by_source]
        if len(self.tolls) > 1:
            disagreements.append({"field": "fatalities", "values": [
                {"value": v, "doc_ids": sorted(self.toll_docs[v])} for v in sorted(self.toll_docs)]})


def _report_order(r: dict) -> tuple:
    """When a source reported: its article's publication date, then the date it gives."""
    return (str(r.get("doc_published") or "")[:10], str(r.get("event_date") or "")[:10], str(r.get("doc_id") or ""))
