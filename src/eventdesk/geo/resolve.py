"""Where did an event happen? From place mentions to one ACLED-style location.

The flow, for a sentence or clause ``text[start:end]`` of a document:

1. find place mentions (``mentions.find_places``);
2. group mentions written as one address into a *chain*, innermost first:
   "in Sharana, Paktika, Afghanistan", "in Mardan city (Mardan, KPK)";
3. choose, jointly for each chain, the gazetteer entry of every name, so that each outer name
   contains the inner ones, helped by the document's country focus (``GeoContext``) and by the
   words around a name ("Kandahar province", "the province of Paktika", "Kunduz city");
4. score the chains as the event's place: a locative preposition before it ("in", "at", "into")
   counts for, "from" against; more specific places, address-like chains and earlier mentions win;
5. report the innermost known place with its ACLED geo-precision (1 the town itself, 2 a part of
   or near it / a district, 3 only a province or country).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Optional

from rapidfuzz.fuzz import ratio

from .gazetteer import Place, get_gazetteer
from .mentions import find_places
from .names import fold
from .resources import cues, demonyms

# Score weights, in one place. Units are arbitrary; see the module docstring for the flow.
KIND_PRIOR = {"country": 6.0, "admin1": 5.0, "admin2": 3.0}
ADMIN2_BELOW_TOWN = 0.5
MAX_CITY_PRIOR = 7.0                  # a city's prior is log10(population), capped here
FOCUS_WEIGHT = 6.0                    # times the share of the document's focus on a country
ADMIN1_FOCUS_WEIGHT = 3.0             # times the share of its country's names that fall in a province
KIND_WORD_BONUS = 6.0                 # "Kandahar province" -> the province; "Kunduz city" -> city
CONTAINMENT_BONUS = 8.0               # an outer chain name contains the inner one
CONTRADICTION_PENALTY = 100.0         # ... or does not: an address is nested, so this rules it out
CONTAINER_ADMIN1_BONUS = 3.0          # a name after an unknown village is more likely a division
SPECIFICITY = {"city": 2.0, "admin2": 1.5, "admin1": 1.0, "country": 0.0}
ADDRESS_BONUS = 1.5                   # a chain of names reads like an address: an event's place
SENTENCE_PENALTY = 0.7                # per sentence after the first (up to MAX_SENTENCES_PENALIZED)
MAX_SENTENCES_PENALIZED = 3
ATTRIBUTIVE_PENALTY = 4.0             # "Pakistan High Commissioner": a country name as modifier
OFF_FOCUS_PENALTY = 1.5
OFF_FOCUS_SHARE = 0.2
UNCUED_SMALL_PLACE_PENALTY = 2.0      # a lone small-town name with no locative cue: often a person
SMALL_PLACE_POPULATION = 10_000
SMALL_PLACE_WEIGHT = 0.5              # focus a small town's unambiguous name gives its country
PROMINENCE_WEIGHT = 0.5               # focus per unit of prior an ambiguous name's reading has
SPAN_CONTEXT = 3     # characters before a span that say whether its first word opens a sentence
ADDRESS_REACH = 60   # characters from a town's name to the division an address gives for it
FOREIGN_NAMESAKE_POPULATION = 50_000  # a town this small abroad, in a report about one country ...
FOREIGN_NAMESAKE_FOCUS = 0.5          # ... this focused elsewhere, is a local village's namesake
FOREIGN_NAMESAKE_SHARE = 0.1          # (its own mention aside)
CANDIDATES_PER_NAME = 6
ALIAS_PENALTY = 1.5                   # a town named only by one of its alternate names
CLOSE_SPELLING = 90                   # rapidfuzz ratio (0-100) of a loose match trusted anywhere
LOOSE_MATCH_PENALTY = 3.0             # a name matched only by its spelling skeleton
UNKNOWN_SCORE = 0.0                   # the joint score of leaving an inner chain name unresolved
# A district or town contains the places within this distance of its point (GeoNames gives no
# district outlines): large districts reach ~80 km from their seat, a town's parts ~25 km.
CONTAINER_RADIUS_KM = {"admin2": 80.0, "city": 25.0}
NEAR_CUES = frozenset({"near", "outskirts of", "suburb of", "around"})

_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@dataclass
class Location:
    """The resolved place of an event."""

    country: Optional[str]
    admin1: Optional[str]
    location: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: Optional[int]      # ACLED: 1 town itself, 2 part of/near a town or a district,
                                      # 3 only a province/region (centroid) or only a country
    start: Optional[int] = None       # evidence span of the place name in the document text
    end: Optional[int] = None

    def within(self, outer: "Location") -> bool:
        """True if this place lies inside ``outer`` as far as their names tell (same country, and
        the same first-level division when both have one): a later sentence may refine an
        event's place ("in Kandahar ... in the city's 9th district"), not move it elsewhere."""
        if not self.country or self.country != outer.country:
            return False
        return not (self.admin1 and outer.admin1) or fold(self.admin1) == fold(outer.admin1)


def _weights(text: str, found: list, readings: dict) -> Counter:
    """How strongly the document's place names and demonyms point at each country."""
    weights: Counter = Counter()
    ambiguous = []
    for start, end, places in found:
        name = fold(text[start:end])
        if name in readings:                  # an address in the text says which place it is
            places = [readings[name]] if readings[name] is not None else []
        places = [p for p in places if not p.loose]   # a loose spelling is no evidence
        # a country's own name is the country ("El Salvador", not a district of that name)
        own = [p for p in places if p.kind == "country" and not p.by_alias and fold(p.name) == name]
        if len(own) == 1:
            places = own
        if places and places[0].kind == "country" and _attributive_country(
                text, _Mention(start, end, places)):
            continue                          # "the Pakistan High Commissioner" is whose
        codes = {p.country_code for p in places}
        if len(codes) == 1:
            # (a hamlet's one listing, "Hollings", is weaker evidence than a city's name)
            weights[places[0].country_code] += 2.0 if places[0].kind == "country" else \
                1.0 if max(p.population for p in places) >= SMALL_PLACE_POPULATION or places[0].kind != "city" \
                else SMALL_PLACE_WEIGHT
        elif places:
            ambiguous.append(places)
    for word in _WORDS.findall(text):
        cc = demonyms().get(fold(word)) if word[:1].isupper() else None
        if cc:
            weights[cc] += 0.25   # "Chinese guests" hints at China less than a named place
    # An ambiguous name counts for the country the rest of the text already points at,
    # else for its most prominent reading.
    for places in ambiguous:
        # (a town's own name before another town's old or alternate name: "Islamabad" is the
        # capital of Pakistan before it is a former name of Chittagong)
        # and a far more prominent reading outweighs a little evidence: "Belfast" beside one
        # village of Wisconsin is still the city in Northern Ireland
        best = max(places, key=lambda p: (weights[p.country_code] + PROMINENCE_WEIGHT * (
            _prior(p) - (ALIAS_PENALTY if p.by_alias else 0.0)), _prior(p)))
        weights[best.country_code] += 1.0 if weights[best.country_code] else 0.5
    return weights


@dataclass
class GeoContext:
    """A document's country focus: how strongly its place names and demonyms point at each country."""

    weights: Counter = field(default_factory=Counter)
    # Folded name -> the place an address in this document says it is ("Montepuez, Cabo Delgado,
    # Mozambique"), or None if the address rules every listed reading out (an unlisted village).
    # One name means one place within a report, so its other mentions read the same.
    readings: dict = field(default_factory=dict)
    # Towns the document names (unambiguous in its focus country): see ``only_town``.
    towns: list = field(default_factory=list)
    # Every mention of a town in the focus country, read as its one or far most populous
    # reading there (a name repeated counts each time): see ``main_town``.
    named_towns: list = field(default_factory=list)
    # (country code, admin1) -> how many of the document's unambiguous names lie there: a
    # report from Illinois about "Springfield" means the state capital, not Springfield, Massachusetts.
    admin1_weights: Counter = field(default_factory=Counter)

    @classmethod
    def from_text(cls, text: str) -> "GeoContext":
        found = find_places(text)
        context = cls(_weights(text, found, {}))
        mentions = [_Mention(s, e, places) for s, e, places in found]
        for m in mentions:
            _annotate(text, m)
        for chain in _chains(text, mentions):
            if len(chain.members) > 1:
                members = list(chain.members)
                _choose(text, chain, context)
                for m in members:
                    context.readings.setdefault(fold(text[m.start:m.end]), m.chosen)
        context.weights = _weights(text, found, context.readings)
        context.towns = _towns(text, found, context)
        context.named_towns = _named_towns(text, found, context)
        context.admin1_weights = _admin1_weights(text, found, context.readings)
        return context

    def admin1_share(self, place: Place) -> float:
        """The share of the document's names in ``place``'s country that lie in its province."""
        if not place.admin1:
            return 0.0
        total = sum(w for (cc, _), w in self.admin1_weights.items() if cc == place.country_code)
        return self.admin1_weights[(place.country_code, fold(place.admin1))] / total if total else 0.0

    def only_town(self, country: Optional[str]) -> Optional[Location]:
        """The one town the document names in ``country``, if it names exactly one: where an
        event the text places only in the country most likely happened (precision 3: a guess
        from the article, not from the event's own sentences)."""
        towns = {p.name: p for p in self.towns if country and p.country == country}
        if len(towns) != 1:
            return None
        return _to_location(next(iter(towns.values())), 3, None, None)

    def main_town(self, country: Optional[str]) -> Optional[Location]:
        """The town the document names most in ``country``, when it is named at least twice and
        at least twice as often as any other: the place a story told from one city is about."""
        counts = Counter((p.name, p.admin1) for p in self.named_towns if country and p.country == country)
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        name, admin1 = ranked[0][0]
        town = next(p for p in self.named_towns if (p.name, p.admin1) == (name, admin1))
        return _to_location(town, 3, None, None)

    def share(self, country_code: str) -> float:
        total = sum(self.weights.values())
        return self.weights[country_code] / total if total else 0.0

    def share_besides(self, country_code: str, own_weight: float = 1.0) -> float:
        """The share a country would have without one mention of its own (the name in question)."""
        total = sum(self.weights.values()) - own_weight
        return max(0.0, self.weights[country_code] - own_weight) / total if total > 0 else 0.0

    @property
    def focus(self) -> Optional[str]:
        """The country code the document is mostly about, if any."""
        return self.weights.most_common(1)[0][0] if self.weights else None


def _admin1_weights(text: str, found: list, readings: dict) -> Counter:
    """Per (country, province): the document's names whose every reading lies in it."""
    weights: Counter = Counter()
    for start, end, places in found:
        name = fold(text[start:end])
        if name in readings:
            places = [readings[name]] if readings[name] is not None else []
        places = [p for p in places if not p.loose and p.kind != "country"]
        # (its own name's readings: "New York" is the state and the city before York, Nebraska)
        places = [p for p in places if not p.by_alias] or places
        where = {(p.country_code, fold(p.admin1)) for p in places if p.admin1}
        if len(where) == 1 and all(p.admin1 for p in places):
            weights[where.pop()] += 1
    return weights


PROMINENT_RATIO = 10   # a reading this many times more populous than the next is the one meant


def _named_towns(text: str, found: list, context: "GeoContext") -> list[Place]:
    focus, out = context.focus, []
    for start, end, places in found:
        name = fold(text[start:end])
        if name in context.readings:
            places = [context.readings[name]] if context.readings[name] is not None else []
        cities = sorted((p for p in places if not p.loose and p.country_code == focus and p.kind == "city"),
                        key=lambda p: -p.population)
        if not cities or _KIND_AFTER.match(text, end) or any(
                p.kind in ("admin1", "country") and p.country_code == focus for p in places):
            continue
        if len(cities) == 1 or cities[0].population >= PROMINENT_RATIO * max(cities[1].population, 1):
            out.append(cities[0])
    return out


_KIND_AFTER = re.compile(r"\s+(?:province|provinces|state|region|district|governorate|county)\b", re.I)


def _towns(text: str, found: list, context: "GeoContext") -> list[Place]:
    focus = context.focus
    towns = []
    for start, end, places in found:
        name = fold(text[start:end])
        if name in context.readings:
            places = [context.readings[name]] if context.readings[name] is not None else []
        places = [p for p in places if not p.loose and p.country_code == focus]
        if not places or places[0].kind not in ("city", "admin1") or _KIND_AFTER.match(text, end):
            continue
        # A province named as its capital is (Kabul, Herat) reads as the town.
        cities = [p for p in places if p.kind == "city" and fold(p.name) == fold(places[0].name)]
        if len({(p.name, p.admin1) for p in cities}) == 1:
            towns.append(cities[0])
    return towns


@dataclass
class _Mention:
    start: int
    end: int
    places: list[Place]
    cue_word: Optional[str] = None        # locative cue before ("in", "province of", "from")
    kind_after: Optional[str] = None      # "admin1" | "district" | "settlement" word after
    kind_before: Optional[str] = None     # "province of X": the kind named before
    part_before: bool = False             # "western Kabul"
    chosen: Optional[Place] = None


@dataclass
class _Chain:
    members: list[_Mention]
    unknown_inner: bool = False           # an unknown village/area precedes the first name
    cue_word: Optional[str] = None
    score: float = 0.0


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset]:
    c = cues()
    return {key: frozenset(w.lower() for w in c.get(key, ()))
            for key in ("admin1_words", "district_words", "settlement_words", "part_words")}


def _kind_of_word(word: str) -> Optional[str]:
    sets = _word_sets()
    word = word.lower()
    if word in sets["admin1_words"]:
        return "admin1"
    if word in sets["district_words"]:
        return "district"
    if word in sets["settlement_words"]:
        return "settlement"
    return None


def _annotate(text: str, m: _Mention) -> None:
    """Read the words around a mention: its cue, the kind word after, a part word before."""
    after = _WORDS.findall(text[m.end:m.end + 30])
    if after and text[m.end:m.end + 1] in (" ", "-"):
        m.kind_after = _kind_of_word(re.sub(r"['’]s?$", "", after[0]))
    before = [w.lower() for w in _WORDS.findall(text[max(0, m.start - 60):m.start])]
    skip = {"the", "a", "an"} | _word_sets()["part_words"]
    locative = cues().get("locative", {})
    i = len(before)
    while i > 0 and before[i - 1] in skip:
        m.part_before = m.part_before or before[i - 1] in _word_sets()["part_words"]
        i -= 1
    # "the eastern province of Paktika": a kind word + "of" before the name
    if i >= 2 and before[i - 1] == "of" and _kind_of_word(before[i - 2]):
        m.kind_before = _kind_of_word(before[i - 2])
    two = " ".join(before[i - 2:i]) if i >= 2 else None
    if two in locative:
        m.cue_word = two
    elif i >= 1 and before[i - 1] in locative:
        m.cue_word = before[i - 1]
    elif m.kind_before and i >= 3:
        # "in the eastern province of Paktika": the cue is before the kind word
        j = i - 2
        while j > 0 and before[j - 1] in skip:
            j -= 1
        if j >= 1 and before[j - 1] in locative:
            m.cue_word = before[j - 1]


def _prior(place: Place) -> float:
    if place.kind == "admin2" and place.population:
        # A district is as prominent as its towns together, a little less than its seat town.
        return max(KIND_PRIOR["admin2"], min(math.log10(place.population + 10), MAX_CITY_PRIOR)
                   - ADMIN2_BELOW_TOWN)
    if place.kind in KIND_PRIOR:
        return KIND_PRIOR[place.kind]
    return min(math.log10(place.population + 10), MAX_CITY_PRIOR)


def _candidate_score(place: Place, m: _Mention, context: GeoContext, container: bool) -> float:
    score = _prior(place) + FOCUS_WEIGHT * context.share(place.country_code) \
        + ADMIN1_FOCUS_WEIGHT * context.admin1_share(place)
    if place.by_alias:
        score -= ALIAS_PENALTY
    kind = m.kind_before or m.kind_after
    if kind == "admin1":
        score += KIND_WORD_BONUS if place.kind == "admin1" else -KIND_WORD_BONUS / 2
    elif kind == "settlement":
        score += KIND_WORD_BONUS if place.kind == "city" else -KIND_WORD_BONUS
    elif kind == "district":
        score += {"admin2": KIND_WORD_BONUS, "admin1": -2.0}.get(place.kind, 0.0)
    if container and place.kind == "admin1":
        score += CONTAINER_ADMIN1_BONUS
    return score


def _same_admin1(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a and b) and fold(a) == fold(b)


def _contains(outer: Place, inner: Place) -> bool:
    if outer.country_code != inner.country_code:
        return False
    if outer.kind == "country":
        return True
    rank_out, rank_in = _KIND_RANK.get(outer.kind, 3), _KIND_RANK.get(inner.kind, 3)
    if rank_out > rank_in or rank_out == rank_in != 3:
        return False                    # a town holds no district, a district no district
    if not _same_admin1(outer.admin1, inner.admin1):
        return False
    if outer.kind in CONTAINER_RADIUS_KM:   # districts and towns: only by distance
        return _km(outer, inner) <= CONTAINER_RADIUS_KM[outer.kind]
    return True


_KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3}


def _km(a: Place, b: Place) -> float:
    p = math.pi / 180
    h = (math.sin((b.latitude - a.latitude) * p / 2) ** 2 + math.cos(a.latitude * p)
         * math.cos(b.latitude * p) * math.sin((b.longitude - a.longitude) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


_CHAIN_GAP = re.compile(
    r"^\s*(?:(?P<kind>[A-Za-z\-]+)\s*)?(?:,|\(|,?\s+in\s+(?:the\s+)?|\s+of\s+)\s*$")
# ACLED notes put a place's address in parentheses after it, whatever nouns come between:
# "Gurez sector area (Bandipora district, J&K)".
_PAREN_GAP = re.compile(r"^(?:\s+[a-z\-]+){0,2}\s*\(\s*$")
_UNKNOWN_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w'’\-]+(?:[ \-](?:(?:al|el|ul|as|ash|ad|at|de|la|wa)[ \-])?[A-Z][\w'’\-]+)*)"
    r"\s*(?P<kind>[a-z\-]+(?:\s+[a-z\-]+)?)?\s*(?:,|\(|\s+in)\s*$")


def _chains(text: str, mentions: list[_Mention]) -> list[_Chain]:
    chains: list[_Chain] = []
    for m in mentions:
        if chains:
            prev = chains[-1].members[-1]
            between = text[prev.end:m.start]
            gap = _CHAIN_GAP.match(between)
            # (an address ends at its country: "Mogadishu, Somalia (AP)" names no place in AP)
            if all(p.kind == "country" for p in prev.places):
                gap = None
                between = ""
            if (gap and (gap.group("kind") is None or _kind_of_word(gap.group("kind")))
                    or _PAREN_GAP.match(between)):
                chains[-1].members.append(m)
                continue
        chains.append(_Chain([m], cue_word=m.cue_word))
    for chain in chains:
        first = chain.members[0]
        head = text[max(0, first.start - 80):first.start]
        unknown = _UNKNOWN_BEFORE.search(head)
        if unknown and fold(unknown.group("name")) not in _stop():
            kind = unknown.group("kind") and unknown.group("kind").split()[-1]
            probe = _Mention(first.start - len(head) + unknown.start(), first.start, [])
            _annotate(text, probe)
            # "Al Qanawis in western Yemen (Bajil, Al Hudaydah)": an unlisted name opening
            # a parenthesis is the first line of an address.
            # ... or "Wadi Ghul checkpoint areas (Utmah, Dhamar)": a parenthesized address
            # after it (a comma inside: "militiamen (Mai-Mai)" glosses a name, it locates nothing).
            in_parens = (text[:probe.start].rstrip().endswith("(")
                         and unknown.group().rstrip().endswith(",")
                         or unknown.group().rstrip().endswith("(") and len(chain.members) > 1)
            if (kind and _kind_of_word(kind)) or probe.cue_word or in_parens:
                chain.unknown_inner = True
                cues_found = [c for c in (probe.cue_word, chain.cue_word,
                                          "(" if in_parens else None) if c]
                # "from the X camp in Nabatieh": the address names where, whatever came from it.
                locative = cues().get("locative", {})
                chain.cue_word = max(cues_found, key=lambda c: float(locative.get(c, 0)),
                                     default=None)
    return chains


def _stop() -> frozenset:
    from .resources import stopwords

    return stopwords() | frozenset(demonyms())


def _choose(text: str, chain: _Chain, context: GeoContext) -> None:
    """Pick every member's place jointly. An inner name no reading of which fits inside the
    outer ones ("Tarnak" read loosely as Taranaki, New Zealand) is dropped: an unknown village."""
    gazetteer = get_gazetteer()
    options = []
    for idx, m in enumerate(chain.members):
        container = idx > 0 or chain.unknown_inner
        name = text[m.start:m.end]
        exact = gazetteer.lookup(name) + gazetteer.lookup_abbreviation(name)
        # A loose spelling ("Lomasan" ~ La Massana) is trusted only in a country the rest of
        # the document names, or when it differs by little more than a vowel ("Al Jabl Al Akhdar").
        m.places = [p for p in m.places if not p.loose or context.share(p.country_code) > 0
                    or ratio(fold(name), fold(p.name)) >= CLOSE_SPELLING]
        if not m.places:
            options.append([(UNKNOWN_SCORE, None)])
            continue
        reading = context.readings.get(fold(name), m.places[0])
        if reading is None:                   # ruled out by an address elsewhere in the text
            m.places = []
            options.append([(UNKNOWN_SCORE, None)])
            continue
        if fold(name) in context.readings and reading in m.places:
            m.places = [reading]
        scored = sorted(((_candidate_score(p, m, context, container)
                          - (0.0 if p in exact else LOOSE_MATCH_PENALTY), p)
                         for p in m.places), key=lambda sp: -sp[0])[:CANDIDATES_PER_NAME]
        # The innermost name may be an unlisted village that shares a listed town's name; an
        # outer one is left unknown only if all its readings are weak (alternate or loose
        # spellings): "Kuje village, Kebbi" is a Kebbi village, not Kuje, FCT.
        weak = all(p.by_alias or p not in exact for p in m.places)
        if idx == 0 and len(chain.members) > 1 or 0 < idx < len(chain.members) - 1 and weak:
            scored.append((UNKNOWN_SCORE, None))
        options.append(scored)
    best_combo = _best_combination(options)
    for m, p in zip(chain.members, best_combo or []):
        m.chosen = p
    while chain.members and chain.members[0].chosen is None:
        chain.members.pop(0)
        chain.unknown_inner = True
    chain.members = [m for m in chain.members if m.chosen is not None or m.places]
    for m in chain.members:             # an unknown in the middle: keep the known names only
        if m.chosen is None:
            m.chosen = m.places[0]


# Up to this many joint readings are all scored (a chain of 4 names at 6 readings each is 1,296);
# a longer chain ("in Kabul, Herat, Bamyan, ...", 13 names: 13 billion) is solved by a beam
# search that keeps the best partial readings, linear in the number of names.
EXHAUSTIVE_COMBINATIONS = 5_000
BEAM_WIDTH = 64


def _best_combination(options: list[list[tuple[float, Optional[Place]]]]) -> Optional[list[Optional[Place]]]:
    """The readings of a chain's members with the highest joint score: each reading's own score,
    plus a bonus for every pair in which the later name holds the earlier one and a penalty for
    every pair in which it cannot."""
    pair_cache: dict[tuple[int, int], float] = {}

    def pair(inner: Optional[Place], outer: Optional[Place]) -> float:
        if inner is None or outer is None or outer is inner:
            return 0.0
        key = (id(inner), id(outer))
        value = pair_cache.get(key)
        if value is None:
            value = pair_cache[key] = CONTAINMENT_BONUS if _contains(outer, inner) else -CONTRADICTION_PENALTY
        return value

    if math.prod(len(o) for o in options) <= EXHAUSTIVE_COMBINATIONS:
        best, best_combo = -math.inf, None
        for combo in product(*options):
            total = sum(s for s, _ in combo)
            places = [p for _, p in combo]
            for i, inner in enumerate(places):
                for outer in places[i + 1:]:
                    total += pair(inner, outer)
            if total > best:
                best, best_combo = total, places
        return best_combo
    beam: list[tuple[float, list[Optional[Place]]]] = [(0.0, [])]
    for option in options:
        grown = []
        for total, places in beam:
            for score, place in option:
                grown.append((total + score + sum(pair(inner, place) for inner in places), places + [place]))
        grown.sort(key=lambda tp: -tp[0])   # stable: ties keep the order exhaustive search prefers
        beam = grown[:BEAM_WIDTH]
    return beam[0][1] if beam else None


def _sentence_index(text: str, start: int, pos: int) -> int:
    return len(_SENTENCE_END.findall(text[start:pos]))


def _attributive_country(text: str, m: _Mention) -> bool:
    """"Pakistan High Commissioner", "Afghanistan National Army": a country name as a modifier."""
    nxt = re.match(r" ([A-Z][a-z]+)", text[m.end:m.end + 30])
    return bool(nxt) and fold(nxt.group(1)) not in ("city", "province")


def _event_score(text: str, start: int, chain: _Chain, context: GeoContext) -> float:
    inner = chain.members[0].chosen
    locative = cues().get("locative", {})
    score = float(locative.get(chain.cue_word, 0.0)) if chain.cue_word else 0.0
    score += SPECIFICITY.get(inner.kind, 0.0)
    if len(chain.members) > 1 or chain.unknown_inner:
        score += ADDRESS_BONUS
    score -= SENTENCE_PENALTY * min(_sentence_index(text, start, chain.members[0].start),
                                    MAX_SENTENCES_PENALIZED)
    if inner.kind == "country" and len(chain.members) == 1 and _attributive_country(text, chain.members[0]):
        score -= ATTRIBUTIVE_PENALTY
    if (len(chain.members) == 1 and not chain.unknown_inner and inner.kind == "city"
            and inner.population < SMALL_PLACE_POPULATION
            and float(locative.get(chain.cue_word, 0.0) if chain.cue_word else 0.0) <= 0):
        score -= UNCUED_SMALL_PLACE_PENALTY
    if (context.focus and inner.country_code != context.focus
            and (score < 3 or len(chain.members) == 1
                 and context.share(inner.country_code) < OFF_FOCUS_SHARE)):
        # A lone name read in a country the rest of the report does not name ("in Al Mahdiyah"
        # in a report about Dhamar and Raymah read as Mahdia, Tunisia) is likely misread.
        score -= OFF_FOCUS_PENALTY
    return score


def _foreign_namesake(chain: _Chain, context: GeoContext) -> bool:
    """A lone small town's name read in a country the report never names, in a report about
    another country ("near Baga" in a report on Borno read as Baga, Spain): most likely an
    unlisted village of the report's own country. Not a place the gazetteer can give."""
    inner = chain.members[0].chosen
    return (len(chain.members) == 1 and not chain.unknown_inner and inner.kind == "city"
            and inner.population < FOREIGN_NAMESAKE_POPULATION and context.focus is not None
            and inner.country_code != context.focus and context.share_besides(inner.country_code) < FOREIGN_NAMESAKE_SHARE
            and context.share(context.focus) >= FOREIGN_NAMESAKE_FOCUS)


def _namesake_outside_named_division(chain: _Chain, chains: list[_Chain]) -> bool:
    """A lone small town's name followed closely by a division of another province ("at
    Sardarpur in Vijapur taluka of Mehsana district", the gazetteer knowing only a Sardarpur
    of Madhya Pradesh): an unlisted village of that division, which places the event."""
    inner = chain.members[0].chosen
    if len(chain.members) != 1 or inner.kind != "city" or inner.population >= FOREIGN_NAMESAKE_POPULATION:
        return False
    end = chain.members[-1].end
    for other in chains:
        if other is chain or not other.members:
            continue
        first = other.members[0]
        if not first.chosen or not 0 <= first.start - end <= ADDRESS_REACH:
            continue
        place = first.chosen
        if place.kind in ("admin1", "admin2") and place.country_code == inner.country_code \
                and not _same_admin1(place.admin1 or place.name, inner.admin1):
            return True
    return False


def _subcity_near(text: str, m: _Mention) -> bool:
    """A sub-city area written next to a city: "PD9 ... of Kabul", "Jalalabad city's PD3 area"."""
    window = text[max(0, m.start - 50):m.end + 30]
    return any(re.search(p, window) for p in cues().get("subcity_patterns", ()))


def _precision(text: str, chain: _Chain) -> int:
    m = chain.members[0]
    place = m.chosen
    if place.kind in ("country", "admin1"):
        return 3
    if place.kind == "admin2" or chain.unknown_inner:
        return 2
    if m.part_before or chain.cue_word in NEAR_CUES or _subcity_near(text, m):
        return 2
    return 1


def _to_location(place: Place, precision: int, start: Optional[int], end: Optional[int]) -> Location:
    return Location(
        country=place.country,
        admin1=place.admin1 if place.kind != "country" else None,
        location=place.name if place.kind != "country" else None,
        latitude=place.latitude, longitude=place.longitude, geo_precision=precision,
        start=start, end=end)


def capital_for_target(country: Optional[str], target_type: Optional[str]) -> Optional[Location]:
    """The capital of ``country`` when an event known only to the country level struck a target
    that sits there (an embassy, a diplomat: ``capital_target_types`` in geo_cues.yaml), with
    precision 2; else None."""
    if not country or target_type not in set(cues().get("capital_target_types", ())):
        return None
    gazetteer = get_gazetteer()
    code = gazetteer.country_code(country)
    capital = gazetteer.capital(code) if code else None
    return _to_location(capital, 2, None, None) if capital else None


_TERRITORY = re.compile(r"\b(?:into|onto|on|at|towards?|inside)\s+(?:the\s+)?(?P<people>[A-Z][\w’'-]+)\s+"
                        r"(?:territory|soil|airspace|side|border areas|border posts|positions|villages|towns)\b")
_CAPITAL = re.compile(r"\b(?:in|at|near|across|around|of|outside|rocked|hit|struck)\s+(?:the\s+)?"
                      r"(?:(?P<people>[A-Z][\w’'-]+?)(?:['’]s)?\s+)?capital\b(?!\s+(?:of|city of|region|province|district))")


def _named_capital(text: str, start: int, end: int, country_code: Optional[str]) -> Optional[Location]:
    """"in the Somali capital", "in the capital": the capital city (precision 1), of the country
    the demonym names, else of the country the span or the document is about."""
    m = _CAPITAL.search(text, start, end)
    if m is None:
        return None
    people = m.group("people")
    if people:
        code = demonyms().get(fold(people))
        if code is None:
            found = [p for p in get_gazetteer().lookup(people) if p.kind == "country"]
            code = found[0].country_code if found else None
        if code is None:
            return None
        country_code = code
    if not country_code:
        return None
    capital = get_gazetteer().capital(country_code)
    return _to_location(capital, 1, m.start(), m.end()) if capital else None


def resolve_location(text: str, start: int, end: int, context: GeoContext) -> Optional[Location]:
    """Where the event reported in ``text[start:end]`` happened, or None if nothing says.

    With no place named in the span, the document's focus country is the answer (precision 3,
    no evidence span), as a report about one country places its events there.
    """
    # (read with the characters before the span, so a name inside a sentence is not taken for
    # a sentence's first word)
    # (a span glued to the word before it, "ProbeBOSTON", is read from its own first letter)
    lead = 0 if start and (text[start - 1].isalnum() or text[start - 1] == "_") else min(start, SPAN_CONTEXT)
    before = re.sub(r"\w", "x", text[start - lead:start])   # what the characters are, not what they name
    mentions = [_Mention(s, e, places) for s, e, places in find_places(before + text[start:end], start - lead)
                if s >= start]
    for m in mentions:
        _annotate(text, m)
    chains = _chains(text, mentions)
    best: Optional[_Chain] = None
    for chain in chains:
        _choose(text, chain, context)
    for chain in chains:
        if not chain.members:
            continue
        first = chain.members[0]
        if (len(chain.members) == 1 and first.chosen.kind == "country"
                and _attributive_country(text, first)):
            continue                    # "Pakistan High Commissioner": whose, not where
        if _foreign_namesake(chain, context) or _namesake_outside_named_division(chain, chains):
            continue
        chain.score = _event_score(text, start, chain, context)
        if best is None or chain.score > best.score:
            best = chain
    into = _TERRITORY.search(text, start, end)
    into_code = demonyms().get(fold(into.group("people"))) if into else None
    if into_code and (best is None or best.members[0].chosen.country_code != into_code):
        # "fired shells from Paktika province into Pakistani territory": where they landed
        country = get_gazetteer().countries(into_code)
        if country:
            return _to_location(country[0], 3, into.start("people"), into.end("people"))
    if best is not None and best.members[0].chosen.kind != "country":
        m = best.members[0]
        return _to_location(m.chosen, _precision(text, best), m.start, m.end)
    capital = _named_capital(text, start, end, best.members[0].chosen.country_code if best else context.focus)
    if capital is not None:
        return capital
    if best is not None:
        m = best.members[0]
        return _to_location(m.chosen, _precision(text, best), m.start, m.end)
    if context.focus:
        country = get_gazetteer().countries(context.focus)
        if country:
            return _to_location(country[0], 3, None, None)
    return None
