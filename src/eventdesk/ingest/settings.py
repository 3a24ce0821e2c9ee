"""Every knob of the ingest stage, in one place (trafilatura's style)."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class IngestSettings:
    # A single news article is a few KB; anything past this is a dump or a mistake, and reading it
    # whole would only exhaust memory. Checked before the bytes are read.
    max_document_bytes: int = 20 * MB
    # Binary sniffing looks at the first bytes only: a NUL byte, or too many control characters.
    sniff_bytes: int = 8192
    max_control_ratio: float = 0.10
    # Extensions read when a directory is walked; an explicitly named file is read whatever its
    # extension (as HTML if it looks like HTML, else as text).
    text_extensions: tuple[str, ...] = (".txt",)
    html_extensions: tuple[str, ...] = (".html", ".htm")
    jsonl_extensions: tuple[str, ...] = (".jsonl",)
    # trafilatura: keep more of the page rather than less (a lost casualty sentence costs more than
    # a stray caption), no comments sections, tables kept (casualty tables happen).
    html_favor_recall: bool = True
    html_include_comments: bool = False
    html_include_tables: bool = True
    # With favor_recall, a page of links alone comes back as "Home News ...": fewer words than a
    # headline and one sentence is not an article.
    html_min_words: int = 12
    # A JSONL document is an object of strings (depth 1); deeper nesting is refused before parsing.
    max_json_depth: int = 64

    @property
    def directory_extensions(self) -> tuple[str, ...]:
        return self.text_extensions + self.html_extensions + self.jsonl_extensions


DEFAULT_SETTINGS = IngestSettings()
