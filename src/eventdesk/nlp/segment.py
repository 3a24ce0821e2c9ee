"""Cut an article into blocks (paragraphs, list items, headings, page furniture) and sentences.

Offsets always index the original text: cleaning decides what to *read*, it never rewrites.
Scraped pages repeat captions and leads, break sentences across lines and wrap the article in
navigation; those are handled here so that later stages see one clean sequence of sentences.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_data

BULLET = re.compile(r"^\s*(?:[•·▪◦‣●■\-–—*]|\d{1,2}[.)])\s+")
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$|[:;]$")
LINE = re.compile(r"[^\n]+")


@dataclass
class Block:
    start: int
    end: int
    kind: str          # paragraph | list_item | heading | boilerplate | duplicate
    index: int = 0


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    block: int          # index of its block
    kind: str           # the block's kind
    position: int = 0   # index of the sentence in the document's readable sentences


@lru_cache(maxsize=1)
def _boilerplate():
    data = load_data("boilerplate.yaml")
    exact = {s.lower() for s in data["exact_lines"]}
    pattern = re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.I)
    return exact, pattern


INLINE_TAIL = re.compile(r"\b(?:related|more) (?:stories|articles|posts|news|coverage)\s*:", re.I)


@lru_cache(maxsize=1)
def _inline_furniture() -> re.Pattern:
    """Two or more widget captions in a row (data/boilerplate.yaml inline_furniture)."""
    one = "|".join(f"(?:{p})" for p in load_data("boilerplate.yaml")["inline_furniture"])
    return re.compile(rf"\b(?:{one})(?:\s*(?:{one}))+(?=\s|[A-Z]|$)", re.I)


@lru_cache(maxsize=1)
def _tail_markers() -> frozenset[str]:
    return frozenset(s.lower() for s in load_data("boilerplate.yaml")["tail_markers"])


CANDIDATE_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# In a caseless text (all lower case, or all capitals) a capital says nothing: any word may start
# a sentence.
CASELESS_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[^\W_])")
# Sentences run together without a space ("territory.Officials said", "Kabul.The attack"): a full
# stop after two lower-case letters, directly before a capitalised word or an acronym ("were all
# indicted.GNB General ..."). Initialisms ("U.S.Army",
# "e.g.The"), decimals and web addresses ("www.site.com") have no such shape. A wiki heading
# glued to the next sentence ("workers.==Aftermath==Three days") is cut too.
RUN_TOGETHER = re.compile(r"(?<=[a-z][a-z)\]\"”’'])[.!?]+[\"'”’)\]]*(?=[\"“‘(]?[A-Z](?:[a-z]|[A-Z]*\s))|(?<=[a-z])[.!?](?==)"
                          r"|(?<=[a-z]==)(?=[^\W\d_][a-z])"
                          # a number ends it: "in 2009.The police", "scheduled for October 16.Twin bombs"
                          r"|(?:(?<=\s\d)|(?<=\s\d\d)|(?<=\s\d{3})|(?<=\s\d{4}))\.(?=[A-Z][a-z])"
                          # a headline glued to its lead: "Friend of Bombing SuspectA court has"
                          r"|(?<=[a-z]{2})(?=(?:A|An|The)\s[a-z])")
# ... and in a caseless text, where no capital shows the next sentence: a full stop after a word
# of three letters or more, directly before a function word ("gunmen.later, a man", "casualties.in
# the afternoon"); a web address ("site.in/news") has no space after the word.
CASELESS_RUN_TOGETHER = re.compile(r"(?<=[^\W_]{3})[.!?]+[\"'”’)\]]*(?=[\"“‘(]?([^\W\d_]+)[\s,])")
# Letters a text needs before its case can be judged, and the shares of capitals that make it
# caseless: lower-case corpora have almost none, wire copy of the 1980s nothing but capitals.
CASE_MIN_LETTERS = 40
LOWER_CASE_SHARE = 0.005
UPPER_CASE_SHARE = 0.85
TIME_ABBREVIATIONS = frozenset({"a.m", "p.m"})
WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*\s*$")
STOP_MARKS = frozenset(".!?…")
WORD_LOOKBACK = 64   # longer than any abbreviation (data/abbreviations.yaml: at most 6 characters)


CASELESS_OPENER_MIN_LETTERS = 4   # a dictionary word this long after a glued stop opens a sentence


@lru_cache(maxsize=4096)
def _opens_sentence(word: str) -> bool:
    """A function word, or a dictionary word long enough to be no web address's ending ("net")."""
    if word in function_words():
        return True
    from .truecase import english_pos   # (truecase reads sentences with this module)

    return len(word) >= CASELESS_OPENER_MIN_LETTERS and bool(english_pos(word))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """spaCy's English stop words: the function words no name or place is made of."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(str(a).lower() for a in load_data("abbreviations.yaml"))


def case_style(text: str) -> str | None:
    """"lower" for a text with (almost) no capitals, "upper" for one in (almost) all capitals,
    None for ordinary mixed case (or too few letters to tell)."""
    letters = upper = 0
    for ch, count in Counter(text).items():   # each distinct character judged once
        if ch.isalpha():
            letters += count
            if ch.isupper():
                upper += count
    if letters < CASE_MIN_LETTERS:
        return None
    share = upper / letters
    if share <= LOWER_CASE_SHARE:
        return "lower"
    if share >= UPPER_CASE_SHARE:
        return "upper"
    return None


# No match of WORD_BEFORE contains one of these characters: after one, a match can only start later.
NOT_IN_WORD_BEFORE = re.compile(r"[^\w.!?…\"'”’)\]\s]")
WORD_BEFORE_WINDOW = 80


def _word_before(chunk: str, end: int) -> re.Match | None:
    """``WORD_BEFORE.search(chunk, 0, end)``, looking back only as far as it needs to: from the
    window before ``end`` when a character in it no match can contain shows that the match starts
    inside it (searching a long paragraph from its start for every full stop was quadratic)."""
    start = end - WORD_BEFORE_WINDOW
    if start > 0 and NOT_IN_WORD_BEFORE.search(chunk, start, end):
        return WORD_BEFORE.search(chunk, start, end)
    return WORD_BEFORE.search(chunk, 0, end)


_NAME_AFTER = re.compile(r"\s*[A-Z][a-z]+\b(?!\s+(?:the|a|an|is|was|were|has|had|said)\b)")


def _before_a_name(chunk: str, end: int) -> bool:
    """A capitalised word after the stop that goes on as a name would ("m. Vorderbruggen[897], US
    air force"), not one that opens a clause ("m. The rest")"""
    m = _NAME_AFTER.match(chunk, end)
    return bool(m) and m.group().strip() not in _sentence_openers()


@lru_cache(maxsize=1)
def _sentence_openers() -> frozenset[str]:
    return frozenset(w.capitalize() for w in function_words())


def _ends_sentence(chunk: str, match: re.Match, caseless: bool = False) -> bool:
    """A period ends a sentence unless it closes a known abbreviation (any case: "Gen.", "GEN.",
    "p.m.") or a single initial (in a cased text)."""
    if chunk[match.start()] != ".":
        return True
    word = _word_before(chunk, match.start() + 1)
    token = word.group(1).rstrip(".") if word else ""
    if token.lower() in _abbreviations():
        return False
    if caseless and token.lower() in TIME_ABBREVIATIONS:
        return False            # "at 9 p.m. the curfew held": in a cased text a capital would tell
    # (an initial in lower case, "special agent adrianna m. vorderbruggen", is one too: a cased
    # view of a caseless text capitalises the surname after it)
    return not (len(token) == 1 and token.isalpha() and (token.isupper() or caseless or _before_a_name(chunk, match.end())))


def is_boilerplate(line: str) -> bool:
    exact, pattern = _boilerplate()
    s = line.strip()
    return s.lower() in exact or bool(pattern.fullmatch(s))


def continues(text: str, line_start: int, end: int, next_start: int, caseless: bool) -> bool:
    """True if the line text[line_start:end] runs on into the line whose first character is at
    ``next_start``: it has no terminal punctuation and the next line starts in lower case, or, in
    a caseless text where capitals tell nothing, the next line follows directly (no blank line)."""
    if TERMINAL.search(text[line_start:end].rstrip()):
        return False
    if caseless:
        return text.count("\n", end, next_start) == 1
    return text[next_start:next_start + 1].islower()


SOFT_BREAK = re.compile(r"[^\n]*?\S[ \t]*(\n)[ \t]*(?=\S)")


def soft_line_breaks(text: str) -> list[int]:
    """Offsets of the line breaks of a caseless text that fall inside a sentence."""
    out = []
    for m in SOFT_BREAK.finditer(text):
        if continues(text, m.start(), m.start(1), m.end(), True):
            out.append(m.start(1))
    return out


def _first_char(text: str, start: int) -> int:
    while start < len(text) and text[start] in " \t":
        start += 1
    return start


WRAPPED_LINE_SHARE = 0.75


def blocks(text: str) -> list[Block]:
    """Blocks of the text, in order; lines broken mid-sentence are joined to the next line."""
    lines = [(m.start(), m.end()) for m in LINE.finditer(text) if m.group().strip()]
    style = case_style(text)
    caseless = style == "upper"
    # In lower case a line cut by the wrap width is near that width; a shorter one (a headline,
    # a caption) ends its block though the next line starts in lower case, as every line does.
    wrap = max((e - s for s, e in lines), default=0) * WRAPPED_LINE_SHARE if style == "lower" else 0
    out: list[Block] = []
    seen: set[str] = set()
    in_tail = False
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        # A line cut mid-sentence (no terminal punctuation, the next starts in lower case) continues.
        # In all capitals, any line without terminal punctuation runs on into the next.
        # (in lower case every line starts so: there a blank line still ends the block)
        while (i + 1 < len(lines) and (caseless or len(text[start:end].split()) >= 5)
               and continues(text, lines[i][0], end, _first_char(text, lines[i + 1][0]), caseless)
               and not (style == "lower" and (text.count("\n", end, lines[i + 1][0]) > 1
                                              or lines[i][1] - lines[i][0] < wrap))
               and not is_boilerplate(re.sub(r"\s+", " ", text[lines[i][0]:end].strip()))):
            # (page furniture, a web address say, never runs on into the article's first line)
            i += 1
            end = lines[i][1]
        i += 1
        stripped = text[start:end].strip()
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        start, end = start + lead, start + lead + len(stripped)
        key = re.sub(r"\s+", " ", stripped)
        if in_tail or is_boilerplate(key):
            kind = "boilerplate"
        elif key in seen:
            kind = "duplicate"
        elif BULLET.match(line):
            kind = "list_item"
            start += BULLET.match(stripped).end()
        elif not TERMINAL.search(stripped) and len(stripped.split()) <= 16:
            kind = "heading"
        else:
            kind = "paragraph"
        # "Related posts" past the middle of the page: the article has ended.
        in_tail = in_tail or (key.lower().rstrip(":") in _tail_markers() and start > len(text) / 2)
        # ... also where a scraper ran the marker into the last paragraph ("no one was injured.
        # related stories: 30 burnt alive in ..."): the paragraph ends there
        inline = INLINE_TAIL.search(text, start, end) if kind == "paragraph" and not in_tail else None
        if inline and inline.start() > len(text) / 2:
            end, in_tail = inline.start(), True
            while end > start and text[end - 1].isspace():
                end -= 1
        seen.add(key)
        out.append(Block(start, end, kind, len(out)))
    return out


def sentences(text: str, block_list: list[Block] | None = None) -> list[Sentence]:
    """Readable sentences (page furniture and repeated blocks left out), in document order."""
    out: list[Sentence] = []
    caseless = case_style(text) is not None
    boundary = CASELESS_BOUNDARY if caseless else CANDIDATE_BOUNDARY
    for block in block_list if block_list is not None else blocks(text):
        if block.kind in ("boilerplate", "duplicate"):
            continue
        chunk = text[block.start:block.end]
        cuts = [m.end() for m in boundary.finditer(chunk) if _ends_sentence(chunk, m, caseless)]
        cuts += [m.end() for m in RUN_TOGETHER.finditer(chunk) if _ends_sentence(chunk, m)]
        if caseless:
            cuts += [m.end() for m in CASELESS_RUN_TOGETHER.finditer(chunk)
                     if _opens_sentence(m.group(1).lower()) and _ends_sentence(chunk, m, caseless)]
        furniture = [(m.start(), m.end()) for m in _inline_furniture().finditer(chunk)]
        cuts += [x for span in furniture for x in span]
        cuts = [0] + sorted(set(cuts))
        cuts.append(len(chunk))
        for a, b in zip(cuts, cuts[1:]):
            piece = chunk[a:b]
            stripped = piece.rstrip()
            if not stripped.strip() or is_boilerplate(re.sub(r"\s+", " ", stripped)) or (a, b) in furniture:
                continue   # (furniture run into a paragraph: "... he said. Related story: ...")
            s = block.start + a + (len(piece) - len(piece.lstrip()))
            e = block.start + a + len(stripped)
            for ws, we in windows(text, s, e):
                out.append(Sentence(ws, we, text[ws:we], block.index, block.kind, len(out)))
    return out


# The longest a sentence may be. Real ones stay far below (the longest in the dev sets, a run-on
# list, has about 3,000 characters); an unpunctuated text (a transcript, a scraped table, a feed
# that lost its full stops) is read in windows of at most this many characters, so that every
# per-sentence stage and the parser see bounded input and a document's cost grows linearly.
MAX_SENTENCE_CHARS = 5000
WINDOW_CUTS = (re.compile(r"[;:,]\s+"), re.compile(r"\s+"))


def windows(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the windows sentence text[start:end] is read in: itself when it is at most
    ``limit`` characters, else pieces of at most ``limit``, each cut after the last clause mark
    (";", ":", ",") or, failing one, the last space in its second half (mid-word only when there
    is neither)."""
    if end - start <= limit:
        return [(start, end)]
    out = []
    while end - start > limit:
        cut = start + limit
        for pattern in WINDOW_CUTS:
            last = None
            for last in pattern.finditer(text, start + limit // 2, start + limit):
                pass
            if last is not None:
                cut = last.start() + 1 if pattern is WINDOW_CUTS[0] else last.start()
                break
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out
