"""Fusion in memory (``fuse_events``), with the same links and clustering as the store.

Blocking (which mentions are even compared) is symmetric: a mention meets the mentions of its
own kind, of its country or of none, whose date windows overlap its own, so the links found do
not depend on the order mentions arrive in and the cost per mention stays flat as data grows.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from typing import Iterable, Optional

from ..model import Event
from .merge import fuse_mentions
from .settings import DEFAULT_SETTINGS, FusionSettings
from .cluster import cluster, link, window
from .similarity import MentionView, veto
from .story import StoryIndex, story_terms


def compatible(a: list[MentionView], b: list[MentionView], s: FusionSettings = DEFAULT_SETTINGS) -> bool:
    """Can the mentions ``a`` and ``b`` be one incident? Complete linkage: no veto between any two."""
    return all(veto(x, y, s) is None for x in a for y in b)


def new_event_id(first_mention_id: str) -> str:
    """Stable id from the mention that founded the event, so reruns give the same ids."""
    return "EVD" + hashlib.sha1(first_mention_id.encode("utf-8")).hexdigest()[:12].upper()


def mention_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}#{ordinal}"


class MemoryIndex:
    """Symmetric blocking in memory: mentions by (kind, country) and by the weeks their windows
    touch; a placeless mention meets every country's, and is met by them."""

    WEEK = 7

    def __init__(self, s: FusionSettings) -> None:
        self.s = s
        self.buckets: dict[tuple, list[MentionView]] = defaultdict(list)

    def _keys(self, view: MentionView, country) -> list[tuple]:
        lo, hi = window(view, self.s)
        if lo is None:
            return [(view.kind, country, None)]
        first, last = lo.toordinal() // self.WEEK, hi.toordinal() // self.WEEK
        return [(view.kind, country, w) for w in range(first, last + 1)] + [(view.kind, country, None)]

    def add(self, view: MentionView) -> None:
        lo, _ = window(view, self.s)
        keys = self._keys(view, view.country)
        self.buckets[keys[0] if lo is None else keys[0]].append(view)
        if lo is not None:   # stored under its first week; found from every week it touches
            for key in keys[1:-1]:
                self.buckets[key].append(view)

    def candidates(self, view: MentionView) -> list[MentionView]:
        countries = [view.country, None] if view.country else sorted({k[1] for k in self.buckets if k[0] == view.kind},
                                                                     key=lambda c: c or "")
        lo, hi = window(view, self.s)
        seen: dict[str, MentionView] = {}
        for country in countries:
            if lo is None:
                keys = [k for k in self.buckets if k[0] == view.kind and k[1] == country]
            else:
                keys = self._keys(view, country)
            for key in keys:
                for other in self.buckets.get(key, ()):
                    if other.id in seen:
                        continue
                    olo, ohi = window(other, self.s)
                    if lo and olo and (olo > hi or ohi < lo):
                        continue
                    seen[other.id] = other
        return sorted(seen.values(), key=lambda v: v.id)


def fuse_events(events: Iterable[Event], settings: FusionSettings = DEFAULT_SETTINGS,
                references: Optional[dict[str, date]] = None,
                documents: Optional[dict[str, tuple[Optional[str], str]]] = None,
                must: Iterable[tuple[str, str]] = (), cannot: Iterable[tuple[str, str]] = ()) -> list[dict]:
    """Fuse mentions in memory; returns fused records (each with ``id``), the same for any order
    of ``events`` (mention ids are ``doc_id#n``, n counting a document's events in order).

    ``references`` maps doc_id -> reference date, used to bound undated mentions. ``documents``
    maps doc_id -> (title, text) for story similarity; without it an article's story is told by
    the evidence of its mentions in the batch. ``must``/``cannot``: mention-id pairs an analyst
    merged or split.
    """
    events = list(events)
    stories = StoryIndex()
    stories.use_idf = settings.story_idf
    if documents is None:
        told: dict[str, list[str]] = defaultdict(list)
        for ev in events:
            told[ev.doc_id].extend(e.text for e in ev.evidence)
        documents = {doc: (None, " ".join(texts)) for doc, texts in told.items()}
    for doc in sorted({ev.doc_id for ev in events}):
        if doc in documents:
            stories.add(doc, story_terms(*documents[doc]))
    ordinals: dict[str, int] = defaultdict(int)
    records: dict[str, dict] = {}
    views: dict[str, MentionView] = {}
    for ev in events:
        rec = ev.to_dict()
        mid = mention_id(ev.doc_id, ordinals[ev.doc_id])
        ordinals[ev.doc_id] += 1
        reference = (references or {}).get(ev.doc_id)
        if reference:
            rec.setdefault("doc_published", reference.isoformat())
        records[mid] = rec
        views[mid] = MentionView.from_record(mid, rec, reference, settings.undated_lookback_days,
                                             settings.date_slack_days)
    index = MemoryIndex(settings)
    links = []
    for mid in sorted(views):
        view = views[mid]
        for other in index.candidates(view):
            found = link(view, other, settings, stories.similarity)
            if found:
                links.append(found)
        index.add(view)
    out = []
    for group in cluster(views, links, settings, must, cannot):
        fused = fuse_mentions([(m, records[m]) for m in group.members], settings)
        fused["merges"] = group.merges
        out.append({"id": new_event_id(group.members[0]), **fused})
    return out
