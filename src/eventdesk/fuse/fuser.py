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
from .similarity import MentionView, StorySimilarity, score, veto
from .story import StoryIndex, story_terms


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
        lookback = s.named_target_lookback_days if view.named_target else s.undated_lookback_days
        return reference - timedelta(days=lookback), reference + slack
    return None, None


def best_match(view: MentionView, candidates: Iterable[Candidate], s: FusionSettings = DEFAULT_SETTINGS,
               story: Optional[StorySimilarity] = None) -> Optional[Match]:
    found = matches(view, candidates, s, story)
    return found[0] if found else None


def matches(view: MentionView, candidates: Iterable[Candidate], s: FusionSettings = DEFAULT_SETTINGS,
            story: Optional[StorySimilarity] = None) -> list[Match]:
    """The candidate this mention belongs to, if any.

    Every member must be compatible (no veto: complete linkage keeps chains from drifting), and
    the closest member must score above the threshold (single linkage: one good report suffices).
    ``story(doc_a, doc_b)`` is the story similarity of two articles (``fuse.story``), if known.
    """
    threshold = s.threshold if view.date_lo else s.undated_threshold
    found: list[Match] = []
    for cand in candidates:
        members = cand.members[: s.max_members_compared]
        if not members or not compatible([view], members, s):
            continue
        top = max(score(view, m, s, story) for m in members)
        if top >= threshold:
            found.append(Match(cand.event_id, top))
    return sorted(found, key=lambda m: (-m.score, m.event_id))


HARD_VETOES = ("kind", "same document", "same document, other target", "other target")


def compatible(a: list[MentionView], b: list[MentionView], s: FusionSettings = DEFAULT_SETTINGS) -> bool:
    """Can the mentions ``a`` and ``b`` be one event? Near-complete linkage: no hard veto (kind,
    same article) between any two, and other vetoes (country, date, place) from at most
    ``s.veto_tolerance`` of the pairs, so one mis-read report does not split a well-attested
    event while a mention that contradicts most of it stays out."""
    vetoes = [veto(x, y, s) for x in a for y in b]
    if not vetoes or any(v in HARD_VETOES for v in vetoes):
        return False
    return sum(v is not None for v in vetoes) <= s.veto_tolerance * len(vetoes)


def mergeable(a: list[MentionView], b: list[MentionView], s: FusionSettings = DEFAULT_SETTINGS) -> bool:
    """Two fused events that one new mention matches can become one when they are compatible
    (``compatible`` across the union, as for a single mention)."""
    return compatible(a[: s.max_members_compared], b[: s.max_members_compared], s)


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

    def merge(self, keep: str, gone: str) -> None:
        for key, ids in self.blocks.items():
            if gone in ids:
                ids.remove(gone)
        self.members[keep].extend(self.members.pop(gone))
        self.records[keep].extend(self.records.pop(gone))
        (lo, hi), (glo, ghi) = self.window[keep], self.window.pop(gone)
        if glo:
            lo = min(lo, glo) if lo else glo
            hi = max(hi, ghi) if hi else ghi
        self.window[keep] = (lo, hi)

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
                references: Optional[dict[str, date]] = None,
                documents: Optional[dict[str, tuple[Optional[str], str]]] = None) -> list[dict]:
    """Fuse mentions in memory, in the given order; returns fused records (each with ``id``).

    ``references`` maps doc_id -> reference date, used to bound undated mentions. ``documents``
    maps doc_id -> (title, text) for story similarity; without it an article's story is told by
    the evidence of its mentions in the batch.
    """
    events = list(events)
    index = _MemoryIndex(settings)
    stories = StoryIndex()
    if documents is None:
        told: dict[str, list[str]] = defaultdict(list)
        for ev in events:
            told[ev.doc_id].extend(e.text for e in ev.evidence)
        documents = {doc: (None, " ".join(texts)) for doc, texts in told.items()}
    ordinals: dict[str, int] = defaultdict(int)
    for ev in events:
        if ev.doc_id not in ordinals and ev.doc_id in documents:
            stories.add(ev.doc_id, story_terms(*documents[ev.doc_id]))
        rec = ev.to_dict()
        mid = mention_id(ev.doc_id, ordinals[ev.doc_id])
        ordinals[ev.doc_id] += 1
        reference = (references or {}).get(ev.doc_id)
        view = MentionView.from_record(mid, rec, reference, settings.undated_lookback_days, settings.date_slack_days)
        candidates = index.candidates(view, reference)
        found = matches(view, candidates, settings, stories.similarity)
        eid = found[0].event_id if found else new_event_id(mid)
        index.add(eid, view, mid, rec, new=not found)
        for other in found[1:]:  # the mention bridges two events of one story: join them
            if other.event_id in index.members and mergeable(index.members[eid], index.members[other.event_id], settings):
                index.merge(eid, other.event_id)
    out = []
    for eid, members in index.records.items():
        fused = fuse_mentions(members, settings)
        out.append({"id": eid, **fused})
    return out
