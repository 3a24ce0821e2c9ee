"""Time stage: the reference date of a document and the dates of the events it reports.

Public interface (the extraction stage depends on these names):

- ``reference_date(text, published=None, metadata_date=None) -> ReferenceDate``
- ``find_dates(text, ref, offset=0) -> list[DateMention]``  every date expression in ``text``
- ``fallback_date(ref) -> tuple[str | None, str | None]``    date for an event reported undated
- ``mention_date(mention, ref, previous=None, previous_precision=None, event_at=None)
  -> tuple[str | None, str | None]``  one mention as (ISO date, precision), applying anaphoric
  offsets and the reference date's own uncertainty
- ``event_date_mention(dates, sentence_text, sentence_start, event_at) -> DateMention | None``
  which of a sentence's dates dates the event reported at ``event_at`` (its own clause's)
- ``reported_event_at(dates, sentence_text, sentence_start, words) -> int | None``  the event word
  that carries the news when the main clause only places an earlier event ("That attack came days
  before gunmen raided ...")

Data: ``data/time_lexicon.yaml`` (month and weekday names, relative and anaphoric phrases).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from .clauses import event_date_mention, in_reporting_clause, person_asides, reported_event_at
from .expressions import PRECISION_ORDER, DateMention, find_dates
from .reference import ReferenceDate, fallback_date, planned, reference_date

__all__ = ["DateMention", "ReferenceDate", "event_date_mention", "fallback_date", "find_dates", "in_reporting_clause", "person_asides", "mention_date", "planned",
           "reference_date", "reported_event_at"]


def _truncate(value: date, precision: str) -> date:
    if precision == "week":
        return value - timedelta(days=value.weekday())
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    return value


def _coarser(a: Optional[str], b: Optional[str]) -> Optional[str]:
    if a is None or b is None:
        return a or b
    return max(a, b, key=PRECISION_ORDER.index)


def mention_date(mention: DateMention, ref: ReferenceDate, previous: Optional[date] = None,
                 previous_precision: Optional[str] = None,
                 event_at: Optional[int] = None) -> tuple[Optional[str], Optional[str]]:
    """(ISO date, precision) for an event dated by ``mention``; (None, None) if it gives none.

    Anaphoric mentions ("the same day", "a week after") count from ``previous``, the date of the
    event told before, and are no surer than it (``previous_precision``: "days before" an event
    known to the month is in that month); "later in December" takes the December on or after it.
    ``event_at`` is the offset of the word reporting the event: when it lies in the clause a
    connective count introduces ("that attack came days before | gunmen raided the hotel"), the
    event is on the other side of the count.

    Mentions counted from the day of writing ("yesterday", "on Monday", "last month") are no surer
    than the reference date: against a year-level guess they keep only the year. Those that name
    their month ("last September", "July last year") depend only on its year and keep the month:
    the year may be a guess, but coarsening would drop what the text says and keep the guess."""
    try:
        return _mention_date(mention, ref, previous, previous_precision, event_at)
    except (OverflowError, ValueError):   # counted past year 1 or 9999: the text gives no usable date
        return None, None


def _mention_date(mention: DateMention, ref: ReferenceDate, previous: Optional[date],
                  previous_precision: Optional[str], event_at: Optional[int]) -> tuple[Optional[str], Optional[str]]:
    value, precision = mention.value, mention.precision
    if mention.anchor == "previous_event" and previous is not None:
        if mention.delta_days is not None:
            delta = mention.delta_days
            if mention.governs is not None and event_at is not None and \
                    mention.governs[0] <= event_at < mention.governs[1]:
                delta = -delta
            value = previous + timedelta(days=delta)
        elif mention.value is not None and mention.precision == "month":
            year = previous.year if mention.value.month >= previous.month else previous.year + 1
            value = date(year, mention.value.month, 1)
        elif mention.precision is not None:
            value = previous   # "days before": near the previous event, at the coarser precision
        precision = _coarser(precision, previous_precision)
    if value is None or precision is None:
        return None, None
    if mention.kind in ("relative", "weekday") and ref.precision == "year" and mention.depends_on != "year":
        precision = _coarser(precision, "year")
    return _truncate(value, precision).isoformat(), precision
