"""Cut an article into blocks (paragraphs, list items, headings, page furniture) and sentences.

Offsets always index the original text: cleaning decides what to *read*, it never rewrites.
Scraped pages repeat captions and leads, break sentences across lines and wrap the article in
navigation; those are handled here so that later stages see one clean sequence of sentences.
"""
from __future__ import annotations

import re
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


@lru_cache(maxsize=1)
def _tail_markers() -> frozenset[str]:
    return frozenset(s.lower() for s in load_data("boilerplate.yaml")["tail_markers"])


CANDIDATE_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*\s*$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(str(a).lower() for a in load_data("abbreviations.yaml"))


def _ends_sentence(chunk: str, match: re.Match) -> bool:
    """A period ends a sentence unless it closes a known abbreviation or a single initial."""
    if chunk[match.start()] != ".":
        return True
    word = WORD_BEFORE.search(chunk, 0, match.start() + 1)
    token = word.group(1).rstrip(".") if word else ""
    return not (token.lower() in _abbreviations() or (len(token) == 1 and token.isupper()))


def is_boilerplate(line: str) -> bool:
    exact, pattern = _boilerplate()
    s = line.strip()
    return s.lower() in exact or bool(pattern.fullmatch(s))


def blocks(text: str) -> list[Block]:
    """Blocks of the text, in order; lines broken mid-sentence are joined to the next line."""
    lines = [(m.start(), m.end()) for m in LINE.finditer(text) if m.group().strip()]
    out: list[Block] = []
    seen: set[str] = set()
    in_tail = False
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        # A line cut mid-sentence (no terminal punctuation, the next starts in lower case) continues.
        while (i + 1 < len(lines) and len(text[start:end].split()) >= 5
               and not TERMINAL.search(text[start:end].rstrip())
               and text[lines[i + 1][0]:lines[i + 1][1]].lstrip()[:1].islower()):
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
        seen.add(key)
        out.append(Block(start, end, kind, len(out)))
    return out


def sentences(text: str, block_list: list[Block] | None = None) -> list[Sentence]:
    """Readable sentences (page furniture and repeated blocks left out), in document order."""
    out: list[Sentence] = []
    for block in block_list if block_list is not None else blocks(text):
        if block.kind in ("boilerplate", "duplicate"):
            continue
        chunk = text[block.start:block.end]
        cuts = [0] + [m.end() for m in CANDIDATE_BOUNDARY.finditer(chunk) if _ends_sentence(chunk, m)]
        cuts.append(len(chunk))
        for a, b in zip(cuts, cuts[1:]):
            piece = chunk[a:b]
            stripped = piece.rstrip()
            if not stripped.strip():
                continue
            s = block.start + a + (len(piece) - len(piece.lstrip()))
            e = block.start + a + len(stripped)
            out.append(Sentence(s, e, text[s:e], block.index, block.kind, len(out)))
    return out
