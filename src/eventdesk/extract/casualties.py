"""Casualty counts from one sentence: killed, injured, attackers' own deaths, unsplit casualties.

A small grammar over word tokens, no spaCy: spaCy's small English model misses counts such as
"over 100" and the job is a hot loop over every candidate sentence. The flow is linear:

1. tokenize; find *count mentions*: an optional qualifier ("at least", "more than") and a number
   (digits, words, ranges, vague words such as "dozens"), skipping dates, ages, times and counts
   of things ("two attacks", "3 explosions");
2. give each mention a *role* (killed / injured / casualties) from the words right after its noun
   phrase ("40 dead", "2 were killed") or, failing that, the trigger right before it ("killing
   47", "injured five guests"); members of a list ("two nurses and four patients") share it;
3. add the parts of each list, keep a single total over a listed breakdown, drop subsets
   ("including 3 children"), and apply the sentence-level rules: "no casualties", a lone named
   victim ("Haidari ... was killed"), a suicide attacker's own death.

Conventions (measured on the GTD and ACLED dev sets):
``fatalities`` counts everyone the text tallies as killed, attackers included when the text
counts them ("four gunmen were killed", "in addition to the attacker") - GTD and ACLED
totals include them; ``attacker_fatalities`` repeats the attackers' part. A suicide attacker's
death implied only by the verb ("blew himself up") goes to ``attacker_fatalities`` alone, since
news tallies leave the bomber out. Vague words follow ACLED: "dozens" 12, "hundreds" 100;
"several"/"multiple" leave the count None unless ``acled_vague=True`` (ACLED codes 10).
All vocabulary lives in ``data/numbers.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

import yaml

ROLES = ("killed", "injured", "casualties")


@dataclass
class CasualtyCount:
    fatalities: Optional[int] = None
    fatalities_low: Optional[int] = None
    fatalities_high: Optional[int] = None
    injuries: Optional[int] = None
    attacker_fatalities: Optional[int] = None   # perpetrators' own deaths
    casualties: Optional[int] = None            # killed + wounded, not split
    spans: list[tuple[int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # e.g. "breakdown 28+13+2=43 under total 170"

    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in
                   ("fatalities", "fatalities_low", "fatalities_high", "injuries",
                    "attacker_fatalities", "casualties"))


@dataclass
class _Mention:
    start_tok: int
    end_tok: int              # exclusive
    best: Optional[int]
    low: Optional[int]
    high: Optional[int]
    weak: bool = False        # "a", "another", "one": counts only next to a trigger
    role: Optional[str] = None
    role_end_tok: Optional[int] = None
    attacker: bool = False
    subset: bool = False


# ---------------------------------------------------------------- lexicon

@lru_cache(maxsize=1)
def _lexicon() -> dict:
    raw = yaml.safe_load(resources.files("eventdesk.data").joinpath("numbers.yaml").read_text("utf-8"))
    lex = dict(raw)
    lex["words"] = {**raw["units"], **raw["tens"]}
    lex["weak"] = set(raw["weak_numbers"])
    lex["not_people"] = set(raw["not_people"])
    lex["attacker_nouns"] = set(raw["attacker_nouns"])
    lex["aux"] = set(raw["auxiliaries"])
    lex["passive_only"] = {(w,) for w in raw["passive_only_roles"]}
    lex["passive_aux"] = set(raw["passive_auxiliaries"])
    lex["months"] = set(raw["months"])
    lex["date_words"] = set(raw["date_words"]) | lex["months"]
    lex["qual_phrases"] = sorted(((tuple(k.split()), v) for k, v in raw["qualifiers"].items()),
                                 key=lambda kv: -len(kv[0]))
    lex["vague_phrases"] = sorted(((tuple(k.split()), v) for k, v in raw["vague"].items()),
                                  key=lambda kv: -len(kv[0]))
    lex["post"] = _phrases(raw["post_roles"])
    lex["pre"] = _phrases(raw["pre_roles"])
    lex["subset"] = [tuple(s.split()) for s in raw["subset_markers"]]
    lex["none_re"] = [(re.compile(r"\b" + d["pattern"] + r"\b", re.I), d["fields"])
                      for d in raw["none_reported"]]
    lex["singular_re"] = {role: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I)
                          for role, phrases in raw["singular_roles"].items()}
    lex["singular_object_re"] = {role: re.compile(r"\b(?:" + "|".join(ps) + r")")
                                 for role, ps in raw["singular_objects"].items()}
    lex["self_death_re"] = re.compile("|".join(raw["attacker_self_death"]), re.I)
    lex["in_total_re"] = [re.compile(p, re.I) for p in raw["attacker_in_total"]]
    lex["toll_before_re"] = re.compile("|".join(raw["toll_before"]), re.I)
    lex["running_toll_re"] = re.compile("|".join(raw["running_toll_including"]), re.I)
    return lex


def _phrases(by_role: dict) -> list[tuple[tuple[str, ...], str]]:
    out = [(tuple(p.lower().split()), role) for role, ps in by_role.items() for p in ps]
    return sorted(out, key=lambda pr: -len(pr[0]))


# ---------------------------------------------------------------- tokens and numbers

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\w+(?:[-'\u2019]\w+)*|[^\w\s]")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_RANGE = re.compile(r"(\d+)[-\u2013](\d+)")
_STOP = {",", ";", ".", ":", "!", "?", "and", "or", "but", "while", "whereas", "which", "as",
         "after", "before", "when", "including", "with", "whom", "while", "although", "though",
         "—", "\u2013"}


def _tokenize(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    toks, spans = [], []
    for m in _TOKEN.finditer(text):
        toks.append(m.group().lower().replace("\u2019", "'"))
        spans.append(m.span())
    return toks, spans


def _match_at(toks: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(toks[i:i + len(phrase)]) == phrase


def _word_number(toks: list[str], i: int) -> tuple[Optional[int], int]:
    """Value and end index of a spelled-out number at i ("twenty-one", "two hundred")."""
    words = _lexicon()["words"]
    mult = _lexicon()["multipliers"]
    for phrase in ("half a dozen", "a dozen", "a score"):
        p = tuple(phrase.split())
        if _match_at(toks, i, p):
            return words[phrase], i + len(p)
    t = toks[i] if i < len(toks) else ""
    if "-" in t:
        a, _, b = t.partition("-")
        if a in _lexicon()["tens"] and b in _lexicon()["units"] and words[b] < 10:
            value, j = words[a] + words[b], i + 1
        else:
            return None, i
    elif t in words and t not in ("dozen",):
        value, j = words[t], i + 1
    else:
        return None, i
    # "two hundred (and) fifty", "one thousand"
    if j < len(toks) and toks[j] in mult and value < 1000:
        value *= mult[toks[j]]
        j += 1
        k = j + 1 if j < len(toks) and toks[j] == "and" else j
        rest, k2 = _word_number(toks, k) if k < len(toks) and toks[k] not in _lexicon()["weak"] else (None, k)
        if rest is not None and rest < value:
            value, j = value + rest, k2
    return value, j


def _number_at(toks: list[str], i: int) -> Optional[tuple[Optional[int], Optional[int], Optional[int], int, bool]]:
    """(best, low, high, end, weak) of a bare number or range at i, else None."""
    lex = _lexicon()
    t = toks[i]
    if _DIGITS.fullmatch(t):
        value = int(t.replace(",", ""))
        j = i + 1
        # "10 to 15", "10-15" (a dash is its own token)
        if j + 1 < len(toks) and toks[j] in ("to", "-", "\u2013") and _DIGITS.fullmatch(toks[j + 1]):
            hi = int(toks[j + 1].replace(",", ""))
            if hi > value:
                return value, value, hi, j + 2, False
        if j < len(toks) and toks[j] in lex["multipliers"]:
            return value * lex["multipliers"][toks[j]], None, None, j + 1, False
        return value, None, None, j, False
    m = _RANGE.fullmatch(t)
    if m and int(m.group(2)) > int(m.group(1)):
        lo, hi = int(m.group(1)), int(m.group(2))
        return lo, lo, hi, i + 1, False
    for phrase, v in lex["vague_phrases"]:
        if _match_at(toks, i, phrase):
            j = i + len(phrase)
            if phrase in (("some",), ("few",)) and not (j < len(toks) and toks[j] in ("of",)) and i > 0 \
                    and toks[i - 1] not in ("killing", "killed", "wounding", "injuring", "injured", "wounded"):
                continue   # "some" / "few" only as counts right after a trigger
            if j < len(toks) and toks[j] == "of" and phrase[-1] != "of":
                j += 1
            return v.get("value"), v.get("low"), None, j, False
    value, j = _word_number(toks, i)
    if value is None:
        return None
    weak = t in lex["weak"] and j == i + 1
    if weak and j < len(toks):
        # "another 24 people", "a further 10": the weak word is a determiner
        nxt = _number_at(toks, j) if toks[j] not in lex["weak"] else None
        if nxt is not None and nxt[0] is not None:
            return nxt
    return value, None, None, j, weak


def _find_mentions(toks: list[str]) -> list[_Mention]:
    lex = _lexicon()
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        qual, q_end = None, i
        for phrase, kind in lex["qual_phrases"]:
            if _match_at(toks, i, phrase):
                qual, q_end = kind, i + len(phrase)
                break
        if toks[i] == "between" and i + 1 < len(toks):
            num = _number_at(toks, i + 1)
            if num and num[0] is not None and num[3] + 1 < len(toks) and toks[num[3]] == "and":
                hi = _number_at(toks, num[3] + 1)
                if hi and hi[0] is not None and hi[0] > num[0]:
                    out.append(_Mention(i, hi[3], num[0], num[0], hi[0]))
                    i = hi[3]
                    continue
        num = _number_at(toks, q_end) if q_end < len(toks) else None
        if num is None and qual:
            qual, q_end = None, i
            num = _number_at(toks, i)
        if num is None:
            i += 1
            continue
        best, low, high, end, weak = num
        if _is_not_a_count(toks, q_end, end):
            i = end
            continue
        if best is not None and qual:
            low, best, high = _qualify(qual, best, low, high)
        out.append(_Mention(i, end, best, low, high, weak=weak and not qual))
        i = end
    return out


def _qualify(kind: str, n: int, low, high):
    if kind == "at_least":
        return n, n, high
    if kind == "more_than":
        return n + 1, n, high
    if kind == "nearly":
        return low, n, n
    if kind == "up_to":
        return low, n, n
    if kind == "fewer_than":
        return low, None, n - 1
    return low, n, high


def _is_not_a_count(toks: list[str], start: int, end: int) -> bool:
    lex = _lexicon()
    t = toks[start]
    if _DIGITS.fullmatch(t):
        v = int(t.replace(",", ""))
        if len(t) == 4 and 1900 <= v <= 2100:
            return True                       # a year
        if end < len(toks) and toks[end] in (":", "/", "%", "."):
            if not (toks[end] == "." and (end + 1 >= len(toks) or not _DIGITS.fullmatch(toks[end + 1]))):
                return True                   # time 10:30, date 12/3, 5%, 2.5
        if start > 0 and toks[start - 1] in (":", "/", "$", "#", "\u20ac", "\u00a3"):
            return True
    if start > 0 and toks[start - 1] in lex["date_words"] and _DIGITS.fullmatch(t):
        return True                           # "April 22", "PD 5", "route 7"
    if end < len(toks) and toks[end] in lex["months"] and _DIGITS.fullmatch(t):
        return True                           # "30 April"
    for k in range(end, min(end + 2, len(toks))):
        if toks[k] in ("the", "a", "an", "this", "that"):
            break                             # a new phrase begins: "killing more than 35 The blast"
        if toks[k] in lex["not_people"]:
            return True                       # "two attacks", "3 explosions", "5 years"
        if toks[k] in _STOP or toks[k] in ("(", ")"):
            break
    return False


# ---------------------------------------------------------------- roles

def _post_role(toks: list[str], m: _Mention, starts: set[int]) -> Optional[tuple[str, int]]:
    """Role from the words after the counted noun phrase: "40 dead", "2 were killed"."""
    lex = _lexicon()
    nouns = 0
    j = m.end_tok
    while j < len(toks) and nouns <= 6:
        for phrase, role in lex["post"]:
            if _match_at(toks, j, phrase):
                # "shot", "beaten" name a harm only as a passive verb ("was shot"), not a noun
                # ("a cheap shot", "the beaten path")
                if phrase in lex["passive_only"] and not (j > 0 and toks[j - 1] in lex["passive_aux"]):
                    continue
                after = j + len(phrase)
                # "5 gunmen killed 3 police": an active verb with an object is no role of ours
                if after < len(toks) and (after in starts or toks[after] in ("the", "a", "an", "his", "her", "their")):
                    return None
                return role, after
        t = toks[j]
        if t == "," and j + 1 < len(toks) and toks[j + 1] in ("including", "mostly", "mainly", "among"):
            close = next((k for k in range(j + 2, min(j + 10, len(toks))) if toks[k] == ","), None)
            if close is not None:
                j = close + 1          # skip ", including police officers,": a subset, read apart
                continue
        if t in _STOP or j in starts or t in ("killing", "wounding", "injuring", "leaving", "left"):
            return None
        if t not in lex["aux"]:
            nouns += 1
            if t in lex["attacker_nouns"]:
                m.attacker = True
        j += 1
    return None


def _pre_role(toks: list[str], m: _Mention) -> Optional[str]:
    """Role from the trigger right before the count: "killing 47", "injured five guests"."""
    for phrase, role in _lexicon()["pre"]:
        s = m.start_tok - len(phrase)
        if s >= 0 and _match_at(toks, s, phrase):
            return role
    return None


def _noun_phrase_attacker(toks: list[str], m: _Mention) -> bool:
    lex = _lexicon()
    for j in range(m.end_tok, min(m.end_tok + 4, len(toks))):
        if toks[j] in _STOP:
            return False
        if toks[j] in lex["attacker_nouns"]:
            return True
    return False


def _is_subset(toks: list[str], m: _Mention) -> bool:
    for phrase in _lexicon()["subset"]:
        for gap in (0, 1, 2):
            s = m.start_tok - len(phrase) - gap
            if s >= 0 and _match_at(toks, s, phrase):
                return True
    return False


def _list_link(toks: list[str], a: _Mention, b: _Mention) -> bool:
    """True when b continues a list started by a: "two nurses and four patients"."""
    lex = _lexicon()
    between = toks[a.end_tok:b.start_tok]
    if not between or len(between) > 7:
        return False
    if between[-1] not in (",", "and") or any(t in (";", ".", "while", "but", "whereas") for t in between):
        return False
    body = [t for t in between if t not in (",", "and")]
    triggers = {w for phrase, _ in lex["post"] + lex["pre"] for w in phrase}
    return not any(t in triggers for t in body) and len(body) <= 5


# ---------------------------------------------------------------- public API

def parse_casualties(text: str, offset: int = 0, acled_vague: bool = False) -> CasualtyCount:
    """Casualty counts reported by one sentence or clause; spans are shifted by ``offset``."""
    lex = _lexicon()
    running = lex["running_toll_re"].search(text)
    if running:   # only the included incident's dead are this sentence's incident's toll
        text = " " * running.end() + text[running.end():]
    toks, tspans = _tokenize(_mask_attacker_phrases(text))
    mentions = _find_mentions(toks)
    starts = {m.start_tok for m in mentions}
    for m in mentions:
        post = _post_role(toks, m, starts)
        if post:
            m.role, m.role_end_tok = post
        else:
            m.role = _pre_role(toks, m)
            if m.role is None and lex["toll_before_re"].search(text, 0, tspans[m.start_tok][0]):
                m.role = "killed"
            elif m.role is None and m.high is not None and m.start_tok and toks[m.start_tok - 1] == "from" \
                    and lex["toll_before_re"].search(text, 0, tspans[m.start_tok - 1][0]):
                # "the toll had risen from 58 to 60": no range, the toll now
                m.role, m.best, m.low = "killed", m.high, m.high
        m.attacker = m.attacker or _noun_phrase_attacker(toks, m)
        m.subset = _is_subset(toks, m)

    # lists share one role: the first member's trigger or the last member's role word
    groups: list[list[_Mention]] = []
    for m in mentions:
        if groups and _list_link(toks, groups[-1][-1], m):
            groups[-1].append(m)
        else:
            groups.append([m])
    result = CasualtyCount()
    tallies: dict[str, list[list[_Mention]]] = {r: [] for r in ROLES}
    for g in groups:
        roles = [m.role for m in g if m.role]
        if not roles:
            continue
        for m in g:
            m.role = m.role or roles[-1]
        # "a", "another", "one" count only right next to their trigger
        members = [m for m in g if not m.weak or _pre_role(toks, m)
                   or (m.role_end_tok is not None and m.role_end_tok - m.end_tok <= 6)]
        if not members:
            continue
        for role in ROLES:
            part = [m for m in members if m.role == role and not m.subset]
            if part:
                tallies[role].append(part)
        for m in g:
            end = m.role_end_tok if m.role_end_tok else m.end_tok
            result.spans.append((tspans[m.start_tok][0] + offset, tspans[end - 1][1] + offset))

    killed = _combine(tallies["killed"], result.notes, acled_vague)
    if killed:
        result.fatalities, result.fatalities_low, result.fatalities_high, att = killed
        result.attacker_fatalities = att or None
    injured = _combine(tallies["injured"], result.notes, acled_vague)
    if injured:
        result.injuries = injured[0]
    cas = _combine(tallies["casualties"], result.notes, acled_vague)
    if cas:
        result.casualties = cas[0]

    _sentence_rules(text, offset, result, tallies)
    return result


def _mask_attacker_phrases(text: str) -> str:
    """Blank "in addition to the three attackers" / "including the bomber" so their number is
    not read as a victim count; the sentence rules add them back as attacker deaths."""
    for rx in _lexicon()["in_total_re"]:
        if "sel" in rx.pattern[:40]:
            continue
        text = rx.sub(lambda m: " " * len(m.group()), text)
    return text


def _combine(groups: list[list[_Mention]], notes: list[str], acled_vague: bool):
    """Sum the parts of each list, keep a single total over a listed breakdown it covers."""
    if not groups:
        return None
    vague_code = 10 if acled_vague else None

    def best(m: _Mention):
        if m.best is None and acled_vague and m.low is not None:
            return vague_code
        return m.best

    sums = []
    for g in groups:
        vals = [best(m) for m in g]
        known = [v for v in vals if v is not None]
        total = sum(known) if known else None
        low = (sum((m.low if m.low is not None else (m.best or 0)) for m in g)
               if any(m.low is not None for m in g) else None)
        high = sum(m.high for m in g) if all(m.high is not None for m in g) else None
        att = sum(v for m, v in zip(g, vals) if m.attacker and v is not None)
        sums.append([total, low or None, high, att, len(g)])
    singles = [s for s in sums if s[4] == 1 and s[0] is not None]
    keep = []
    for s in sums:
        covering = [t for t in singles if t is not s and s[4] >= 2 and s[0] is not None and s[0] <= t[0]]
        if covering:
            notes.append(f"breakdown summing to {s[0]} under the total {covering[0][0]}")
            continue
        keep.append(s)
    # one total told twice in a sentence ("7 killed in Vadodara: at least seven persons have
    # been killed") is one total, not two
    told = set()
    for s in list(keep):
        if s[4] == 1 and s[0] is not None:
            if s[0] in told:
                keep.remove(s)
                notes.append(f"the total {s[0]} told twice")
            told.add(s[0])
    known = [s[0] for s in keep if s[0] is not None]
    total = sum(known) if known else None
    low = (sum(s[1] if s[1] is not None else (s[0] or 0) for s in keep)
           if any(s[1] is not None for s in keep) else None)
    high = sum(s[2] for s in keep) if keep and all(s[2] is not None for s in keep) else None
    att = sum(s[3] for s in keep)
    return total, low, high, att


def _sentence_rules(text: str, offset: int, result: CasualtyCount, tallies) -> None:
    lex = _lexicon()
    for rx, fields in lex["none_re"]:
        m = rx.search(text)
        if not m:
            continue
        for f in fields:
            name = "fatalities" if f == "fatalities" else "injuries"
            if getattr(result, name) is None:
                setattr(result, name, 0)
        result.spans.append((m.start() + offset, m.end() + offset))
    for rx in lex["in_total_re"]:
        m = rx.search(text)
        if not m:
            continue
        said = m.group().lower()
        parsed = _number_at([m.group("n").lower()], 0) if "n" in rx.groupindex and m.group("n") else None
        n = parsed[0] if parsed and parsed[0] else 1
        result.attacker_fatalities = (result.attacker_fatalities or 0) + n
        if said.startswith("including"):
            pass                                  # already inside the tally
        elif said.startswith("in addition"):
            if result.fatalities is not None:
                result.fatalities += n
                if result.fatalities_low is not None:
                    result.fatalities_low += n
        else:                                     # "killing himself (and five others)"
            result.fatalities = (result.fatalities or 0) + n
        result.spans.append((m.start() + offset, m.end() + offset))
    m = lex["self_death_re"].search(text)
    if m and not result.attacker_fatalities:
        result.attacker_fatalities = 1
        result.spans.append((m.start() + offset, m.end() + offset))
    for role, field_name in (("killed", "fatalities"), ("injured", "injuries")):
        if tallies[role] or getattr(result, field_name) is not None:
            continue
        m = lex["singular_re"][role].search(text) or lex["singular_object_re"][role].search(text)
        if not m:
            continue
        before = text[max(0, m.start() - 40):m.start()].lower()
        if re.search(r"\b(?:no one|nobody|none|not)\b", before) or re.search(r"\bnot\b", m.group()):
            continue
        setattr(result, field_name, 1)
        if role == "killed":
            if any(re.search(r"\b" + re.escape(w) + r"\b", before) for w in lex["attacker_nouns"]):
                result.attacker_fatalities = max(result.attacker_fatalities or 0, 1)
        result.spans.append((m.start() + offset, m.end() + offset))


def merge_counts(a: CasualtyCount, b: CasualtyCount) -> CasualtyCount:
    """Counts of one incident from two sentences (b elaborates or updates a).

    A later sentence usually either breaks a total down (smaller parts) or updates a toll
    (larger), so each count keeps the larger of the two; a count only one sentence gives is
    kept as is. The exception: victims told in one and only attackers in the other add up.
    """
    def bigger(x, y):
        if x is None:
            return y
        if y is None:
            return x
        return max(x, y)

    out = CasualtyCount(
        fatalities=bigger(a.fatalities, b.fatalities),
        fatalities_low=bigger(a.fatalities_low, b.fatalities_low),
        fatalities_high=bigger(a.fatalities_high, b.fatalities_high),
        injuries=bigger(a.injuries, b.injuries),
        attacker_fatalities=bigger(a.attacker_fatalities, b.attacker_fatalities),
        casualties=bigger(a.casualties, b.casualties),
        spans=sorted(set(a.spans) | set(b.spans)),
        notes=a.notes + [n for n in b.notes if n not in a.notes],
    )
    # Victims in one sentence, attackers alone in the other ("killing seven soldiers ... the army
    # killed 12 insurgents"): two groups of dead, so the total is their sum.
    for x, y in ((a, b), (b, a)):
        if (y.fatalities and y.attacker_fatalities == y.fatalities and x.fatalities
                and not x.attacker_fatalities and x.fatalities != y.fatalities):   # (equal: told twice)
            out.fatalities = x.fatalities + y.fatalities
            out.fatalities_low = (x.fatalities_low or x.fatalities) + y.fatalities if (
                x.fatalities_low is not None or y.fatalities_low is not None) else None
            out.fatalities_high = None if x.fatalities_high is None or y.fatalities_high is None else (
                x.fatalities_high + y.fatalities_high)
            break
    if out.fatalities is not None and out.fatalities_low is not None and out.fatalities_low > out.fatalities:
        out.fatalities_low = out.fatalities
    return out
