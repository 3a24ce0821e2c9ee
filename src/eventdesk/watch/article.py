"""A feed entry's article as a ``Document``: the page's main text by the ingest stage's HTML
reader (trafilatura), or the entry's own summary when the page gives none.

Document ids are stable per URL (``<host>-<12 hex of its SHA-256>``), so the same article is the
same document whichever feed lists it and however often it is polled.
"""
from __future__ import annotations

import hashlib

from typing import Optional
from urllib.parse import urlsplit

from ..ingest.decode import clean_text
from ..ingest.errors import Unreadable
from ..ingest.html import decode_html, extract_article
from ..ingest.settings import DEFAULT_SETTINGS as INGEST_SETTINGS
from ..model import Document
from .fetch import Fetched
from .parse import FeedEntry


def document_id(url: str) -> str:
    host = (urlsplit(url).hostname or "local").lower()
    return f"{host}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}"


def page_document(entry: FeedEntry, page: Fetched, source: Optional[str]) -> Document:
    """The article on a fetched page; ``Unreadable`` when it has no main text."""
    html = decode_html(page.body)
    if not html.strip():
        raise Unreadable("the page is empty")
    article = extract_article(html, INGEST_SETTINGS)
    published = entry.published or article.published
    return Document(id=document_id(entry.url), text=clean_text(article.text), published=published,
                    title=entry.title or article.title, url=entry.url, source=source or article.sitename,
                    path=entry.url)


def summary_document(entry: FeedEntry, source: Optional[str], min_words: int) -> Optional[Document]:
    """The entry's own text as the document, when it says enough to be an article."""
    text = entry.summary or ""
    if len(text.split()) < min_words:
        return None
    if entry.title and not text.startswith(entry.title):
        text = f"{entry.title}\n\n{text}"
    return Document(id=document_id(entry.url), text=clean_text(text), published=entry.published,
                    title=entry.title, url=entry.url, source=source, path=entry.url)


