"""A fetched feed's entries (feedparser, which reads RSS 0.9x-2.0, RSS 1.0 and Atom alike).

feedparser never touches the network when given bytes. A document that is no feed at all, or a
broken one from which not a single entry could be read, is a ``FeedError`` saying why.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Optional
from urllib.parse import urljoin

import feedparser


class FeedError(ValueError):
    """Feed bytes that hold no readable entries."""


@dataclass
class FeedEntry:
    url: str
    title: Optional[str] = None
    published: Optional[date] = None
    summary: Optional[str] = None


def parse_feed(body: bytes, feed_url: str) -> list[FeedEntry]:
    """Entries in feed order (each URL once); ``FeedError`` when the body is not a usable feed."""
    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    if parsed.bozo and not parsed.entries:
        raise FeedError(f"not a readable RSS or Atom feed: {_reason(parsed.get('bozo_exception'))}")
    if not parsed.version and not parsed.entries:
        raise FeedError("not an RSS or Atom feed")
    out, seen = [], set()
    for entry in parsed.entries:
        link = entry.get("link") or _alternate(entry) or entry.get("id")
        if not link or not str(link).startswith(("http://", "https://", "/")):
            continue
        url = urljoin(feed_url, str(link).strip())
        if url in seen:
            continue
        seen.add(url)
        out.append(FeedEntry(url, _clean(entry.get("title")), _entry_date(entry), _summary(entry)))
    if parsed.bozo and not out:   # broken, and nothing with a link could be read from it
        raise FeedError(f"not a readable RSS or Atom feed: {_reason(parsed.get('bozo_exception'))}")
    return out


def _reason(exc) -> str:
    text = str(exc or "unknown error").strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _alternate(entry) -> Optional[str]:
    for link in entry.get("links") or ():
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _entry_date(entry) -> Optional[date]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).date()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _summary(entry) -> Optional[str]:
    """The entry's longest text (content or summary), as plain text."""
    texts = [c.get("value") for c in entry.get("content") or () if c.get("value")]
    if entry.get("summary"):
        texts.append(entry["summary"])
    if not texts:
        return None
    from lxml import html as lxml_html

    best = max(texts, key=len)
    try:
        text = lxml_html.fromstring(best).text_content() if "<" in best else best
    except Exception:  # markup lxml cannot read: keep it as it is
        text = best
    return _clean(text)


def _clean(text) -> Optional[str]:
    if not text:
        return None
    return " ".join(str(text).split()) or None
