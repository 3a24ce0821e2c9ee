"""Which of a sentence's dates is the date of the event it reports.

A sentence can hold several dates: "Officials said on Tuesday that the convoy had been ambushed
near the border on Sunday night", "The bomb went off on 3 May, a week after gunmen stormed the
base on 26 April". The event's date is the one in the clause that reports the event: reporting
clauses ("officials said on Tuesday") and subordinate clauses ("since the group took power in
August 2021") date only what they tell. Within the event's clause, the date nearest the word
reporting the event wins, one before it preferred (news puts the date in front: "On Monday,
gunmen ...").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from .expressions import DateMention
from .lexicon import alternation, lexicon

AFTER_PENALTY = 5   # characters: a date after the event word must be this much nearer to win
CLAUSE_STOP = r"[,;:()\u2013\u2014]|\s-\s|$"


@lru_cache(maxsize=1)
def _clause_openers() -> tuple[re.Pattern, re.Pattern]:
    lex = lexicon()
    reporting = re.compile(r"\b" + alternation(lex["reporting_verbs"]) + r"\b.*?(?=\bthat\b|" + CLAUSE_STOP + ")", re.I | re.S)
    subordinate = re.compile(r"\b(?P<opener>" + alternation(lex["subordinators"]) + r")\b.*?(?=" + CLAUSE_STOP + ")", re.I | re.S)
    return reporting, subordinate


# ", who took office on Friday,": an aside about a person dates what it tells of them
_PERSON_ASIDE = re.compile(r",\s+(?:who|whose)\b[^,;]*?(?=[,;]|$)", re.I)


def person_asides(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) (offset + position) of the non-restrictive relative clauses on a person
    (", whose first day in office was Saturday,")."""
    return [(m.start() + offset, m.end() + offset) for m in _PERSON_ASIDE.finditer(text)]


def other_clauses(text: str, offset: int = 0) -> list[tuple[int, int, bool]]:
    """(start, end, bounds_a_period) (offset + position) of the reporting and subordinate clauses
    of ``text``; the flag marks clauses opened by "since", "until", "ahead of" ..."""
    reporting, subordinate = _clause_openers()
    bounds = {" ".join(w.lower().split()) for w in lexicon()["period_bounds"]}
    spans = [(m.start() + offset, m.end() + offset, False) for m in reporting.finditer(text)]
    spans += [(m.start() + offset, m.end() + offset, " ".join(m["opener"].lower().split()) in bounds)
              for m in subordinate.finditer(text)]
    spans += [(a, b, False) for a, b in person_asides(text, offset)]
    return spans


def in_reporting_clause(text: str, offset: int, position: int) -> bool:
    """Whether ``position`` lies in a reporting clause of ``text`` ("the minister said on
    Sunday"): such a date tells when the news was told, not when the event happened."""
    reporting, _ = _clause_openers()
    return any(m.start() + offset <= position < m.end() + offset for m in reporting.finditer(text))


@lru_cache(maxsize=1)
def _linking_main_clause() -> re.Pattern:
    lex = lexicon()
    return re.compile(r"^\W*" + alternation(lex["anaphoric_subjects"]) + r"\b[^,;]{0,40}?\b"
                      + alternation(lex["linking_verbs"]) + r"\b[^,;]{0,20}$", re.I)


def reported_event_at(dates: Sequence[DateMention], text: str, offset: int,
                      words: Sequence[int]) -> Optional[int]:
    """Of the event words at ``words`` (offsets), the one reporting the news of the sentence when a
    main clause only places an event told before ("That raid came a week before | three gunmen
    stormed the market"): the first word in the clause the count introduces. None otherwise."""
    for d in dates:
        if d.governs is None or not _linking_main_clause().match(text[:d.start - offset]):
            continue
        inside = [w for w in words if d.governs[0] <= w < d.governs[1]]
        if inside:
            return min(inside)
    return None


def event_date_mention(dates: Sequence[DateMention], text: str, offset: int,
                       event_at: int) -> Optional[DateMention]:
    """The mention among ``dates`` (found in ``text``, a sentence starting at ``offset``) that dates
    the event reported by the word at ``event_at``; None if none can."""
    if not dates:
        return None
    spans = other_clauses(text, offset)

    def innermost(pos: int):
        holders = [s for s in spans if s[0] <= pos < s[1]]
        return min(holders, key=lambda s: s[1] - s[0]) if holders else None

    event_clause = innermost(event_at)
    same = [d for d in dates if innermost(d.start) == event_clause]
    # Failing that, a date of another clause is near the event ("gunmen stormed a checkpoint,
    # police said on Monday"), unless that clause bounds a period ("since ... August 2021").
    near = [d for d in dates if not (innermost(d.start) or (0, 0, False))[2]]
    pool = same or near
    if not pool:
        return None
    return min(pool, key=lambda d: abs(d.start - event_at) + (0 if d.start <= event_at else AFTER_PENALTY))
