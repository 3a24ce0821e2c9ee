"""Targets of an attack or threat: the phrase, its category, and a key to recognise it again.

The key (e.g. ``russian embassy``, ``hotel``) is how a document's later sentences that name the
same target are folded into one incident. Coordinated targets with their own names ("the Russian
and Pakistani embassies") are separate targets, so separate incidents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..geo import get_gazetteer
from ..geo.names import fold
from ..geo.resources import demonyms
from ..resources import load_data
from .lexicon import Lexicon

# Where a target phrase starts: after these cues, or as the object of these verbs.
CUE = re.compile(
    r"\b(?:on|at|against|targeting|targeted|target|outside|inside|near|in front of|into|attacked|raided|"
    r"stormed|bombed|hit|struck|ambushed|also|raid|raids|assassinate|assassinated|kidnapped|abducted|"
    r"killed|injured|wounded|rises from|rose from|attack|bomb|storm|ambush|abduct|kidnap|tore through|"
    r"ripped through|tearing through|ripping through)\s+", re.I)
PASSIVE = re.compile(r"^(?P<np>.{3,120}?)\s+(?:was|were|has been|have been)\s+(?:\w+ly\s+)?"
                     r"(?:hit|targeted|attacked|bombed|struck|stormed|raided|shelled)\b"
                     r"|^(?P<np2>.{3,80}?)\s+(?:narrowly\s+)?(?:survived|escaped)\b", re.I)
PHRASE_END = re.compile(r"[,;:.()]|\sand\s+\w+ing\s|\s(?:killing|wounding|injuring|leaving|claiming|kills|kill|wounds|injures|"
                        r"leaves|killed|wounded|injured|left|which|who|that|where|to|"
                        r"when|after|before|while|as|and then|in|from|with|by|over|during|following|aimed|"
                        r"famous|frequently|on|at)\s", re.I)
COORDINATED = re.compile(
    r"\b(?P<mods>[A-Z][\w’'-]+(?:,\s*[A-Z][\w’'-]+)*,?\s+and\s+[A-Z][\w’'-]+)\s+(?P<head>[a-z]+)", re.U)
MODIFIER = re.compile(r"(?:^|\s)(?P<mod>[A-Z][\w’'-]+)\s+$")
@lru_cache(maxsize=1)
def keyed_heads() -> frozenset[str]:
    """Target nouns specific enough to recognise when named again (``data/targets.yaml``)."""
    return frozenset(load_data("targets.yaml")["keyed_heads"])


@dataclass
class Target:
    text: str
    start: int
    end: int
    type: str | None
    key: str | None
    distinct: bool = False   # one of several named targets: each its own incident


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _national(word: str) -> str | None:
    """The country a modifier like "Russian" or "Pakistan" names, if it names one."""
    word = word.strip("“”\"'’").removesuffix("’s").removesuffix("'s")
    if not word[:1].isupper():
        return None
    if fold(word) in demonyms():
        return demonyms()[fold(word)]
    if any(p.kind == "country" for p in get_gazetteer().lookup(word)):
        return word.lower()
    return None


def _key(phrase: str, match: re.Match) -> str | None:
    """``hotel``; ``russian embassy`` when a nationality tells two targets of a kind apart."""
    head = _singular(match.group())
    if head not in keyed_heads():
        return None
    mod = MODIFIER.search(phrase[:match.start()].replace("“", " ").replace('"', " "))
    nation = _national(mod.group("mod")) if mod else None
    return f"{nation} {head}" if nation else head


def _phrase(sentence: str, start: int) -> tuple[int, int]:
    end = PHRASE_END.search(sentence, start)
    stop = end.start() if end else len(sentence)
    words = sentence[start:stop].split()
    if len(words) > 10:
        stop = start + len(" ".join(words[:10]))
    return start, stop


# Words that open a phrase but are not its noun: the tail of "at least", a conjunction.
LEADING_NOISE = re.compile(r"^(?:(?:and|or|but|least|most|more than|about|nearly|some|also)\s+)+", re.I)
VERB_END = re.compile(r"\s(?:was|were|is|are|has|have|had)\s", re.I)
TRAILING_CONJUNCTION = re.compile(r"\s+(?:and|or|but|as well as)\s*$", re.I)
LEADING_TIME = re.compile(r"(?:(?:last|this|next)\s+)?(?:yesterday|today|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                          r"january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I)
# "killed in a suicide bombing near the ministry": the cue of the prepositional phrase reads its own noun
LEADING_PREPOSITION = re.compile(r"(?:in|at|on|near|inside|outside|into|by|during|after|from|with)\s", re.I)
CLAUSE_START = re.compile(r"(?:when|while|after|before|as|because|since|until|if|where|who|which|that)\b", re.I)
# A date told after the target is no part of it: "the French consulate last March".
TRAILING_TIME = re.compile(
    r"\s+(?:(?:last|this|next|earlier|later|on)\s+)?(?:yesterday|today|tonight|overnight|week|month|year|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)(?:\s+(?:night|morning|evening|afternoon))?$", re.I)


def _trim(sentence: str, a: int, b: int) -> tuple[int, int]:
    """The noun phrase inside a candidate span: after an opening adverbial ("Later in December,
    the chief diplomat"), without leading noise ("least 5 people"), before a verb."""
    phrase = sentence[a:b]
    comma = phrase.rfind(", ")
    if comma >= 0 and comma < len(phrase) - 3:
        a += comma + 2
    if CLAUSE_START.match(sentence, a) or LEADING_TIME.match(sentence, a) or LEADING_PREPOSITION.match(sentence, a):
        return a, a   # "killed when their vehicle hit a bomb": a clause, not the target
    while True:   # "and injured five guests", "attacked the embassy": the verb opens no noun
        lead = LEADING_NOISE.match(sentence[a:b]) or CUE.match(sentence[a:b])
        if not lead or not lead.end() or lead.end() >= b - a:
            break
        a += lead.end()
    for end in (VERB_END.search(sentence, a, b), PHRASE_END.search(sentence, a, b)):
        if end and end.start() > a:
            b = min(b, end.start())
    inner = CUE.search(sentence, a + 1, b)   # "motorcycles stormed a school": the next cue ends it
    if inner and inner.start() > a:
        b = min(b, inner.start())
    tail = TRAILING_CONJUNCTION.search(sentence, a, b)
    if tail and tail.start() > a:
        b = tail.start()
    when = TRAILING_TIME.search(sentence, a, b)
    if when and when.start() > a:
        b = when.start()
    return a, max(a, b)


def find_targets(sentence: str, offset: int, lex: Lexicon, start_from: int = 0) -> list[Target]:
    """Targets named in ``sentence`` (from ``start_from`` on); offsets are shifted by ``offset``."""
    found: list[Target] = []
    for m in COORDINATED.finditer(sentence, start_from):
        head = m.group("head")
        category = lex.target_match(head)
        if not category or _singular(head) not in keyed_heads():
            continue
        mods = [x.strip() for x in re.split(r",|\band\b", m.group("mods")) if x.strip()]
        for mod in mods:
            text = f"{mod} {_singular(head)}"
            nation = _national(mod) or mod.lower()
            found.append(Target(text, offset + m.start(), offset + m.end(), category[0],
                                f"{nation} {_singular(head)}", distinct=True))
    spans = []
    passive = PASSIVE.search(sentence[start_from:])
    if passive:
        group = "np" if passive.group("np") else "np2"
        spans.append((start_from + passive.start(group), start_from + passive.end(group), False))
    for cue in CUE.finditer(sentence, start_from):
        a, b = _phrase(sentence, cue.end())
        spans.append((a, b, cue.group().strip().lower() == "also"))
    for a, b, also in spans:
        a, b = _trim(sentence, a, b)
        phrase = sentence[a:b]
        category = lex.target_match(phrase)
        if not category:
            continue
        if any(t.start - offset <= a < t.end - offset for t in found if t.distinct):
            continue
        key = _key(phrase, category[1])
        if any((t.key == key and key) or t.text == phrase.strip() for t in found):
            continue
        found.append(Target(phrase.strip(), offset + a, offset + b, category[0], key,
                            distinct=also or bool(found and any(t.distinct for t in found))))
    return found
