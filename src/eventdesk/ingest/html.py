"""HTML article pages: main text and metadata through trafilatura, with no network access.

``Document.text`` is trafilatura's extracted main text, so offsets index that text, not the page.
The page's own date (metadata, as htmldate finds it) becomes ``Document.published``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from .decode import decode_utf8
from .errors import Unreadable
from .settings import IngestSettings

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)


@dataclass
class HtmlArticle:
    text: str
    title: Optional[str] = None
    published: Optional[date] = None
    url: Optional[str] = None
    sitename: Optional[str] = None


def looks_like_html(head: bytes) -> bool:
    return bool(_LOOKS_LIKE_HTML.match(head[:2048]))


def decode_html(data: bytes) -> str:
    """UTF-8 first; otherwise the charset the page itself declares; otherwise an error."""
    try:
        return decode_utf8(data)
    except Unreadable:
        declared = _DECLARED_CHARSET.search(data[:4096])
        if not declared:
            raise
        charset = declared.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise Unreadable(f"cannot decode HTML as its declared charset {charset!r}: {exc}") from None


@lru_cache(maxsize=1)
def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    # The default timeout uses SIGALRM, which only works in the main thread; pages are small.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def extract_article(html: str, settings: IngestSettings) -> HtmlArticle:
    """Main text and metadata of one page; ``Unreadable`` when there is no article text."""
    import trafilatura  # imported here: it is the slowest import of the stage and only HTML needs it

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            favor_recall=settings.html_favor_recall,
            include_comments=settings.html_include_comments,
            include_tables=settings.html_include_tables,
            config=_trafilatura_config(),
        )
    except Exception as exc:  # lxml and its cleaners raise many kinds on broken markup
        raise Unreadable(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from None
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if len(text.split()) < settings.html_min_words:
        raise Unreadable("HTML has no main text")
    return HtmlArticle(
        text=text,
        title=result.title or None,
        published=_parse_date(result.date),
        url=result.url or None,
        sitename=result.sitename or None,
    )


def _parse_date(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
