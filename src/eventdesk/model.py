"""The records eventdesk reads and writes: documents in, events out.

Every stage of the pipeline speaks these types, so they are plain dataclasses that turn into
JSON-ready dicts with ``to_dict()``. Character offsets always index ``Document.text`` as read.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Optional

EVENT_KINDS = ("event", "threat")
DATE_PRECISIONS = ("day", "week", "month", "year")
TARGET_TYPES = (
    "Diplomatic", "Government", "Military/Police", "Religious", "Educational", "Business",
    "Transportation", "Journalists/Media", "NGO/International", "Private Citizens",
    "Non-State Armed Group", "Infrastructure", "Other",
)


@dataclass
class Document:
    """One article. ``text`` is exactly what was read (after decoding); offsets index it."""

    id: str
    text: str
    published: Optional[date] = None
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    path: Optional[str] = None          # file it came from, for error messages
    line: Optional[int] = None          # line number inside a JSONL file
    # Filled by the time stage: the date relative expressions are resolved against.
    reference_date: Optional[date] = None
    reference_date_method: Optional[str] = None   # published | metadata | dateline | inferred:...

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "path": self.path,
            "published": self.published.isoformat() if self.published else None,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
            "reference_date_method": self.reference_date_method,
            "chars": len(self.text),
        }


@dataclass
class Evidence:
    """A character span of the document that supports one or more fields of a record."""

    start: int
    end: int
    text: str
    fields: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "fields": list(self.fields)}


@dataclass
class Event:
    """One event (or threat) as one document reports it: a *mention* in fusion terms."""

    doc_id: str
    kind: str = "event"
    event_date: Optional[str] = None            # ISO date; month/year precision keeps day 01
    date_precision: Optional[str] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    target: Optional[str] = None
    target_type: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    location: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    fatalities: Optional[int] = None
    fatalities_low: Optional[int] = None
    fatalities_high: Optional[int] = None
    injuries: Optional[int] = None
    attacker_fatalities: Optional[int] = None   # perpetrators' own deaths, kept apart
    casualties: Optional[int] = None            # "9 casualties": killed and wounded not split
    claimed_by: Optional[str] = None
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)
    # Provenance of individual values: field -> short rule name, for analysts and debugging.
    provenance: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        d["confidence"] = round(float(self.confidence), 3)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        known["evidence"] = [Evidence(**{k: v for k, v in e.items() if k in Evidence.__dataclass_fields__})
                             for e in d.get("evidence") or []]
        return cls(**known)
