"""Finding place-name mentions in text: capitalized word runs looked up in the gazetteer.

A mention is a maximal run of capitalized words (with the connectors names contain: "Jammu and
Kashmir", "Mazar-i-Sharif", "Democratic Republic of the Congo") whose folded spelling the
gazetteer lists. Longest match wins. Stoplisted common words, demonyms ("Chinese") and tiny
places with very short names are not mentions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz.fuzz import ratio

from .gazetteer import Gazetteer, Place, get_gazetteer
from .names import fold
from .resources import cues, demonyms, stopwords

MAX_WORDS = 5
# Lowercase words allowed inside a multi-word name.
_INNER_CONNECTORS = frozenset({"and", "of", "the", "de", "del", "la", "le", "da", "do", "dos", "das",
                               "di", "du", "e", "i", "al", "el", "ul", "ud", "y", "van", "von", "bin",
                               "ibn", "upon", "on", "sur", "am", "an", "der"})
# Articles inside a name ("Tell al Abyad", "Mina de Oro"), unlike "of" or "and" which join names.
_NAME_ARTICLES = frozenset({"al", "el", "ul", "ud", "bin", "ibn", "de", "del", "da", "di", "du",
                            "la", "le", "van", "von", "y"})
# A capitalized single word opening a sentence ("Since", "Assailants") is a place only if it
# names a country, a division or a town at least this large.
SENTENCE_START_MIN_POPULATION = 100_000
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]['\"’”)]?\s*|^\W*)$")
# A place whose name has this few letters must be a country, a division or a large city.
SHORT_NAME_LETTERS = 3
# A loose (skeleton) match must also be this similar (0-100) to the entry's name: Kondoz ~ Kunduz
# (67) passes, Nyarubuye ~ Nairobi (50) does not.
LOOSE_MIN_SIMILARITY = 65
SHORT_NAME_MIN_POPULATION = 100_000
# A town's alternate name this short ("Sam", "Pul", "Man") is too often another word or town.
SHORT_ALIAS_LETTERS = 4

# "al-Qusayr", "el-Arish": a lowercase Arabic article joined to a capitalized name.
_ARTICLE_PREFIX = re.compile(r"(?:al|el|ar|as|ash|ad|an|at|az|ad-d)-[A-Z]")
_WORD = re.compile(r"[^\W\d_][\w]*(?:['’\-.&][\w]+)*\.?", re.UNICODE)   # "J&K" is one word
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass
class _Token:
    start: int
    end: int
    text: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() or bool(_ARTICLE_PREFIX.match(self.text))


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            word, end = word[:-1], end - 1            # a sentence's full stop, not "U.S."
        poss = _POSSESSIVE.search(word)
        if poss and len(word) > 3:                    # "Kunduz city's", "Paktika’s"
            word, end = word[: poss.start()], end - len(poss.group())
        out.append(_Token(start, end, word))
    return out


def _joinable(text: str, left: _Token, right: _Token) -> bool:
    """Words of one name are separated by a single space (hyphens stay inside a token)."""
    gap = text[left.end:right.start]
    return gap == " "


def _acceptable(name: str, places: list[Place]) -> list[Place]:
    letters = sum(c.isalpha() for c in name)
    if letters <= SHORT_ALIAS_LETTERS:        # "Man" is Man (Ivory Coast), not Amman
        places = [p for p in places if not p.by_alias]
    if letters <= SHORT_NAME_LETTERS:
        places = [p for p in places if p.kind in ("country", "admin1")
                  or p.population >= SHORT_NAME_MIN_POPULATION]
    return places


# Persian/Urdu/Arabic joining particles inside one place name: Dasht-e-Barchi, Pul-i-Alam,
# Dera Ismail Khan's "Dera-e-...", Mazar-i-Sharif.
_EZAFE = re.compile(r"-(?:e|i|ul|ol|al|el|ye|ud|ad|ur|ar|as|ash|az)-", re.I)


def lookup_span(gazetteer: Gazetteer, name: str, single_word: bool,
                in_address: bool = False) -> list[Place]:
    """The places a run of words may name (empty if it is no place name). ``in_address``: the
    word stands between commas after a name ("Dimona, Southern, Israel"), where a common word
    can only be a division's name."""
    key = fold(name)
    if not key:
        return []
    if not single_word and key in stopwords():
        return []                                     # "White House": the presidency, not a town
    if single_word and (key in stopwords() or key in demonyms()):
        if not in_address:
            return []
        return [p for p in gazetteer.lookup(name) if p.kind == "admin1"]
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 4 and all(c.isupper() for c in letters):
        return gazetteer.lookup_abbreviation(name)    # "KPK", "UP", "U.S.": exact case only
    if name.isupper() and len(letters) > 4:
        name = name.title()                           # headline capitals
    places = _acceptable(name, gazetteer.lookup(name))
    if not places and len(letters) >= 5:
        # Loose spelling is trusted for countries and divisions only: few, long, well-known names.
        places = [p for p in gazetteer.lookup_loose(name) if p.kind in ("country", "admin1")
                  and ratio(key, fold(p.name)) >= LOOSE_MIN_SIMILARITY and not _adjective_of(key, p)]
    return places


_ADJECTIVE_ENDINGS = ("i", "n", "an", "ian", "ese", "ish", "is")


def _adjective_of(key: str, place: Place) -> bool:
    """"Dagestani", "Kashmiri": the adjective of a division's name, not the division (the
    towns a text calls "Dagestani" it names after the adjective)."""
    name = fold(place.name)
    return key.startswith(name) and key[len(name):] in _ADJECTIVE_ENDINGS


def _name_part(token: _Token) -> bool:
    """A capitalized word that belongs to a proper name (not a title, common noun or demonym)."""
    if not token.capitalized or any(c.isdigit() for c in token.text):
        return False                   # "PD11 Kabul": a district code, not part of a name
    key = fold(token.text)
    return bool(key) and key not in stopwords() and key not in demonyms() and key not in _kind_words()


TITLE_CASE_SHARE = 0.7     # of a text's longer words capitalized: a Title Case headline
TITLE_CASE_MIN_WORDS = 4
HEADLINE_MIN_POPULATION = 10_000


def _title_case(tokens: list[_Token]) -> bool:
    words = [t for t in tokens if len(t.text) >= 4 and t.text[:1].isalpha()]
    return len(words) >= TITLE_CASE_MIN_WORDS and not any(t.text.isupper() for t in words) and \
        sum(t.text[:1].isupper() for t in words) >= TITLE_CASE_SHARE * len(words)


def _joinable_title(text: str, left: _Token, right: _Token) -> bool:
    """``left`` is a person's title right before ``right`` ("Mr Hollings", "Gen. Dostum")."""
    gap = text[left.end:right.start]
    return gap in (" ", ". ") and fold(left.text.rstrip(".")) in cue_words("person_titles")


@lru_cache(maxsize=None)
def cue_words(*keys: str) -> frozenset[str]:
    """The folded words of the given lists of data/geo_cues.yaml."""
    c = cues()
    return frozenset(fold(w) for key in keys for w in c.get(key, ()))


def _kind_words() -> frozenset[str]:
    """Folded nouns that say what a place is ("LGA", "District", "City"): not part of its name."""
    return cue_words("admin1_words", "district_words", "settlement_words")


def _inside_longer_name(text: str, tokens: list[_Token], i: int, j: int) -> bool:
    """True if the words i..j are joined to more name words on either side."""
    if i > 0 and _joinable(text, tokens[i - 1], tokens[i]):
        left = tokens[i - 1]
        if left.text in _NAME_ARTICLES and i > 1 and _joinable(text, tokens[i - 2], left):
            left = tokens[i - 2]                       # "Tell al Abyad"
        if _name_part(left):
            return True
    if j + 1 < len(tokens) and _joinable(text, tokens[j], tokens[j + 1]):
        return _name_part(tokens[j + 1])
    return False


def find_places(text: str, offset: int = 0,
                gazetteer: Optional[Gazetteer] = None) -> list[tuple[int, int, list[Place]]]:
    """Candidate place mentions in ``text``: (start, end, places) with offsets + ``offset``.

    ``places`` lists every gazetteer entry the name may denote, most likely first before context.
    """
    gazetteer = gazetteer or get_gazetteer()
    tokens = _tokens(text)
    headline = _title_case(tokens)
    found: list[tuple[int, int, list[Place]]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalized:
            i += 1
            continue
        match, compound = None, False
        # Candidate runs starting here, longest first.
        last = i
        while (last + 1 < len(tokens) and last + 1 - i < MAX_WORDS
               and _joinable(text, tokens[last], tokens[last + 1])
               and (tokens[last + 1].capitalized or tokens[last + 1].text in _INNER_CONNECTORS)):
            last += 1
        for j in range(last, i - 1, -1):
            if not tokens[j].capitalized:
                continue
            start, end = tokens[i].start, tokens[j].end
            places = lookup_span(gazetteer, text[start:end], single_word=(i == j),
                                 in_address=text[max(0, start - 2):start] == ", "
                                 and text[end:end + 1] == "," and i > 0 and tokens[i - 1].capitalized)
            if places:
                match = (j, start, end, places)
                break
        if match is None and "-" in tokens[i].text and not _EZAFE.search(tokens[i].text):
            # "Mogadishu-Hodan": a compound of a known place and an unknown part (but
            # "Dasht-e-Barchi", "Qala-e-Fathullah" are one name the gazetteer lacks, not Dasht).
            for part in re.finditer(r"[^\W\d_][\w']*", tokens[i].text):
                if part.group()[:1].isupper():
                    places = lookup_span(gazetteer, part.group(), single_word=True)
                    if places:
                        s = tokens[i].start + part.start()
                        match = (i, s, s + len(part.group()), places)
                        compound = True
                        break
        if match is None:
            i += 1
            continue
        j, start, end, places = match
        if not compound and _inside_longer_name(text, tokens, i, j):
            # "Mullah Abdul Qayum", "Shah Joy district", "Tell al Abyad": a town's name as one
            # word of a longer name is a person, an organization or an unlisted place.
            places = [p for p in places if p.kind == "country"]
        if i > 0 and _joinable_title(text, tokens[i - 1], tokens[i]):
            places = [p for p in places if p.kind == "country"]   # "Mr Hollings": a person
        if not compound and j + 1 < len(tokens) and _joinable(text, tokens[j], tokens[j + 1]) \
                and fold(tokens[j + 1].text.rstrip(".")) in cue_words("street_words"):
            places = []   # "Elmhurst Road" is a street (but "the Naqoura-Bint Jbeil road" joins towns)
        if i == j and _at_intersection(text, start, end):
            places = []   # "at Church and Snyder", "at Flatbush and Nostrand avenues": two streets
        if i == j and headline:
            # In a Title Case headline every word is capitalized: "Fairplay" (a Colorado town)
            # and "Protection" (a Kansas city) are no towns there.
            places = [p for p in places if not (p.by_alias or p.loose) and (
                p.kind in ("country", "admin1", "admin2") or p.population >= HEADLINE_MIN_POPULATION)]
        if i == j and _SENTENCE_START.search(text[max(0, start - 3):start]):
            places = [p for p in places if p.kind in ("country", "admin1")
                      or p.population >= SENTENCE_START_MIN_POPULATION]
        if not places:
            i = j + 1
            continue
        found.append((start + offset, end + offset, places))
        i = j + 1
    return found


_INTERSECTION_BEFORE = re.compile(r"\bat (?:the corner of )?(?P<other>[A-Z][\w'-]+) (?:and|&) $")
_INTERSECTION_AFTER = re.compile(r" (?:and|&) (?P<other>[A-Z][\w'-]+)(?: (?P<street>[A-Za-z]+))?")


def _at_intersection(text: str, start: int, end: int) -> bool:
    """The one-word name is a street of a crossing: "at Church and Snyder" (the other name a
    common word), "at Flatbush and Nostrand avenues" (a street word after both)."""
    before = _INTERSECTION_BEFORE.search(text, max(0, start - 40), start)
    if before and (fold(before.group("other")) in stopwords()
                   or _street_word(_WORD_AFTER.match(text, end))):
        return True
    after = _INTERSECTION_AFTER.match(text, end)
    return bool(after and text[max(0, start - 3):start] == "at " and (
        fold(after.group("other")) in stopwords() or _street_word(after, "street")))


_WORD_AFTER = re.compile(r" ([A-Za-z]+)")


def _street_word(match: Optional[re.Match], group: int | str = 1) -> bool:
    """The matched word is a street word, singular or plural ("Road", "avenues")."""
    word = match.group(group) if match else None
    return bool(word) and fold(word).rstrip("s") in cue_words("street_words")


QUARTER_NAME_MAX_WORDS = 3


def _quarter_name_part(token: _Token) -> bool:
    """A capitalized word of a quarter's or street's name: common words count ("Old Park
    Road"), demonyms, sects and function words do not ("the Shiite area", "The ... area")."""
    key = fold(token.text)
    return token.capitalized and token.text.isalpha() and bool(key) and key not in demonyms() \
        and key not in cue_words("community_words", "function_words", "person_titles")


def find_quarters(text: str, caseless: bool = False) -> frozenset[str]:
    """The quarters and streets of a town that ``text`` names, as folded keys: "the Markets
    area" -> "markets", "Deerpark Road" -> "deerpark road", "Ismail Nagar" -> "ismail nagar".
    The gazetteer lists few of them, so the text's own words say what they are: capitalized
    words right before a quarter or street word (data/geo_cues.yaml). ``caseless``: the text is
    the cased view of one written without capitals, where a name that is also an English noun
    ("the markets area") stayed in lower case: a noun there is a name too."""
    quarter_words = cue_words("quarter_words", "street_words")
    generic = cue_words("generic_quarter_words")
    common = stopwords() | cue_words("community_words")
    tokens = _tokens(text)
    found = set()
    for i, tok in enumerate(tokens):
        word = fold(tok.text)
        if word not in quarter_words:
            continue
        names: list[_Token] = []
        j = i - 1
        while j >= 0 and len(names) < QUARTER_NAME_MAX_WORDS and _joinable(text, tokens[j], tokens[j + 1]) \
                and _quarter_name_part(tokens[j]):
            names.insert(0, tokens[j])
            j -= 1
        if not names and caseless:
            while j >= 0 and len(names) < QUARTER_NAME_MAX_WORDS and _joinable(text, tokens[j], tokens[j + 1]) \
                    and tokens[j].text.islower() and _caseless_quarter_name(tokens[j].text, common):
                names.insert(0, tokens[j])
                j -= 1
        while names and fold(names[0].text) in cue_words("community_words"):
            names.pop(0)                 # "Old Park" stays, "Old" alone does not
        if len(names) == 1 and fold(names[0].text) in stopwords():
            names = []                   # "Park Road", "Main Road": too common to tell places apart
        if not names and tok.capitalized and j >= 0 and _joinable(text, tokens[j], tok) \
                and tokens[j].text.isalpha() and tokens[j].text.islower() \
                and fold(tokens[j].text) not in common:
            names = [tokens[j]]          # "the gujarati Chowk": a named quarter, its name uncapitalized
        if not names or names[0].start == 0 and len(names) == 1 and not tok.capitalized:
            continue                     # "Residential area ..." opening a sentence is no name
        key = " ".join(fold(t.text) for t in names) + ("" if word in generic else " " + word)
        found.add(key)
    # "the gujarati Chowk area" names one quarter, read at "Chowk" and again at "area"
    return frozenset(k for k in found if not any(o.endswith(" " + k) for o in found))


def _caseless_quarter_name(word: str, common: frozenset) -> bool:
    """A lower-case word before a quarter word that may be its name: no adjective, function,
    community or place-kind word ("the markets area", not "the whole area" or "the city area")."""
    from ..nlp.segment import function_words
    from ..nlp.truecase import english_pos

    key = fold(word)
    if not word.isalpha() or key in common or key in cue_words("function_words", "part_words"):
        return False
    pos = english_pos(key)
    return key not in function_words() and key not in _kind_words() and not pos & {"adj", "adv"}


PERSON_NAME_MAX_WORDS = 3


def person_mentions(text: str, gazetteer: Optional[Gazetteer] = None) -> list[tuple[int, int]]:
    """The spans of every word ``text`` uses as a person's name, and of the titles before
    them. A name first told with a
    title before it ("President Barack Obama", "Gen. Abdul Rashid Dostum") is often told by
    surname alone after ("Obama withdrew his troops"), which places nothing in Obama, Fukui.
    Country names are left out ("Minister Jordan" is rarer than Jordan)."""
    gazetteer = gazetteer or get_gazetteer()
    titles = cue_words("person_titles")
    tokens = _tokens(text)
    surnames, titled = set(), []
    for i, tok in enumerate(tokens[:-1]):
        if fold(tok.text.rstrip(".")) not in titles or not tok.text[:1].isalpha():
            continue
        name = []
        for j in range(i + 1, min(len(tokens), i + 1 + PERSON_NAME_MAX_WORDS)):
            joined = _joinable_title(text, tok, tokens[j]) if j == i + 1 else \
                _joinable(text, tokens[j - 1], tokens[j])
            if not joined or not _name_part(tokens[j]) or fold(tokens[j].text) in titles:
                break
            name.append(tokens[j])
        # the words after the given name ("Ricardo Alvarenga Valdivieso": either surname), and
        # the given name itself where a surname follows it ("bomber Dzhokhar Tsarnaev", later
        # "Dzhokhar and his brother": no Dzhokhar-Gala, Chechnya)
        for word in name:
            if len(fold(word.text)) > SHORT_NAME_LETTERS and \
                    not any(p.kind == "country" for p in gazetteer.lookup(word.text)):
                surnames.add(fold(word.text))
        if name:
            # the title goes with its name: "Police Commissioner" left alone is a town's name
            titled.append((tok.start, tok.end))
    if not surnames:
        return []
    return titled + [(t.start, t.end) for t in tokens if fold(t.text) in surnames]
