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


class DocLists:
    """The documents behind each value of a field (a disagreement lists them)."""

    def __init__(self, entry) -> None:
        self.docs: dict[Any, set] = defaultdict(set)
        self.keys: list = []                       # sorted
        self.entry = entry                          # (key, sorted docs) -> the entry dict

    def add(self, key: Any, doc: Any) -> None:
        docs = self.docs.get(key)
        if docs is None:
            docs = self.docs[key]
            bisect.insort(self.keys, key)
        docs.add(doc)

    def __len__(self) -> int:
        return len(self.docs)

    def entries(self) -> list[dict]:
        return [self.entry(k, sorted(self.docs[k])) for k in self.keys]


def _value_entry(value, docs) -> dict:
    return {"value": value, "doc_ids": docs}


def _span_entry(key, docs) -> dict:
    return {"value": key[0], "precision": key[1], "doc_ids": docs}


# The fields a disagreement may be over, each with its entries' shape (a value of the field, or
# a date and its precision, with the documents giving it).
DISAGREEMENT_ENTRIES = {"event_date": _span_entry, "location": _value_entry, "event_type": _value_entry,
                        "actor1": _value_entry, "fatalities": _value_entry}


def _disagreement(name: str, values: DocLists, lists: bool):
    """A disagreement over ``name``: a dict, or (``lists`` False) the field's name alone (a
    writer keeps its values as each member's part, ``FusedSummary.part``)."""
    if not lists:
        return name
    return {"field": name, "values": values.entries()}


class FusedSummary:
    """Running summary of a fused event's members; ``record()`` is the fused record."""

    def __init__(self) -> None:
        self.mention_ids: list[str] = []          # sorted
        self.docs: Counter = Counter()            # doc_id -> members
        self.kind = FirstBy()
        self.confidence = 0.0
        self.votes = {name: Vote() for name in VOTED_FIELDS + ("country", "admin1")}
        self.noted: dict[str, DocLists] = {
            name: DocLists(DISAGREEMENT_ENTRIES[name]) for name in NOTED_FIELDS}
        self.noted_lower: dict[str, set] = {name: set() for name in NOTED_FIELDS}
        # The notes: per distinct sentence (case folded) its first (mention id, sentence); those, sorted.
        self.note_first: dict[str, tuple[str, str]] = {}
        self.notes: list[tuple[str, str]] = []
        self.counts: dict[str, Optional[int]] = {name: None for name in COUNT_FIELDS}
        # dates
        self.date_votes: dict[float, Counter] = defaultdict(Counter)   # rank -> day -> sources
        self.date_precision = FirstBy()                                # rank -> precision
        self.date_spans = DocLists(DISAGREEMENT_ENTRIES["event_date"])
        self.span_bounds: tuple[Optional[Any], Optional[Any]] = (None, None)   # latest start, earliest end
        self.window: tuple[Optional[Any], Optional[Any]] = (None, None)
        # places
        self.place_votes: dict[int, Counter] = defaultdict(Counter)   # geo precision -> location -> sources
        self.place_chosen = FirstBy()                                  # (precision, location) -> fields
        self.coords: Counter = Counter()                               # specific (lat, lon)
        self.coord_list: list[tuple] = []                              # its keys, in the order first seen
        self._far: Optional[tuple] = None                              # (centre, radius, coords checked, far)
        self.admins: set[str] = set()
        self.by_place = DocLists(DISAGREEMENT_ENTRIES["location"])
        # fatalities
        self.tolls: Counter = Counter()
        self.toll_docs = DocLists(DISAGREEMENT_ENTRIES["fatalities"])
        self.toll_low: Optional[int] = None
        self.toll_high: Optional[int] = None
        self.latest: Optional[tuple] = None                            # (published, date, toll)
        self.by_source: list[tuple[tuple, str, dict]] = []             # sorted by report order
        # the documents behind each value a disagreement may list, by the disagreement's field
        self.doc_lists = {"event_date": self.date_spans, "location": self.by_place, **self.noted,
                          "fatalities": self.toll_docs}
        self._part: Optional[dict] = None   # while ``add_part`` adds a member: what it lists

    # ------------------------------------------------------------------ adding members
    def add_part(self, mid: str, rec: dict) -> dict:
        """Add a member and return its part of the record's lists (``lists_from_parts``): its
        document, the value of each field a disagreement may list it under, its toll entry."""
        self._part = part = {"doc": rec.get("doc_id"), "lists": []}
        try:
            self.add(mid, rec)
        finally:
            self._part = None
        return part

    def _listed(self, field: str, key: Any, doc: Any) -> None:
        self.doc_lists[field].add(key, doc)
        if self._part is not None:
            self._part["lists"].append([field, key])

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
                self._listed(name, rec[name], doc)
                self.noted_lower[name].add(rec[name].lower())
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
                entry, old = (mid, text), self.note_first.get(text.lower())
                if old is None or entry < old:
                    if old is not None:
                        del self.notes[bisect.bisect_left(self.notes, old)]
                    self.note_first[text.lower()] = entry
                    bisect.insort(self.notes, entry)

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
        key = (rec["event_date"][:10], rec.get("date_precision"))
        if key not in self.date_spans.docs:
            b_lo, b_hi = date_bounds(*key)
            if b_lo:
                latest, earliest = self.span_bounds
                self.span_bounds = (b_lo if latest is None else max(latest, b_lo),
                                    b_hi if earliest is None else min(earliest, b_hi))
        self._listed("event_date", key, rec.get("doc_id"))

    def _add_place(self, mid: str, rec: dict) -> None:
        if not (rec.get("country") or rec.get("location") or rec.get("latitude") is not None):
            return
        precision = rec.get("geo_precision") or 9
        location = (rec.get("location") or "").lower()
        self.place_votes[precision][location] += 1
        self.place_chosen.add((precision, location), mid, {name: rec.get(name) for name in PLACE_FIELDS})
        if rec.get("latitude") is not None and (rec.get("geo_precision") or 3) <= 2:
            point = (rec.get("latitude"), rec.get("longitude"))
            if point not in self.coords:
                self.coord_list.append(point)
            self.coords[point] += 1
        if rec.get("admin1"):
            self.admins.add(rec["admin1"].lower())
        self._listed("location", rec.get("location") or rec.get("admin1") or rec.get("country") or "?",
                     rec.get("doc_id"))

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
        self._listed("fatalities", toll, rec.get("doc_id"))
        order = _report_order(rec)
        if rec.get("doc_published"):
            key = (*order[:2], toll)
            self.latest = key if self.latest is None else max(self.latest, key)
        published = str(rec.get("doc_published"))[:10] if rec.get("doc_published") else None
        entry = {"doc_id": rec.get("doc_id"), "published": published, "fatalities": toll,
                 "low": rec.get("fatalities_low"), "high": rec.get("fatalities_high")}
        # Sources in the order they reported (then by mention id): the toll as it rose.
        at = bisect.bisect_right(self.by_source, (order, mid), key=lambda t: (t[0], t[1]))
        self.by_source.insert(at, (order, mid, entry))
        if self._part is not None:
            self._part["toll"] = [list(order), entry]

    # ------------------------------------------------------------------ the fused record
    def record(self, settings: FusionSettings = DEFAULT_SETTINGS, by_source: bool = True,
               lists: bool = True) -> dict[str, Any]:
        """The fused record; ``by_source`` False leaves out the list of each source's toll.
        ``lists`` False, for a writer that keeps every list growing with the event as its
        members' parts (``add_part``, ``lists_from_parts``) rather than in the record: ``doc_ids``
        and ``mention_ids`` are None (in their place), each disagreement is its field's name, and
        ``fatalities_by_source`` is left out."""
        out: dict[str, Any] = {"kind": self.kind.get(0)}
        rules: dict[str, str] = {}
        disagreements: list = []
        self._choose_date(out, rules, disagreements, lists)
        self._choose_place(out, rules, disagreements, settings, lists)
        for name in VOTED_FIELDS:
            value, rule = self.votes[name].winner()
            out[name] = value
            if value is not None:
                rules[name] = rule
        self._fit_sub_event_type(out, rules)
        for name in NOTED_FIELDS:
            self._note_disagreement(name, disagreements, lists)
        self._choose_fatalities(out, rules, disagreements, settings, by_source and lists, lists)
        for name in COUNT_FIELDS:
            out[name] = self.counts[name]
            if self.counts[name] is not None:
                rules[name] = "highest_reported"
        out.update(
            confidence=round(self.confidence, 3),
            doc_ids=sorted(self.docs) if lists else None,
            mention_ids=list(self.mention_ids) if lists else None,
            sources=len(self.docs),
            notes=self._notes(),
            rules=rules,
            disagreements=disagreements,
        )
        lo, hi = (d.isoformat() if d else None for d in self.window)
        out["date_lo"], out["date_hi"] = lo, hi
        if out.get("event_date") and lo and not lo <= out["event_date"][:10] <= hi:
            out["date_lo"], out["date_hi"] = min(lo, out["event_date"][:10]), max(hi, out["event_date"][:10])
        return out

    def _notes(self) -> str:
        """ACLED-style notes: the first evidence sentence of each source, deduplicated (each
        sentence as its first member by mention id wrote it, in that order)."""
        return " | ".join(text for _, text in self.notes[:NOTES_LIMIT])

    def _choose_date(self, out, rules, disagreements, lists: bool = True) -> None:
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
        latest_start, earliest_end = self.span_bounds
        if latest_start is not None and latest_start > earliest_end:
            disagreements.append(_disagreement("event_date", self.date_spans, lists))

    def _choose_place(self, out, rules, disagreements, settings, lists: bool = True) -> None:
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
        far = out.get("latitude") is not None and self._far_from((out["latitude"], out["longitude"]), radius)
        if far or len(self.admins) > 1:
            disagreements.append(_disagreement("location", self.by_place, lists))

    def _far_from(self, centre: tuple, radius: float) -> bool:
        """Is any specific place reported farther than ``radius`` km from ``centre``? Only the
        places first seen since the last answer for the same centre are measured."""
        start, far = 0, False
        if self._far is not None and self._far[:2] == (centre, radius):
            start, far = self._far[2], self._far[3]
        if not far:
            far = any(haversine_km(la, lo, centre[0], centre[1]) > radius for la, lo in self.coord_list[start:])
        self._far = (centre, radius, len(self.coord_list), far)
        return far

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

    def _note_disagreement(self, name: str, disagreements: list, lists: bool = True) -> None:
        if len(self.noted_lower[name]) > 1:
            disagreements.append(_disagreement(name, self.noted[name], lists))

    def _choose_fatalities(self, out, rules, disagreements, settings: FusionSettings, by_source: bool = True,
                           lists: bool = True) -> None:
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
        if by_source:   # else the writer keeps it as its members' parts (not built at every join)
            out["fatalities_by_source"] = [dict(entry) for _, _, entry in self.by_source]
        if len(self.tolls) > 1:
            disagreements.append(_disagreement("fatalities", self.toll_docs, lists))


def _report_order(r: dict) -> tuple:
    """When a source reported: its article's publication date, then the date it gives."""
    return (str(r.get("doc_published") or "")[:10], str(r.get("event_date") or "")[:10], str(r.get("doc_id") or ""))


class MemberLists:
    """The lists of a fused record that grow with the event, made from its members' parts
    (``FusedSummary.add_part``, each with the member's ``outlet``) and its merges: what a reader
    puts into a record stored without them (``FusedSummary.record(lists=False)``)."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, dict]] = []
        self.merges: list[dict] = []

    def add(self, mid: str, part: dict) -> None:
        self.parts.append((mid, part))

    def doc_list(self, field: str) -> DocLists:
        """The documents behind each value of ``field`` (a disagreement over it lists them)."""
        values = DocLists(DISAGREEMENT_ENTRIES[field])
        for _, part in self.parts:
            for name, key in part.get("lists") or ():
                if name == field:
                    values.add(tuple(key) if isinstance(key, list) else key, part.get("doc"))
        return values

    def fill(self, record: dict) -> dict:
        """``record`` (stored without its lists) with them, in place; returned."""
        parts = self.parts
        if "doc_ids" in record:
            record["doc_ids"] = sorted({p["doc"] for _, p in parts if p.get("doc")})
        if "mention_ids" in record:
            record["mention_ids"] = sorted(m for m, _ in parts)
        if "disagreements" in record:
            record["disagreements"] = [d if isinstance(d, dict) else {"field": d, "values": self.doc_list(d).entries()}
                                       for d in record["disagreements"] or ()]
        if "outlets" in record:
            record["outlets"] = sorted({p["outlet"] for _, p in parts if p.get("outlet")})
        if "merges" in record:
            record["merges"] = list(self.merges)
        if "fatalities_by_source" in record:
            tolls = [(p["toll"][0], m, p["toll"][1]) for m, p in parts if p.get("toll")]
            if len(tolls) > 1:
                tolls.sort(key=lambda t: (tuple(t[0]), t[1]))
            record["fatalities_by_source"] = [entry for _, _, entry in tolls]
        return record
