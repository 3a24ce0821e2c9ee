"""Incremental fusion: each new mention joins the best compatible fused event or starts one.

The candidate lookup (blocking) is behind a small interface so the same decision code runs on
the SQL store (``eventdesk.store``) and in memory (``fuse_events`` below, for batches and tests).
A mention only meets fused events of its own kind, country and date window, so the cost per
mention stays flat as the store grows.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Optional, Protocol

from ..model import Event
from .merge import fuse_mentions
from .settings import DEFAULT_SETTINGS, FusionSettings
from .similarity import MentionView, score, veto


@dataclass
class Candidate:
    event_id: str
    members: list[MentionView]


@dataclass
class Match:
    event_id: str
    score: float


def search_window(view: MentionView, reference: Optional[date], s: FusionSettings) -> tuple[Optional[date], Optional[date]]:
    """The days a candidate event must touch: the mention's own dates with slack, or for an
    undated mention the lookback before its document's reference date (None: unbounded)."""
    slack = timedelta(days=s.date_slack_days)
    if view.date_lo:
        return view.date_lo - slack, view.date_hi + slack
    if reference:
        return reference - timedelta(days=s.undated_lookback_days), reference + slack
    return None, None


def best_match(view: MentionView, candidates: Iterable[Candidate], s: FusionSettings = DEFAULT_SETTINGS) -> Optional[Match]:
    """The candidate this mention belongs to, if any.

    Every member must be compatible (no veto: complete linkage keeps chains from drifting), and
    the closest member must score above the threshold (single linkage: one good report suffices).
    """
    threshold = s.threshold if view.date_lo else s.undated_threshold
    best: Optional[Match] = None
    for cand in candidates:
        members = cand.members[: s.max_members_compared]
        if not members or any(veto(view, m, s) for m in members):
            continue
        top = max(score(view, m, s) for m in members)
        if top >= threshold and (best is None or top > best.score or (top == best.score and cand.event_id < best.event_id)):
            best = Match(cand.event_id, top)
    return best


def new_event_id(first_mention_id: str) -> str:
    """Stable id from the mention that founded the event, so reruns give the same ids."""
    return "EVD" + hashlib.sha1(first_mention_id.encode("utf-8")).hexdigest()[:12].upper()


def mention_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}#{ordinal}"


class _MemoryIndex:
    """Blocking in memory: (kind, country) -> events, scanned by date window."""

    def __init__(self, s: FusionSettings) -> None:
        self.s = s
        self.blocks: dict[tuple, list[str]] = defaultdict(list)
        self.members: dict[str, list[MentionView]] = defaultdict(list)
        self.records: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        self.window: dict[str, tuple[Optional[date], Optional[date]]] = {}

    def candidates(self, view: MentionView, reference: Optional[date]) -> list[Candidate]:
        lo, hi = search_window(view, reference, self.s)
        keys = [(view.kind, view.country)] if view.country is None else [(view.kind, view.country), (view.kind, None)]
        if view.country is None:  # a placeless mention may belong to any country's event
            keys = [k for k in self.blocks if k[0] == view.kind]
        found = []
        for key in keys:
            for eid in reversed(self.blocks.get(key, [])):
                elo, ehi = self.window[eid]
                if lo and elo and (elo > hi or ehi < lo):
                    continue
                found.append(Candidate(eid, self.members[eid]))
                if len(found) >= self.s.max_candidates:
                    return found
        return found

    def add(self, eid: str, view: MentionView, mid: str, rec: dict, new: bool) -> None:
        if new:
            self.blocks[(view.kind, view.country)].append(eid)
        self.members[eid].append(view)
        self.records[eid].append((mid, rec))
        lo, hi = self.window.get(eid, (None, None))
        if view.date_lo:
            lo = min(lo, view.date_lo) if lo else view.date_lo
            hi = max(hi, view.date_hi) if hi else view.date_hi
        self.window[eid] = (lo, hi)


def fuse_events(events: Iterable[Event], settings: FusionSettings = DEFAULT_SETTINGS,
                references: Optional[dict[str, date]] = None) -> list[dict]:
    """Fuse mentions in memory, in the given order; returns fused records (each with ``id``).

    ``references`` maps doc_id -> reference date, used to bound undated mentions.
    """
    index = _MemoryIndex(settings)
    ordinals: dict[str, int] = defaultdict(int)
    for ev in events:
        rec = ev.to_dict()
        mid = mention_id(ev.doc_id, ordinals[ev.doc_id])
        ordinals[ev.doc_id] += 1
        view = MentionView.from_record(mid, rec)
        match = best_match(view, index.candidates(view, (references or {}).get(ev.doc_id)), settings)
        eid = match.event_id if match else new_event_id(mid)
        index.add(eid, view, mid, rec, new=match is None)
    out = []
    for eid, members in index.records.items():
        fused = fuse_mentions(members, settings)
        out.append({"id": eid, **fused})
    return out
