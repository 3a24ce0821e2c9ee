"""Date expressions in a sentence: find them with precompiled patterns, then resolve each one.

Two steps, kept apart so the reference-date inference can read what a text says before any
reference date exists:

1. ``scan(text)`` finds candidate expressions (``Candidate``: span, rule, parsed fields). Every
   pattern needs a date-shaped anchor (a month name, a weekday, a unit word, a four-digit year after
   a preposition), so bare numbers, "may" the verb, "now" and clock times are never dates.
2. ``resolve(candidate, ref)`` turns one candidate into a ``DateMention`` against the reference
   date: past readings are preferred (news reports what happened), dates more than a day after the
   reference date are rejected (value None), and month/year expressions keep their precision.
"""
from __future__ import annotations

import calendar
import bisect
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from .lexicon import alternation, cased_variants, count_value, lexicon, month_number, weekday_number

PRECISION_ORDER = ("day", "week", "month", "year")
FUTURE_TOLERANCE = timedelta(days=1)   # time zones: "today" in Kabul can be "tomorrow" on the server
# "came days before | two gunmen raided": words follow the phrase, not a comma or a stop...
CLAUSE_FOLLOWS = re.compile(r"\s+[A-Za-z\d]")
# ...and a main clause precedes it (more than a sentence-initial "Just" or "Only").
MAIN_CLAUSE_BEFORE = re.compile(r"\w+\W+\w+\W*$")
CLAUSE_END = re.compile(r"[,;:.!?()\u2013\u2014]|\s-\s")


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: Optional[date]            # first day of the period for week/month/year precision
    precision: Optional[str]         # "day" | "week" | "month" | "year"
    kind: str                        # "absolute" | "relative" | "anaphoric" | "weekday" | "period"
    anchor: Optional[str] = None     # "previous_event" for anaphoric mentions
    delta_days: Optional[int] = None  # offset the caller applies to the previous event's date
    # The finest unit of the reference date the value was counted from: "day" for "yesterday" and
    # "on Monday", "week"/"month" for "last week"/"earlier this month", "year" for expressions that
    # name their month ("last September", "July last year", "Dec. 12"); None if self-contained.
    depends_on: Optional[str] = None
    # "That attack came days before two gunmen raided the hotel": the phrase links a main clause
    # (the previous event) to the clause it introduces, whose span this is; an event reported
    # inside it lies on the other side of the count. None for the adverbial "Two days later, ...".
    governs: Optional[tuple[int, int]] = None
    # "over the past three days": a span up to the time of writing, dated near its start; it
    # dates an event told in its own clause, not the sentences after it
    span: bool = False


@dataclass
class Candidate:
    """One expression found by a pattern, before it is resolved against a reference date."""

    start: int
    end: int
    rule: str
    fields: dict = field(default_factory=dict)

    @property
    def year(self) -> Optional[int]:
        y = self.fields.get("y")
        return int(y) if y else None


# --- patterns ---------------------------------------------------------------------------------

def _build_patterns() -> list[tuple[str, re.Pattern]]:
    lex = lexicon()
    month_names = list(lex["months"])
    full_months = [m for m in month_names if len(m) > 3 and m != "Sept"]
    # "Dec." takes its dot, "May." does not: that one ends the sentence.
    abbreviations = [m for m in month_names if any(o != m and o.startswith(m) for o in month_names)]
    whole = [m for m in month_names if m not in abbreviations]
    MON = (r"(?P<mon>" + alternation(cased_variants(abbreviations)) + r"\b\.?|"
           + alternation(cased_variants(whole)) + r"\b)")
    FULLMON = r"(?P<mon>" + alternation(cased_variants(full_months)) + r")\b"
    # (not a clock time "12:30"; a colon ending a timeline's date, "26 August 2021: ...", is fine)
    DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)"
    YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d|:\d)"
    # (after a month's name a year of any century is one: "1 March 1896", "April 16, 1746")
    ANY_YEAR = r"(?P<y>1\d{3}|20\d{2})(?!\d|:\d)"
    WEEKDAY = r"(?P<wd>" + alternation(cased_variants(
        [w for w in lex["weekdays"] if len(w) > 4])) + r")\b"  # "Sun", "Wed", "Sat" are words too
    PART = r"(?:\s+(?P<part>" + alternation(lex["day_parts"]) + r"))?"
    numbers = alternation(lex["numbers"])
    vague = alternation(lex["vague_quantities"])
    COUNT = r"(?P<n>\d{1,3}|(?i:" + numbers + "|" + vague + "))"
    UNIT = r"(?P<unit>(?i:" + alternation(lex["units"]) + r"))(?P<plural>s)?"
    PREP = r"(?i:in|on|since|during|until|till|by|from|throughout|through|of|before|after|around)"
    MOD = r"(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)"

    def ci(words):
        return "(?i:" + alternation(words) + ")"

    rules = [
        # 2021-03-14, with or without a clock time after it
        ("iso", r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
        # 8th October 2021, 1 May 2020, 15th of October, 2021
        ("day_month_year", r"\b" + DAY + r"\s+(?:of\s+)?" + MON + r",?\s+" + ANY_YEAR),
        # Jan. 5, 2023 / August 27, 2021 / May 7 2022
        ("month_day_year", r"\b" + MON + r"\s+" + DAY + r",?\s+" + ANY_YEAR),
        # 14/02/2023, 14.02.2023 (resolved only when day and month cannot be swapped)
        ("numeric", r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.]" + YEAR),
        # 12 December, 2nd of February (no year: the most recent one)
        ("day_month", r"\b" + DAY + r"\s+(?:of\s+)?" + MON),
        # Dec. 12, February 2
        ("month_day", r"\b" + MON + r"\s+" + DAY),
        # August 2021, mid-August 2021
        ("month_year", r"\b(?:(?P<mod>" + MOD + r")[\s-]+)?" + MON + r",?\s+(?:of\s+)?" + YEAR),
        # September last year, July of last year, March this year
        ("month_rel_year", r"\b" + FULLMON + r"\s+(?:of\s+)?(?P<rel>(?i:last|this|next|previous))\s+(?i:year)\b"),
        # last September, this March
        ("rel_month", r"\b(?P<rel>(?i:last|this|next|past))\s+" + FULLMON),
        # later in December, earlier in March (the month after/before the previous event)
        ("anaphoric_month", r"\b(?i:later|earlier)\s+(?i:in|that)\s+" + FULLMON),
        # in August, since March, early September, mid-June (no year)
        ("month", r"\b" + PREP + r"\s+(?P<core>(?:" + MOD + r"[\s-]+(?:(?i:of)\s+)?)?" + FULLMON + r")(?![\s,]*\d)"),
        ("month", r"\b" + MOD + r"[\s-]+(?:(?i:of)\s+)?" + FULLMON + r"(?![\s,]*\d)"),
        # in 2021, since 2019, late 2022 (a year alone needs a preposition or a modifier)
        ("year", r"\b" + PREP + r"\s+(?P<core>(?:" + MOD + r"[\s-]+(?:(?i:of)\s+)?)?" + YEAR + r")"),
        ("year", r"\b" + MOD + r"[\s-]+(?:(?i:of)\s+)?" + YEAR),
        # the 2013 siege, a 2019 attack: a year before the noun it dates
        ("year", r"\b(?i:the|a|an|its|their)\s+(?P<core>" + YEAR + r")\s+(?=[a-z])"),
        # Monday, last Friday, Sunday night
        ("weekday", r"\b(?:(?P<rel>(?i:last|this|next|past))\s+)?" + WEEKDAY + r"(?:'s)?" + PART),
        # yesterday, last night, earlier today, yesterday morning
        ("relative_day", r"\b(?P<rd>" + ci(lex["relative_days"]) + r")\b" + PART),
        # over the weekend, last weekend
        ("weekend", r"\b(?:(?i:over|at|during|on)\s+the\s+(?i:weekend)|(?i:last|this|past)\s+(?i:weekend))\b"),
        # last week, earlier this month, late last year, earlier in the week
        ("relative_period", r"\b(?:(?P<mod>(?i:earlier|later|early|late))\s+)?"
                            r"(?P<rel>(?i:last|this|previous)|(?<=(?i:earlier) )(?i:in the)|(?<=(?i:later) )(?i:in the))\s+"
                            r"(?P<unit>(?i:week|month|year))\b"),
        # three days ago, a few weeks ago
        ("ago", r"\b" + COUNT + r"\s+" + UNIT + r"\s+(?i:ago)\b"),
        # the past two months, the last few weeks
        ("past_span", r"\b(?i:(?:the\s+)?(?:past|last|previous|recent))\s+" + COUNT + r"\s+" + UNIT + r"\b"),
        # the same day, that night, the next day
        ("anaphoric", r"\b(?P<phrase>" + ci(lex["anaphoric"]) + r")\b"),
        # a week after, two days later, days before
        ("anaphoric_count", r"\b(?:" + COUNT + r"\s+)?" + UNIT + r"\s+(?P<dir>" + ci(lex["anaphoric_directions"]) + r")\b"),
        # recently, in recent weeks, the past year
        ("vague", r"\b" + ci(lex["vague_periods"]) + r"\b"),
        ("vague", r"\b(?i:(?:the|this)\s+(?:past|last)\s+(?:week|month|year))\b"),
    ]
    # (?i:...) groups make the function words case-insensitive; month and weekday names stay
    # case-sensitive.
    return [(name, re.compile(pattern)) for name, pattern in rules]


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    return _build_patterns()


# A weekday after a future modal in its clause is the coming one.
FUTURE_BEFORE = re.compile(r"\b(?:will|shall|is to|are to|is due to|are due to|is set to|are set to|plans? to)\s+"
                           r"(?:[\w-]+\s+){0,3}?(?:on\s+|from\s+|until\s+)?$", re.I)
# The cues read before a date ("will ... on", "for two days", a main clause) are a few words long:
# each is looked for in this many characters before it, so a scan stays linear in the text.
LOOKBEHIND = 400
PAST_SPAN_DATED_DAYS = 7   # "the past N days" up to a week dates an event to that week
DURATION_RULES = ("anaphoric_count",)
DURATION_BEFORE = re.compile(r"\b(?:for|lasted|lasting|spent|over)\s+(?:(?:about|nearly|almost|more than|some)\s+)?(?:\S+\s+)?$", re.I)


def scan(text: str) -> list[Candidate]:
    """Every date-like expression in ``text``; overlapping finds keep the longest."""
    found = []
    for rule, pattern in _patterns():
        for match in pattern.finditer(text):
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            if groups.pop("core", None) is not None:
                start, end = match.span("core")   # "in 2021" -> "2021": the preposition is not the date
            else:
                start, end = match.span()
            if rule in DURATION_RULES and DURATION_BEFORE.search(text, max(0, start - LOOKBEHIND), start):
                continue   # "held them hostage for two days before ...": how long, not when
            found.append(Candidate(start, end, rule, groups))
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    # Longest first, each kept unless it overlaps one kept before: kept spans never overlap, so
    # one look at the neighbours in start order decides (n log n, not n x kept).
    starts: list[int] = []
    kept: list[Candidate] = []
    for cand in found:
        i = bisect.bisect_right(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        kept.insert(i, cand)
    return kept


# --- resolution --------------------------------------------------------------------------------

FULL_DATE_RULES = ("iso", "day_month_year", "month_day_year", "numeric")
YEARLESS_DAY_RULES = ("day_month", "month_day")


def full_date(cand: Candidate) -> Optional[date]:
    """The calendar date a fully specified candidate names (None if impossible or ambiguous)."""
    f = cand.fields
    try:
        if cand.rule == "iso":
            return date(int(f["y"]), int(f["m"]), int(f["d"]))
        if cand.rule == "numeric":
            a, b = int(f["a"]), int(f["b"])
            if a > 12 >= b:
                return date(int(f["y"]), b, a)
            if b > 12 >= a:
                return date(int(f["y"]), a, b)
            if a == b:
                return date(int(f["y"]), a, a)
            return None   # 03/04/2021: day-first or month-first, the text does not say
        return date(int(f["y"]), month_number(f["mon"]), int(f["d"]))
    except (ValueError, KeyError):
        return None


def month_day(cand: Candidate) -> Optional[tuple[int, int]]:
    """(month, day) of a yearless day candidate, None if no year has that day."""
    m, d = month_number(cand.fields["mon"]), int(cand.fields["d"])
    if not 1 <= d <= (29 if m == 2 else calendar.monthrange(2001, m)[1]):
        return None
    return m, d


def _safe_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def most_recent(month: int, day: int, ref: date) -> date:
    """The latest (month, day) on or before ``ref`` (+1 day of tolerance)."""
    for year in range(ref.year, ref.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue   # 29 February of a common year
        if candidate <= ref + FUTURE_TOLERANCE:
            return candidate
    return _safe_date(ref.year - 1, month, day)


def most_recent_month(month: int, ref: date, strictly_before: bool = False) -> date:
    year = ref.year if (month < ref.month or (month == ref.month and not strictly_before)) else ref.year - 1
    return date(year, month, 1)


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _count_offset(cand: Candidate) -> tuple[Optional[int], str]:
    """(days, precision) of "three days" / "a few weeks": exact counts keep the unit's precision,
    vague ones the coarser precision the lexicon gives the unit."""
    unit = cand.fields["unit"].lower()
    spec = lexicon()["units"][unit]
    n = count_value(cand.fields.get("n"))
    if n is None:
        return None, spec["vague_precision"]
    return n * spec["days"], unit


def resolve(cand: Candidate, ref: Optional[date], text: str = "", offset: int = 0) -> Optional[DateMention]:
    """One candidate as a DateMention against ``ref``; None when it is not a date after all."""
    f, rule = cand.fields, cand.rule
    value: Optional[date] = None
    precision: Optional[str] = None
    kind = "absolute"
    anchor = None
    delta = None
    depends_on: Optional[str] = None
    governs = None

    if rule in FULL_DATE_RULES:
        value = full_date(cand)
        if value is None and rule != "numeric":
            return None           # "31 February 2021"
        precision = "day" if value else None
    elif rule in YEARLESS_DAY_RULES:
        md = month_day(cand)
        if md is None:
            return None
        precision, depends_on = "day", "year"
        value = most_recent(md[0], md[1], ref) if ref else None
    elif rule == "month_year":
        precision = "month"
        value = date(int(f["y"]), month_number(f["mon"]), 1)
    elif rule == "year":
        precision = "year"
        value = date(int(f["y"]), 1, 1)
    elif rule == "month":
        precision, depends_on = "month", "year"
        value = most_recent_month(month_number(f["mon"]), ref) if ref else None
    elif rule in ("month_rel_year", "rel_month"):
        kind, precision, depends_on = "relative", "month", "year"
        month, rel = month_number(f["mon"]), f["rel"].lower()
        if ref and rel in ("last", "previous") and rule == "month_rel_year":
            value = date(ref.year - 1, month, 1)
        elif ref and rel == "this" and rule == "month_rel_year":
            value = date(ref.year, month, 1)
        elif ref and rel in ("last", "past"):
            value = most_recent_month(month, ref, strictly_before=True)
        elif ref and rel == "this":
            value = most_recent_month(month, ref)
        elif ref and rel == "next":
            value = date(ref.year + 1 if rule == "month_rel_year" or month <= ref.month else ref.year, month, 1)
    elif rule == "anaphoric_month":
        kind, precision, anchor = "anaphoric", "month", "previous_event"
        value = most_recent_month(month_number(f["mon"]), ref) if ref else None
    elif rule == "weekday":
        kind, precision, depends_on = "weekday", "day", "day"
        if ref:
            back = (ref.weekday() - weekday_number(f["wd"])) % 7
            rel = (f.get("rel") or "").lower()
            if not rel and FUTURE_BEFORE.search(text, max(0, cand.start - LOOKBEHIND), cand.start):
                rel = "next"   # "the embassy will remain closed on Monday": the coming Monday
            if rel in ("last", "past") and back == 0:
                back = 7
            value = ref + timedelta(days=7 - back if back else 7) if rel == "next" else ref - timedelta(days=back)
    elif rule == "weekend":
        # the Saturday of the latest weekend on or before the day of writing; "week" precision:
        # a window that holds both days, not one of them
        kind, precision, depends_on = "relative", "week", "day"
        value = ref - timedelta(days=(ref.weekday() - 5) % 7) if ref else None
    elif rule == "relative_day":
        kind, precision, depends_on = "relative", "day", "day"
        days = lexicon()["relative_days"][" ".join(f["rd"].lower().split())]
        value = ref + timedelta(days=days) if ref else None
    elif rule == "relative_period":
        kind = "relative"
        unit, rel = f["unit"].lower(), f["rel"].lower()
        back = 0 if rel in ("this", "in the") else 1
        precision = depends_on = unit
        if ref:
            if unit == "week":
                value = _week_start(ref) - timedelta(days=7 * back)
            elif unit == "month":
                value = _shift_months(date(ref.year, ref.month, 1), -back)
            else:
                value = date(ref.year - back, 1, 1)
    elif rule == "ago":
        kind, depends_on = "relative", "day"
        days, precision = _count_offset(cand)
        if ref:
            unit = f["unit"].lower()
            guess = days if days is not None else 3 * lexicon()["units"][unit]["days"]
            value = ref - timedelta(days=guess)
            if precision == "week":
                value = _week_start(value)
            elif precision == "month":
                value = date(value.year, value.month, 1)
            elif precision == "year":
                value = date(value.year, 1, 1)
    elif rule == "anaphoric":
        spec = lexicon()["anaphoric"][" ".join(f["phrase"].lower().split())]
        kind, precision, anchor, delta = "anaphoric", spec["precision"], "previous_event", spec["delta"]
    elif rule == "anaphoric_count":
        if f.get("n") is None and not f.get("plural"):
            return None           # "year after year", "day before" without "the"
        kind, anchor = "anaphoric", "previous_event"
        days, precision = _count_offset(cand)
        if days is not None and precision == "week":
            precision = "day"     # "a week after" the previous event: a day, give or take one
        if days is not None:
            direction = lexicon()["anaphoric_directions"][f["dir"].lower()]
            delta = direction * days
        governs = _governed_clause(cand, text, offset)
    elif rule == "past_span" and ref is not None and (_count_offset(cand)[0] or 99) <= PAST_SPAN_DATED_DAYS:
        # "over the past three days": within the week before the day of writing, not one day
        kind, precision, depends_on = "relative", "week", "day"
        value = ref - timedelta(days=_count_offset(cand)[0])
    elif rule in ("past_span", "vague"):
        kind = "period"
    else:   # pragma: no cover - a rule without a resolver is a programming error
        raise ValueError(rule)

    if value is not None and ref is not None and value > ref + FUTURE_TOLERANCE:
        value = None              # a report of what happened cannot be dated after it was written
        precision = None
    return DateMention(cand.start + offset, cand.end + offset, text[cand.start:cand.end], value,
                       precision, kind, anchor, delta, depends_on, governs, span=rule == "past_span")


def _governed_clause(cand: Candidate, text: str, offset: int) -> Optional[tuple[int, int]]:
    """The span of the clause "a week after" / "days before" introduces, when it links two clauses."""
    if cand.fields["dir"].lower() not in lexicon()["clause_connectives"]:
        return None
    if not CLAUSE_FOLLOWS.match(text, cand.end) or not MAIN_CLAUSE_BEFORE.search(text[max(0, cand.start - LOOKBEHIND):cand.start]):
        return None
    stop = CLAUSE_END.search(text, cand.end)
    return cand.end + offset, (stop.start() if stop else len(text)) + offset


def find_dates(text: str, ref: Optional[date], offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` (one sentence or clause), resolved against ``ref``.

    Offsets are ``offset`` + the position in ``text``; month and year expressions keep their
    precision with ``value`` on the first day of the period; expressions that name no single date
    ("recently", "the past two months") come back with ``value`` None and kind "period"."""
    mentions = []
    for cand in scan(text):
        try:
            mention = resolve(cand, ref, text, offset)
        except (OverflowError, ValueError):
            continue   # counted past year 1 or 9999 (a reference date at the calendar's edge): no date
        if mention is not None:
            mentions.append(mention)
    return mentions
