"""The reference date of an article: the day it was written, which relative dates count from.

In order of trust:

1. ``published`` (given by the feed or the caller) and ``metadata_date`` (HTML metadata);
2. a dateline in the text: a labelled line ("Published on 14 February 2023", "Updated: 2017-09-15
   17:52"), an agency dateline ("KABUL, Feb 14 (Reuters) -") or a line holding only a date near
   the top of the page;
3. inference from the dates the text mentions, marked ``inferred:...`` with an honest precision:

   - ``inferred:latest-date``: the latest fully specified date the text reports (not a planned
     or future one), moved to a later yearless "Month Day" of the same year if the text has one
     within three months. An article is written on or after the last day it reports, usually
     within weeks: precision "month".
   - ``inferred:relative-year`` / ``inferred:year-after-latest``: no full date, only years
     ("in August 2021"). HEURISTIC: a writer in year N+1 would call N "last year"; a text that
     both names year N and speaks of "last year" / "this year" was most likely written two or
     more years after N, so the year is max(N) + 2; otherwise max(N) + 1. Yearless "Month Day"
     mentions then place the day: they lie within the twelve months before writing, so the latest
     is the one before the largest gap of the calendar circle ("Dec. 12" and "February 2" ->
     February 2, and Dec. 12 of the year before). Precision "year": the year is a guess.
     Without any yearless day, ``+latest-month``: three months after the latest month the text
     dates, when that falls in the guessed year ("in December 2022" ... "last September": early
     2023, so "last September" is September 2022); otherwise 31 December, so within-year
     expressions ("earlier this year", "in March") resolve inside the guessed year. Read only its
     year.
   - ``inferred:copyright-year``: no full date, but a copyright line ("© 2023 ...") gives the
     year the page was put up; yearless days and datelines are placed in it. Precision "year".
   - ``none``: the text names no year at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from .expressions import (FULL_DATE_RULES, YEARLESS_DAY_RULES, Candidate, full_date, month_day,
                          scan)
from .lexicon import alternation, cased_variants, lexicon, month_number

COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright)\s*(?:©\s*)?(?P<y>(?:19|20)\d{2})\b", re.I)
LATEST_DATE_LOOKAHEAD = timedelta(days=92)   # a yearless day this far after the latest full date
DATE_ONLY_LINE_WINDOW = 15                   # top lines where a bare date line is a dateline
DATELINE_PREFIX_CHARS = 300                  # a dateline's place/agency before its date is shorter
DATELINE_SUFFIX_CHARS = 300                  # what is read after the date on its line


def _nth_newline(text: str, n: int) -> int:
    """Offset just past the first ``n`` lines (a date before it is in the top ``n`` lines)."""
    at = -1
    for _ in range(n):
        at = text.find("\n", at + 1)
        if at < 0:
            return len(text) + 1
    return at + 1


@dataclass
class ReferenceDate:
    date: Optional[date]
    method: str                   # "published" | "metadata" | "dateline" | "inferred:..." | "none"
    precision: Optional[str]      # "day" | "month" | "year": how sure the date is


def reference_date(text: str, published: Optional[date] = None,
                   metadata_date: Optional[date] = None) -> ReferenceDate:
    """The date ``text`` was written, with how it was found and how sure it is."""
    if published is not None:
        return ReferenceDate(published, "published", "day")
    if metadata_date is not None:
        return ReferenceDate(metadata_date, "metadata", "day")
    candidates = scan(text)
    try:
        inferred = infer_reference_date(text, candidates)
    except (OverflowError, ValueError):   # dates at the calendar's edge ("31 December 9999")
        return ReferenceDate(None, "none", None)
    try:
        dated = dateline_date(text, candidates, inferred)
    except (OverflowError, ValueError):
        dated = None
    return dated if dated is not None else inferred


def fallback_date(ref: ReferenceDate) -> tuple[Optional[str], Optional[str]]:
    """(ISO date, precision) for an event the text reports without a date.

    News reports events of the day of writing or the day before (measured on GTD summaries:
    the incident is 0-3 days before publication, most often 1), so a day-precise reference gives
    the day before at "week" precision: near, not certain. A reference known only to the month or
    year gives that month or year (day 01, the ACLED convention)."""
    if ref.date is None:
        return None, None
    if ref.precision == "day":
        if ref.date == date.min:
            return ref.date.isoformat(), "week"
        return (ref.date - timedelta(days=1)).isoformat(), "week"
    if ref.method == "inferred:latest-date":
        # The latest date an article mentions is most often the day of the news it leads with.
        return ref.date.isoformat(), "week"
    if ref.precision == "month":
        return ref.date.replace(day=1).isoformat(), "month"
    return date(ref.date.year, 1, 1).isoformat(), "year"


# --- datelines -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _label_patterns() -> list[re.Pattern]:
    """One pattern per label group (published first): a capitalised label at the start of a line
    or after a separator, then an optional "on"/":" right before the date."""
    patterns = []
    for words in lexicon()["dateline_labels"].values():
        variants = []
        for w in words:
            variants += [w[:1].upper() + w[1:], w.upper()]
        # the date may sit on the next line ("Published on\n\n14 February 2023"), after a weekday
        patterns.append(re.compile(r"(?:^|(?<=[|•·\n]))[ \t]*" + alternation(variants)
                                   + r"\b[ \t]*(?::|-|–)?\s{0,4}(?:" + _weekday() + r",?\s+)?", re.M))
    return patterns


@lru_cache(maxsize=1)
def _weekday() -> str:
    return alternation(cased_variants(lexicon()["weekdays"])) + r"\.?"


AGENCY_PREFIX = re.compile(r"^\s*(?:[A-Z][A-Z.'’\- ]+(?:,\s*[A-Za-z.'’\- ]+)?,\s*)?$")
AGENCY_SUFFIX = re.compile(r"^\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]")



def in_agency_dateline(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` is a wire dateline's ("MOGADISHU, March 3
    (Reuters) -"): it dates the report, not the event the sentence goes on to tell."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(AGENCY_PREFIX.match(text[line_start:start]) and AGENCY_SUFFIX.match(text[end:]))


DATE_ONLY_SUFFIX = re.compile(r"^[ \t]*(?:[,|at-]*[ \t]*\d{1,2}[:.]\d{2}.*)?$")


@lru_cache(maxsize=1)
def _date_only_prefix() -> re.Pattern:
    """Nothing but a weekday before the date: "Tuesday, 7 June 2022", "Tue 7 Jun 2022"."""
    return re.compile(r"^\s*(?:" + _weekday() + r",?\s*)?$")


def _day_of(cand: Candidate, inferred: ReferenceDate) -> tuple[Optional[date], str]:
    """The date a dateline candidate names; a yearless one takes its year from the inference."""
    if cand.rule in FULL_DATE_RULES:
        return full_date(cand), "day"
    md = month_day(cand) if cand.rule in YEARLESS_DAY_RULES else None
    if md is None or inferred.date is None:
        return None, "day"
    year = inferred.date.year
    try:
        day = date(year, *md)
    except ValueError:
        return None, "day"
    if inferred.method == "inferred:latest-date" and day < inferred.date - timedelta(days=1):
        try:
            day = date(year + 1, *md)   # datelines come after everything the article reports
        except ValueError:
            return None, "day"
    return day, "day" if inferred.precision in ("day", "month") else "year"


def dateline_date(text: str, candidates: list[Candidate],
                  inferred: ReferenceDate) -> Optional[ReferenceDate]:
    day_candidates = [c for c in candidates if c.rule in FULL_DATE_RULES + YEARLESS_DAY_RULES]
    by_start = {c.start: c for c in day_candidates}
    for pattern in _label_patterns():
        for match in pattern.finditer(text):
            cand = by_start.get(match.end())
            if cand is not None:
                day, precision = _day_of(cand, inferred)
                if day is not None:
                    return ReferenceDate(day, "dateline", precision)
    # A dateline's line starts with at most a short place or weekday before its date; a longer
    # prefix is never one, so each candidate reads a bounded window (linear in the text).
    top_end = _nth_newline(text, DATE_ONLY_LINE_WINDOW)
    for cand in day_candidates:
        window = max(0, cand.start - DATELINE_PREFIX_CHARS - 1)
        line_start = text.rfind("\n", window, cand.start) + 1
        if line_start == 0 and window > 0:
            continue
        prefix = text[line_start:cand.start]
        suffix_end = text.find("\n", cand.end, cand.end + DATELINE_SUFFIX_CHARS)
        suffix = text[cand.end:suffix_end if suffix_end >= 0 else cand.end + DATELINE_SUFFIX_CHARS]
        agency = AGENCY_PREFIX.match(prefix) and AGENCY_SUFFIX.match(suffix)
        date_only = (cand.rule in FULL_DATE_RULES and cand.start < top_end
                     and _date_only_prefix().match(prefix) and DATE_ONLY_SUFFIX.match(suffix))
        if agency or date_only:
            day, precision = _day_of(cand, inferred)
            if day is not None:
                return ReferenceDate(day, "dateline", precision)
    return None


# --- inference from the text ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def _future_cue() -> re.Pattern:
    """A plan or deadline right before a date: "scheduled for", "by", "until"."""
    return re.compile(r"\b" + alternation(lexicon()["future_cues"]) + r"\s+(?:the\s+|on\s+|in\s+)?$", re.I)


@lru_cache(maxsize=1)
def _relative_year() -> re.Pattern:
    return re.compile(r"\b" + alternation(lexicon()["relative_year_phrases"]) + r"\b", re.I)


def _reported(text: str, cand: Candidate) -> bool:
    """False for dates that are planned, due or hoped for rather than reported."""
    return not planned(text, cand.start)


def planned(text: str, start: int) -> bool:
    """The date at ``start`` of ``text`` is planned or due ("scheduled for October 16", "by
    March"): it dates no event the report tells."""
    return bool(_future_cue().search(text[max(0, start - 30):start]))


def _latest_in_circle(days: list[tuple[int, int]]) -> tuple[int, int]:
    """Of yearless (month, day)s that all lie within one year before writing, the latest: the one
    followed by the largest gap around the calendar circle."""
    ordinals = sorted({date(2000, m, d).timetuple().tm_yday for m, d in days})   # leap year: Feb 29 fits
    if len(ordinals) == 1:
        latest = ordinals[0]
    else:
        gaps = [((ordinals[(i + 1) % len(ordinals)] - o) % 366, o) for i, o in enumerate(ordinals)]
        latest = max(gaps)[1]
    d = date(2000, 1, 1) + timedelta(days=latest - 1)
    return d.month, d.day


def infer_reference_date(text: str, candidates: Optional[list[Candidate]] = None) -> ReferenceDate:
    candidates = scan(text) if candidates is None else candidates
    reported = [c for c in candidates if _reported(text, c)]
    full_dates = [d for c in reported if c.rule in FULL_DATE_RULES for d in [full_date(c)] if d]
    yearless = [md for c in reported if c.rule in YEARLESS_DAY_RULES for md in [month_day(c)] if md]
    months = [date(c.year, month_number(c.fields["mon"]), 1) for c in reported
              if c.rule == "month_year" and c.year]

    if full_dates:
        latest = max(full_dates)
        for m, d in yearless:
            try:
                later = date(latest.year, m, d)
            except ValueError:
                continue
            if latest < later <= latest + LATEST_DATE_LOOKAHEAD:
                latest = later
        # ... and not before the end of a later month it dates ("caught in December 1975" after
        # "27 August 1975": written after December)
        later_month = max((m for m in months if m > latest), default=None)
        if later_month is not None:
            latest = (later_month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        return ReferenceDate(latest, "inferred:latest-date", "month")

    years = [c.year for c in reported if c.year and c.rule in ("month_year", "year")]
    copyright = COPYRIGHT.search(text)
    if copyright and int(copyright.group("y")) >= max(years, default=0):
        # The page's copyright line: the year it was put up, if not the day.
        year, method = int(copyright.group("y")), "inferred:copyright-year"
    elif not years:
        return ReferenceDate(None, "none", None)
    else:
        relative = bool(_relative_year().search(text))
        year = max(years) + (2 if relative else 1)
        method = "inferred:relative-year" if relative else "inferred:year-after-latest"
    if yearless:
        m, d = _latest_in_circle(yearless)
        day = date(year, m, d) if (m, d) != (2, 29) else date(year, 2, 28)
        return ReferenceDate(day, method + "+month-day", "year")
    soon_after = max(months) + LATEST_DATE_LOOKAHEAD if months else None
    if soon_after is not None and soon_after.year == year:
        # "in December 2022" and "last September": news tells recent events, so the article was
        # most likely written within weeks of the latest month it dates, early in the guessed year.
        return ReferenceDate(soon_after, method + "+latest-month", "year")
    return ReferenceDate(date(year, 12, 31), method, "year")
