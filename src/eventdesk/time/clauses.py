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
    subordinate = re.compile(r"\b" + alternation(lex["subordinators"]) + r"\b.*?(?=" + CLAUSE_STOP + ")", re.I | re.S)
    return reporting, subordinate


def other_clauses(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans (offset + position) of the reporting and subordinate clauses of ``text``."""
    spans = []
    for pattern in _clause_openers():
        spans += [(m.start() + offset, m.end() + offset) for m in pattern.finditer(text)]
    return spans


@lru_cache(maxsize=1)
def _linking_main_clause() -> re.Pattern:
    lex = lexicon()
    return re.compile(r"^\W*" + alternation(lex["anaphoric_subjects"]) + r"\b[^,;]{0,40}?\b"
                      + alternation(lex["linking_verbs"]) + r"\b[^,;]{0,20}$", re.I)


def reported_event_at(dates: Sequence[DateMention], text: str, offset: int,
                      words: Sequence[int]) -> Optional[int]:
    """Of the event words at ``words`` (offsets), the one reporting the news of the sentence when a
    main clause only places an event told before ("That attack came just days before | two gunmen
    raided the hotel"): the first word in the clause the count introduces. None otherwise."""
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
    the event reported by the word at ``event_at``; None if ``dates`` is empty."""
    if not dates:
        return None
    spans = other_clauses(text, offset)
    inside = [s for s in spans if s[0] <= event_at < s[1]]
    event_clause = min(inside, key=lambda s: s[1] - s[0]) if inside else None

    def same_clause(d: DateMention) -> bool:
        holders = [s for s in spans if s[0] <= d.start < s[1]]
        if event_clause is not None:
            return event_clause in holders and min(holders, key=lambda s: s[1] - s[0]) == event_clause
        return not holders

    pool = [d for d in dates if same_clause(d)] or list(dates)
    return min(pool, key=lambda d: abs(d.start - event_at) + (0 if d.start <= event_at else AFTER_PENALTY))
