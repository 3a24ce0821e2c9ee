"""The time lexicon (data/time_lexicon.yaml), loaded once and turned into regex fragments."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "time_lexicon.yaml"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with open(LEXICON_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def alternation(words: Iterable[str], *, flexible_space: bool = True) -> str:
    """A regex alternation of ``words``, longest first so "the day before yesterday" beats
    "the day before"; spaces match any run of whitespace (scraped text breaks lines anywhere)."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        if flexible_space:
            escaped = escaped.replace(r"\ ", r"\s+")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


def cased_variants(words: Iterable[str]) -> list[str]:
    """Capitalised and all-caps spellings only: "May"/"MAY" is a month, "may" is a verb."""
    out = []
    for word in words:
        out += [word[:1].upper() + word[1:], word.upper()]
    return out


def month_number(name: str) -> int:
    return lexicon()["months"][name.rstrip(".").capitalize()]


def weekday_number(name: str) -> int:
    return lexicon()["weekdays"][name.capitalize()]


def count_value(word: str | None) -> int | None:
    """"two" -> 2, "12" -> 12, "a couple of" -> 2; vague words ("several") and None -> None."""
    if word is None:
        return None
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return lexicon()["numbers"].get(word)
