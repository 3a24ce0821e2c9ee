"""Fusion: mentions of the same real-world incident across articles become one fused event.

- ``fuse_events(events, settings=None) -> list[dict]``: fuse a batch in memory.
- ``link(a, b, settings, story)``: are two mentions linked, and why (``fuse.cluster``).
- ``cluster(views, links, settings, must, cannot)``: complete-linkage groups, order independent.
- ``fuse_mentions(pairs, settings)``: a fused record (best values, rules, disagreements).
- ``FusionSettings``: every threshold and weight, documented.
"""
from .cluster import Group, cluster, link, window
from .fuser import MemoryIndex, compatible, fuse_events, mention_id, new_event_id
from .merge import fuse_mentions
from .settings import DEFAULT_SETTINGS, FusionSettings
from .similarity import MentionView, veto

__all__ = ["Group", "cluster", "link", "window", "MemoryIndex", "compatible", "fuse_events", "mention_id",
           "new_event_id", "fuse_mentions", "DEFAULT_SETTINGS", "FusionSettings", "MentionView", "veto"]
