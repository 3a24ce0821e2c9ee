"""One search semantics for every backend: words are folded (case, diacritics) and stemmed
(Snowball English, the stemmer PostgreSQL's 'english' configuration uses) in Python, and the
backend's full-text index only stores and matches those terms ('simple' configuration on
PostgreSQL, FTS5's unicode61 on SQLite). So "police officer" finds "police officers" and the
same events on SQLite as on PostgreSQL; every query word is required; no operator syntax.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    return _stemmer().stemWord(word)


def fold(text: str) -> str:
    if text.isascii():   # nothing to decompose: skip the per-character walk (most of a re-index's time)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def search_terms(text: str) -> list[str]:
    """The index terms of a text or a query, in order."""
    return [_term(w) for w in WORD.findall(fold(text or ""))]


def index_text(text: str) -> str:
    """What the full-text index stores for a text: its terms, space-separated."""
    return " ".join(search_terms(text))
