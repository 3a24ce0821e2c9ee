"""Order-independent fusion: pairwise links, then complete-linkage clustering with hard vetoes.

1. ``link(a, b)``: two mentions are *linked* when no veto separates them (``similarity.veto``)
   and their weighted similarity reaches the threshold. A link records every component and the
   checks it passed: it is the reason shown for a merge. Links are symmetric and depend only on
   the two mentions (and their articles' story similarity), so the set of links is the same
   whatever order the mentions arrive in.
2. ``cluster(...)``: links are taken strongest first (ties by mention id); a link joins the two
   groups its mentions are in only when *every* pair across the two groups passes the vetoes
   and no analyst correction keeps them apart. A group can therefore never chain: each member
   is compatible with every other member. Reports with a date of their own form the incidents
   first; a vague report (undated, or dated only by its article: background, captions) then
   joins the one incident it is most like, or stays apart, and is never a bridge between two.
   Analyst merges (must-links) are applied first; analyst splits (cannot-links) forbid a join.

Because the outcome depends only on the set of mentions, links and corrections, fusing in any
order, incrementally or all at once (``eventdesk fuse --rebuild``), gives the same events. The
store re-clusters only the linked group (component) a new mention touches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Optional

from .settings import FusionSettings
from .similarity import VETO_CHECKS, MentionView, StorySimilarity, components, veto


def window(view: MentionView, s: FusionSettings) -> tuple[Optional[date], Optional[date]]:
    """The days a mention may be about, widened by the slack two reports of one incident can
    differ by: two mentions can only be linked when their windows overlap (symmetric blocking)."""
    slack = timedelta(days=s.date_slack_days)
    if view.date_lo:
        return view.date_lo - slack, view.date_hi + slack
    if view.implied_lo:
        lo = view.implied_lo
        if view.named_target:   # background of a well-known attack reaches further back
            lo = view.implied_hi - timedelta(days=s.named_target_lookback_days)
        return lo, view.implied_hi
    return None, None


def threshold_for(a: MentionView, b: MentionView, s: FusionSettings) -> float:
    return s.undated_threshold if (a.date_lo is None or b.date_lo is None) else s.threshold


def link(a: MentionView, b: MentionView, s: FusionSettings,
         story: Optional[StorySimilarity] = None) -> Optional[dict]:
    """The link between two mentions (ids ordered), or None when a veto or a low score keeps
    them apart."""
    if a.id == b.id or veto(a, b, s) is not None:
        return None
    if a.doc_id != b.doc_id and not (a.country and b.country):
        return None   # across articles, a report that names no place at all cannot be placed in an incident
    if a.doc_id != b.doc_id and "country" in (a.place_level, b.place_level) and a.event_type and b.event_type \
            and a.event_type != b.event_type:
        return None   # only the country in common: the place does not corroborate, so the types must agree
    parts = components(a, b, s, story)
    total = got = 0   # summed in the order of the components, as sum() would
    weights, unknown = s.weights, s.unknown_similarity
    for k, v in parts.items():
        w = weights.get(k, 0.0)
        total += w
        got += w * (unknown if v is None else v)
    value = round(got / total, 4) if total else 0.0
    limit = threshold_for(a, b, s)
    if value < limit:
        return None
    x, y = sorted((a.id, b.id))
    return {"a": x, "b": y, "score": value, "threshold": limit,
            "components": {k: (None if v is None else round(v, 3)) for k, v in parts.items()}}


@dataclass
class Group:
    members: list[str]
    merges: list[dict] = field(default_factory=list)


def cluster(views: dict[str, MentionView], links: Iterable[dict], s: FusionSettings,
            must: Iterable[tuple[str, str]] = (), cannot: Iterable[tuple[str, str]] = ()) -> list[Group]:
    """Groups of the mentions in ``views`` (see the module docstring), each with the merges that
    formed it; deterministic for a given input set, whatever its order."""
    parent = {m: m for m in views}
    groups: dict[str, list[str]] = {m: [m] for m in views}
    merges: dict[str, list[dict]] = {m: [] for m in views}
    apart = {frozenset(p) for p in cannot if p[0] in views and p[1] in views}
    vetoes: dict[frozenset, Optional[str]] = {}

    def find(m: str) -> str:
        while parent[m] != m:
            parent[m] = parent[parent[m]]
            m = parent[m]
        return m

    def union(ra: str, rb: str, why: dict) -> None:
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        groups[keep] = sorted(groups[keep] + groups.pop(gone))
        merges[keep] = merges[keep] + merges.pop(gone) + [why]

    def blocked(ra: str, rb: str, vetoed: bool = True) -> Optional[tuple[str, str, str]]:
        for x in groups[ra]:
            for y in groups[rb]:
                key = frozenset((x, y))
                if key in apart:
                    return x, y, "analyst split"
                if not vetoed:
                    continue
                if key not in vetoes:
                    vetoes[key] = veto(views[x], views[y], s)
                if vetoes[key]:
                    return x, y, vetoes[key]
        return None

    for a, b in sorted({tuple(sorted(p)) for p in must if p[0] in views and p[1] in views}):
        ra, rb = find(a), find(b)
        if ra != rb and not blocked(ra, rb, vetoed=False):   # an analyst's merge overrides vetoes, not a split
            union(ra, rb, {"a": a, "b": b, "by": "analyst merge"})
    def join(ln: dict, phase: str) -> bool:
        ra, rb = find(ln["a"]), find(ln["b"])
        if ra == rb or blocked(ra, rb):
            return False
        checked = len(groups[ra]) * len(groups[rb])
        union(ra, rb, {**ln, "by": phase, "checks": {"pairs": checked, "passed": list(VETO_CHECKS)}})
        return True

    def anchored(root: str) -> bool:
        return any(not views[m].vague for m in groups[root])

    ordered = sorted((ln for ln in links if ln["a"] in views and ln["b"] in views),
                     key=lambda l: (-l["score"], l["a"], l["b"]))
    # 1. Reports with a date of their own form the incidents.
    for ln in ordered:
        if not (views[ln["a"]].vague or views[ln["b"]].vague):
            join(ln, "similarity")
    # 2. A vague report (undated, or dated only by its article) joins the incident it is most
    #    like and compatible with, or none: it never bridges two incidents.
    best: dict[str, list[dict]] = {}
    for ln in ordered:
        for m, other in ((ln["a"], ln["b"]), (ln["b"], ln["a"])):
            if views[m].vague and not views[other].vague:
                best.setdefault(m, []).append(ln)
    for m in sorted(best, key=lambda m: (-best[m][0]["score"], m)):
        for ln in best[m]:
            other = ln["b"] if ln["a"] == m else ln["a"]
            if len(groups[find(m)]) == 1 and anchored(find(other)) and join(ln, "attached"):
                break
    # 3. Vague reports left: with one incident (two incidents never merge here), or with the
    #    other vague reports of their own article. Two articles' vague reports alone do not
    #    make an incident: neither says when it happened.
    for ln in ordered:
        ra, rb = find(ln["a"]), find(ln["b"])
        if ra == rb or (anchored(ra) and anchored(rb)):
            continue
        if anchored(ra) or anchored(rb) or views[ln["a"]].doc_id == views[ln["b"]].doc_id \
                or views[ln["a"]].kind == "threat":   # warnings are seldom dated: their wording tells them
            join(ln, "similarity")
    return [Group(groups[r], merges[r]) for r in sorted(groups)]
