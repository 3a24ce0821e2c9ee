"""Every threshold and weight fusion uses, in one documented place.

Fusion decides which mentions (one article's report of an event) are the same real-world
incident: two mentions are linked when no hard veto separates them (kind, country, admin1, far
towns, day gap, type family, named targets, one article's two reports) and a weighted mean of
component similarities in [0, 1] reaches a threshold; linked mentions are grouped by complete
linkage, so every member of an event is compatible with every other (``fuse/cluster.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FusionSettings:
    # --- blocking: which fused events are even compared with a new mention -----------------
    # Extra days allowed around a date interval before two dates count as incompatible:
    # reports of the same attack often differ by a day (night attacks, time zones, "yesterday").
    date_slack_days: int = 2
    # An undated mention is assumed to report something from this many days before its
    # document's reference (publication) date; news rarely reports older events undated.
    undated_lookback_days: int = 45
    # ... unless it names a target of its own that an event names too ("had also attacked the
    # Russian embassy"): background mentions of a well-known attack reach back this far.
    named_target_lookback_days: int = 400
    # Upper bound of stored mentions compared with a new one (the first by id of those its
    # blocking finds): keeps the cost per mention flat, also in an incident of many reports.
    max_candidates: int = 200
    # Two reports both dated to the day are one incident only this many days apart (ACLED's
    # unit is the location-day; one day covers night attacks, time zones and next-day claims).
    day_gap_days: int = 1
    # Two named targets ("the Marigold Hotel", "Herat University") at most this alike (rapidfuzz
    # token-set, 0-1) are two incidents.
    named_target_similarity: float = 0.5
    # Linked mentions (and corrections) re-clustered together when a new mention arrives: a
    # bound on the work one mention can cause; larger groups are clustered up to this size.
    max_component: int = 2000

    # --- memory: what a store keeps per connection (each bounded; the oldest entry goes first) ---
    # Mentions as fusion reads them, and their records (for fused values): news arrives roughly
    # in date order, so the mentions a new report meets were mostly stored recently.
    cached_mentions: int = 100_000
    cached_records: int = 20_000
    # Running state of events (fused values, merges, one member per veto profile): a join then
    # never re-reads the event's members, at the same cost for its 2nd and its 2,000th report.
    cached_events: int = 1_000
    # Story vectors (an article's headline and lead words).
    cached_stories: int = 20_000

    # --- place: distance (km) within which two places count as the same, by geo_precision ---
    # 1 = the town itself, 2 = somewhere near / a district, 3 = only the province/region.
    place_radius_km: dict = field(default_factory=lambda: {1: 25.0, 2: 75.0, 3: 300.0})
    # Two mentions whose places are farther apart than this many radii are never fused.
    place_veto_factor: float = 3.0

    # --- scoring ------------------------------------------------------------------------------
    # Weights of the component similarities (normalised over the components both sides know:
    # a component where either side is unknown counts as `unknown_similarity`).
    weights: dict = field(default_factory=lambda: {
        "date": 1.0,
        "place": 1.5,
        "type": 1.0,
        "actors": 1.0,
        "target": 1.0,
        "fatalities": 0.5,
        "text": 2.0,
        "story": 2.0,
    })
    unknown_similarity: float = 0.5
    # Date similarity of an undated report and an event dated inside its recent-news window.
    undated_in_window_similarity: float = 0.6
    # Place similarity of a country-level report and any place in the same country.
    same_country_similarity: float = 0.6
    # Story similarity (tf-idf cosine of two articles' headline and lead, ``fuse/story.py``) at
    # which the "story" component reaches 1; reports of one attack typically score 0.1-0.4.
    story_saturation: float = 0.3
    # Weigh story words by inverse document frequency. Off: a pair's story similarity is then a
    # function of the two articles alone, so links (and events) do not depend on ingest order;
    # the stop list (``fuse/story_stopwords.txt``) keeps out the words every story shares.
    story_idf: bool = False
    # Join when the weighted score reaches this; undated mentions need more from the rest.
    threshold: float = 0.62
    undated_threshold: float = 0.68
    # One article reports one event once: two mentions of the same document are distinct events.
    one_mention_per_document: bool = True
    # ... except that a vague mention (no date of its own) may join an event its own article
    # already reports: it is most often a detail of that incident told in another sentence.
    vague_mentions_join_own_document: bool = True
    # ... and so may two mentions told on the same day in the same town, of one type family:
    # ACLED codes one event per location and day, and a long report tells its attack many times.
    same_day_and_place_join_own_document: bool = True
    # ... unless both name targets this unlike (rapidfuzz, 0-1): other target, other incident.
    same_document_target_similarity: float = 0.6

    # --- fused values ---------------------------------------------------------------------------
    # Best fatality figure: "latest" = the latest report's (tolls rise as bodies are found);
    # "mode" = the figure most sources report, ties broken by the lowest; "conservative" = always
    # the lowest reported figure (ACLED's rule when reports conflict).
    fatality_best_rule: str = "latest"
    # Fused events whose best mention confidence is below this are kept in the store but not
    # returned by queries/exports unless asked for (a guard against one-source false alarms).
    min_confidence: float = 0.0


DEFAULT_SETTINGS = FusionSettings()
