"""Time stage: the reference date of a document and the dates of the events it reports.

Public interface (the extraction stage depends on these names):

- ``reference_date(text, published=None, metadata_date=None) -> ReferenceDate``
- ``find_dates(text, ref, offset=0) -> list[DateMention]``  every date expression in ``text``
- ``fallback_date(ref) -> tuple[str | None, str | None]``    date for an event reported undated
- ``mention_date(mention, ref, previous=None) -> tuple[str | None, str | None]``  one mention as
  (ISO date, precision), applying anaphoric offsets and the reference date's own uncertainty

Data: ``data/time_lexicon.yaml`` (month and weekday names, relative and anaphoric phrases).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from .expressions import PRECISION_ORDER, DateMention, find_dates
from .reference import ReferenceDate, fallback_date, reference_date

__all__ = ["DateMention", "ReferenceDate", "fallback_date", "find_dates", "mention_date", "reference_date"]


def _truncate(value: date, precision: str) -> date:
    if precision == "week":
        return value - timedelta(days=value.weekday())
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    return value


def mention_date(mention: DateMention, ref: ReferenceDate,
                 previous: Optional[date] = None) -> tuple[Optional[str], Optional[str]]:
    """(ISO date, precision) for an event dated by ``mention``; (None, None) if it gives none.

    Anaphoric mentions ("the same day", "a week after") count from ``previous``, the date of the
    event told before; "later in December" takes the December on or after it. Mentions counted from
    the day of writing ("yesterday", "on Monday", "last month") are no surer than the reference date:
    against a year-level guess they keep only the year."""
    value, precision = mention.value, mention.precision
    if mention.anchor == "previous_event" and previous is not None:
        if mention.delta_days is not None:
            value = previous + timedelta(days=mention.delta_days)
        elif mention.value is not None and mention.precision == "month":
            year = previous.year if mention.value.month >= previous.month else previous.year + 1
            value = date(year, mention.value.month, 1)
        elif mention.precision is not None:
            value = previous   # "days before": near the previous event, at the coarser precision
    if value is None or precision is None:
        return None, None
    if mention.kind in ("relative", "weekday") and ref.precision == "year":
        precision = max(precision, "year", key=PRECISION_ORDER.index)
    return _truncate(value, precision).isoformat(), precision
