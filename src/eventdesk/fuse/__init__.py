"""Fusion: mentions of the same real-world event across articles become one fused event.

- ``fuse_events(events, settings=None) -> list[dict]``: fuse a batch in memory.
- ``best_match(view, candidates, settings)``: the incremental decision the store uses.
- ``fuse_mentions(pairs, settings)``: a fused record (best values, rules, disagreements).
- ``FusionSettings``: every threshold and weight, documented.
"""
from .fuser import (Candidate, Match, best_match, fuse_events, matches, mention_id, mergeable, new_event_id,
                    search_window)
from .merge import fuse_mentions
from .settings import DEFAULT_SETTINGS, FusionSettings
from .similarity import MentionView

__all__ = ["Candidate", "Match", "best_match", "matches", "mergeable", "fuse_events", "mention_id", "new_event_id", "search_window",
           "fuse_mentions", "DEFAULT_SETTINGS", "FusionSettings", "MentionView"]
