"""Actors named in a sentence, with ACLED-style canonical names, and claims of responsibility.

All names, aliases, demonyms and cue words live in ``data/actors.yaml``; this module compiles
them into one regular expression (long names case-insensitive, short acronyms such as "IS" or
"ADF" case-sensitive, both on word boundaries) and maps each hit to a canonical name:

* known armed groups by alias ("ISKP", "Daesh", "al-Shabab", "Pakistani Taliban" -> TTP);
  the generic Islamic State names resolve by the country hint (Afghanistan -> IS Khorasan);
* state forces from a demonym or country and a force noun ("Afghan army" -> "Military Forces
  of Afghanistan", "Pakistani police" -> "Police Forces of Pakistan"), and bare force nouns
  ("security forces", "the police") with the country hint;
* protesters, rioters, civilians and unidentified attackers, named "<Kind> (<Country>)".
  Unidentified attackers are never guessed into a group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional, Union

import yaml


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    name: str
    category: str   # state | rebel | political_militia | identity_militia | protesters | rioters
                    # | civilians | external | unidentified
    country: Optional[str] = None


# ---------------------------------------------------------------- lexicon

@dataclass(frozen=True)
class _Entry:
    name: str
    category: str
    generic: Optional[str] = None     # "islamic_state" | "daesh": resolved by country
    by_country: bool = False          # name takes " (<Country>)"
    force: Optional[str] = None       # bare state force: "military" | "police"


class _Lexicon:
    def __init__(self) -> None:
        raw = yaml.safe_load(resources.files("eventdesk.data").joinpath("actors.yaml").read_text("utf-8"))
        self.is_by_country: dict[str, str] = raw["islamic_state_by_country"]
        self.ci: dict[str, _Entry] = {}
        self.cs: dict[str, _Entry] = {}
        for g in raw["groups"]:
            e = _Entry(g["name"], g["category"], g.get("generic"), bool(g.get("by_country")))
            for a in g.get("aliases") or []:
                self.ci.setdefault(a.lower(), e)
            # an ethnic militia by any of the armed nouns news gives it ("Kuki gunmen")
            if g["name"].endswith(" Ethnic Militia"):
                stem = g["name"][:-len(" Ethnic Militia")]
                for noun in raw["ethnic_militia_nouns"]:
                    self.ci.setdefault(f"{stem} {noun}".lower(), e)
            for a in g.get("acronyms") or []:
                self.cs.setdefault(a, e)
        for kind, name in (("protesters", "Protesters"), ("rioters", "Rioters"),
                           ("unidentified", "Unidentified Armed Group"), ("civilians", "Civilians")):
            for a in raw[kind]:
                self.ci.setdefault(a.lower(), _Entry(name, kind, by_country=True))
        for force, nouns in raw["bare_state_forces"].items():
            for a in nouns:
                self.ci.setdefault(a.lower(), _Entry("", "state", force=force))
        # countries: demonym / name -> canonical country
        self.country_of: dict[str, str] = {}
        for country, forms in raw["countries"].items():
            self.country_of[country] = country
            for f in forms:
                self.country_of[f] = country
        self.force_of: dict[str, str] = {n.lower(): kind for kind, ns in raw["state_forces"].items() for n in ns}
        self.by_country = {a: dict(names) for a, names in (raw.get("acronyms_by_country") or {}).items()}
        self.claims = [self._claim_rx(p) for p in raw["claims"]]
        self.unclaimed = [re.compile(p, re.I) for p in raw["unclaimed"]]
        self.attributions = [self._claim_rx(p) for p in raw["attributions"]]
        self.attribution_cue = re.compile(raw["attribution_cue"], re.I)
        self.armed_noun_after = re.compile(
            r"\s+(?:" + "|".join(map(re.escape, raw["armed_nouns_after_name"])) + r")\b")
        self.group_anaphora = re.compile(raw["group_anaphora"], re.I)
        self.subunit_of = re.compile(
            r"(?:\s+[a-z]+){0,2}?\s+(?:" + "|".join(map(re.escape, raw["subunit_nouns"]))
            + r")(?:\s*\([^()]{0,60}\))?\s+of\s+(?=[Tt]he\s+[A-Z]|[A-Z])")
        self.regex = self._compile()
        self.state_regex: Optional[re.Pattern] = None

    def _compile(self) -> re.Pattern:
        def alt(words, ci):
            return _trie(words, ci=ci, spaces=True)
        demonyms = alt(self.country_of, ci=False)
        forces = alt(self.force_of, ci=True)
        qualifier = r"(?:(?i:national|federal|provincial|local|border|special|elite|pro-government|government)\s+)?"
        state = (rf"(?P<dem>{demonyms})(?:'s|\u2019s)?\s+{qualifier}(?P<force>{forces})"
                 rf"|(?P<force2>(?i:military|armed|police|security|defen[cs]e)\s+forces)\s+of\s+(?:the\s+)?(?P<dem2>{demonyms})")
        acronyms = _trie(self.cs, ci=False, spaces=False, end=r"(?!-\w)")
        return re.compile(rf"(?<!\w)(?:(?P<state>{state})|(?P<lex>{alt(self.ci, ci=True)}|{acronyms}))(?!\w)")

    @staticmethod
    def _claim_rx(pattern: str) -> re.Pattern:
        # an actor phrase: capitalised words with their connectors, or "the <Name>"
        # (an Arabic article joined to a name is part of it: "Saraya Awliya al-Dam", "al-Islam")
        actor = (r"(?P<actor>(?<![\w'\u2019-])(?:[Tt]he\s+)?(?:(?:al|el|ad|ash|as|an|ar|at|az)-)?[A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*"
                 r"|(?:al|el|ad|ash|as|an|ar|at|az|ul|ud)-[A-Z][\w'\u2019-]*|of|the|al|for|and|in|wal"
                 r"|lid|is|de|del|la|-)){0,9}(?:\s*\([A-Za-z-]{2,10}\))?)")
        return re.compile(pattern.replace("{actor}", actor))


def _trie(words, ci: bool, spaces: bool, end: str = "") -> str:
    """One regular expression matching what the alternation of ``words``, longest first, matches,
    and at the same places, but factored by shared prefixes, so that at each position of a text
    the engine follows one branch instead of trying every word in turn.

    The factoring is exact: two branches of a node start with characters no one text character
    can match both of (checked, case folded when ``ci``; where two could, the node's words are
    kept whole in longest-first order), so at most one branch matches, and a word that ends at
    a node is tried after the longer words through it, as longest-first order tries them.
    ``spaces``: a space in a word matches any run of whitespace. ``end`` follows every word."""
    flags = re.I if ci else 0

    def token(ch: str) -> str:
        return r"\s+" if spaces and ch == " " else re.escape(ch)

    def same(a: str, b: str) -> bool:   # one text character could match both
        return a == b or (ci and (re.fullmatch(re.escape(a), b, flags) is not None
                                  or re.fullmatch(re.escape(b), a, flags) is not None))

    def build(group: list[str], depth: int) -> str:
        ends = any(len(w) == depth for w in group)
        longer = [w for w in group if len(w) > depth]
        branches: list[tuple[str, list[str]]] = []   # (first character, its words)
        for w in longer:
            ch = w[depth]
            for i, (key, members) in enumerate(branches):
                if key == ch:
                    members.append(w)
                    break
                if same(key, ch):   # overlapping but unequal: keep these words whole, in order
                    return "(?:" + "|".join(
                        "".join(token(c) for c in w[depth:]) + end
                        for w in sorted(set(group), key=len, reverse=True)) + ")"
            else:
                branches.append((ch, [w]))
        parts = [token(key) + build(members, depth + 1) for key, members in branches]
        if ends:
            parts.append(end)
        if len(parts) == 1:
            return parts[0] if not ends or branches else end
        return "(?:" + "|".join(parts) + ")"

    keys = sorted(set(words))
    body = build(keys, 0) if keys else "(?!)"
    return f"(?i:{body})" if ci else f"(?:{body})"


@lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    return _Lexicon()


def normalize_country(name: Optional[str]) -> Optional[str]:
    """The data file's country name for a name, demonym or pycountry name; None if unknown."""
    if not name:
        return None
    lex = _lex()
    if name in lex.country_of:
        return lex.country_of[name]
    for key, country in lex.country_of.items():
        if key.lower() == name.lower():
            return country
    try:
        import pycountry
        c = pycountry.countries.lookup(name)
        return getattr(c, "common_name", None) or c.name
    except (LookupError, ImportError):
        return name


# ---------------------------------------------------------------- finding actors

def find_actors(text: str, offset: int = 0, country_hint: Optional[str] = None) -> list[ActorMention]:
    """Every actor mention in ``text`` (a sentence or a document), in order."""
    lex = _lex()
    hint = normalize_country(country_hint)
    out: list[ActorMention] = []
    for m in lex.regex.finditer(text):
        mention = _resolve(m, hint)
        if mention is None:
            continue
        mention.start += offset
        mention.end += offset
        out.append(mention)
    return out


def _resolve(m: re.Match, hint: Optional[str]) -> Optional[ActorMention]:
    lex = _lex()
    s, e, surface = m.start(), m.end(), m.group()
    if m.group("state"):
        country = lex.country_of.get(m.group("dem") or m.group("dem2"))
        force = (m.group("force") or m.group("force2")).lower()
        kind = lex.force_of.get(re.sub(r"\s+", " ", force), "military")
        return ActorMention(s, e, surface, _state_name(kind, country), "state", country)
    entry = lex.cs.get(surface) or lex.ci.get(re.sub(r"\s+", " ", surface.lower()))
    if entry is None:
        return None
    local = lex.by_country.get(surface, {}).get(hint or "")
    if local:
        return ActorMention(s, e, surface, local, "state" if local.startswith(("Military", "Police")) else entry.category, hint)
    if entry.force:
        name = _state_name(entry.force, hint)
        return ActorMention(s, e, surface, name, "state", hint)
    if entry.generic:
        name = lex.is_by_country.get(hint or "", "Islamic State")
        return ActorMention(s, e, surface, name, entry.category, hint)
    if entry.by_country:
        name = f"{entry.name} ({hint})" if hint else entry.name
        return ActorMention(s, e, surface, name, entry.category, hint)
    return ActorMention(s, e, surface, entry.name, entry.category, None)


def _state_name(kind: str, country: Optional[str]) -> str:
    base = "Police Forces" if kind == "police" else "Military Forces"
    return f"{base} of {country}" if country else base


# ---------------------------------------------------------------- claims

def find_claim(text: str, offset: int = 0,
               country_hint: Optional[str] = None) -> Union[ActorMention, None, bool]:
    """The actor claiming responsibility; False when the text says nobody claimed it; None when
    it says nothing about a claim."""
    lex = _lex()
    for rx in lex.claims:
        for m in rx.finditer(text):
            actor = _actor_in_phrase(text, m, offset, country_hint)
            if actor is not None:
                return actor
    for rx in lex.unclaimed:
        if rx.search(text):
            return False
    return None


def find_attribution(text: str, offset: int = 0,
                     country_hint: Optional[str] = None) -> Optional[ActorMention]:
    """The actor that sources, officials or the report blame, without a claim of its own
    ("sources attributed the bombing to the Taliban")."""
    if not _lex().attribution_cue.search(text):
        return None
    for rx in _lex().attributions:
        for m in rx.finditer(text):
            actor = _actor_in_phrase(text, m, offset, country_hint)
            if actor is not None:
                return actor
    return None


def refers_to_group(text: str) -> bool:
    """Whether the text points back to an armed group named earlier ("the group", "the two groups")."""
    return bool(_lex().group_anaphora.search(text))


def find_states(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Countries named or referred to by demonym ("Saudi diplomats", "the Kingdom of Saudi
    Arabia"), as (start, end, country): the states behind diplomatic measures."""
    lex = _lex()
    if lex.state_regex is None:
        lex.state_regex = re.compile(r"(?<![\w-])" + _trie(lex.country_of, ci=False, spaces=False) + r"(?![\w-])")
    return [(m.start() + offset, m.end() + offset, lex.country_of[m.group()])
            for m in lex.state_regex.finditer(text)]


_NOT_ACTORS = {"it", "he", "she", "they", "police", "officials", "authorities", "sources", "no",
               "the group", "the militants", "the attackers", "a statement", "statement"}


def _actor_in_phrase(text: str, m: re.Match, offset: int,
                     country_hint: Optional[str]) -> Optional[ActorMention]:
    s, e = m.span("actor")
    part = _lex().subunit_of.match(text, e)
    if part:
        # "the Galikonda area committee of Maoists": the group the named part belongs to
        whole = re.match(r"(?:[Tt]he\s+)?[A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|the|al|wal|-)){0,6}",
                         text[part.end():])
        if whole:
            s, e = part.end(), part.end() + len(whole.group().rstrip())
    # "attributed the attack to Fulani extremists": the armed noun after the name is the actor's
    noun = _lex().armed_noun_after.match(text, e)
    if noun:
        e = noun.end()
    phrase = text[s:e]
    found = find_actors(phrase, offset + s, country_hint)
    named = [a for a in found if a.category not in ("civilians",)]
    if named:
        return named[-1]
    # an armed group the data file does not know yet: keep its own name
    name = re.sub(r"^(?:[Tt]he)\s+", "", phrase).strip()
    name = re.sub(r"^(?:However|But|And|Meanwhile|Later|In|On|Although)\b[, ]*", "", name).strip()
    if not name or name.lower() in _NOT_ACTORS or not name[0].isupper() or len(name) < 3:
        return None
    start = offset + s + phrase.find(name)
    return ActorMention(start, start + len(name), name, name, "rebel", None)


# ---------------------------------------------------------------- choosing actor 1

_ARMED = ("rebel", "political_militia", "identity_militia", "external")


def primary_actor(mentions: list[ActorMention],
                  claim: Union[ActorMention, None, bool] = None,
                  attribution: Optional[ActorMention] = None) -> Optional[ActorMention]:
    """A best guess at ACLED's actor 1: the claimant, else the blamed group, else the first named
    armed group, else the first protesters/rioters/state forces/unidentified attackers."""
    if isinstance(claim, ActorMention):
        return claim
    if attribution is not None:
        return attribution
    for cats in (_ARMED, ("protesters", "rioters", "unidentified", "state")):
        for a in mentions:
            if a.category in cats:
                return a
    return None
