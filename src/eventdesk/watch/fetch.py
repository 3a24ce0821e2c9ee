"""Polite, bounded HTTP: one ``Fetcher`` per watch run (httpx).

- conditional GET: the caller passes a feed's ETag / Last-Modified; 304 comes back as ``not_modified``;
- a clear User-Agent; robots.txt (``urllib.robotparser``) read once per host and obeyed;
- at least ``per_host_delay`` seconds between requests to one host (or robots' Crawl-delay);
- redirects followed by hand, at most ``max_redirects``, a loop named as one;
- a connect timeout and a deadline for the whole request; the body read at most to
  ``max_body_bytes`` (a larger Content-Length is refused before reading).

Every failure is a ``FetchError`` whose message says what went wrong with which URL.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .settings import DEFAULT_SETTINGS, WatchSettings


class FetchError(Exception):
    """A URL that could not be fetched; ``permanent`` when retrying cannot help (404, robots)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass
class Fetched:
    url: str                        # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    location: Optional[str] = None  # a redirect's target

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    def __init__(self, settings: WatchSettings = DEFAULT_SETTINGS) -> None:
        self.settings = settings
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
            follow_redirects=False, trust_env=False)
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ public
    def get(self, url: str, etag: Optional[str] = None, last_modified: Optional[str] = None,
            per_host_delay: Optional[float] = None, timeout: Optional[float] = None,
            check_robots: bool = True) -> Fetched:
        """GET ``url`` (conditionally when validators are given); 2xx or 304, else FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if check_robots and not self.allowed(current, per_host_delay):
                raise FetchError(f"{current}: disallowed by robots.txt for {self.settings.robots_agent}",
                                 permanent=True)
            res = self._request(current, headers, per_host_delay, timeout)
            if res.status in (301, 302, 303, 307, 308):
                target = res.location
                if not target:
                    raise FetchError(f"{current}: redirect ({res.status}) without a Location")
                nxt = urljoin(current, target)
                if nxt in seen:
                    raise FetchError(f"{url}: redirect loop ({' -> '.join(seen + [nxt])})")
                seen.append(nxt)
                current = nxt
                continue
            if res.status == 304 or 200 <= res.status < 300:
                return res
            permanent = res.status in (401, 403, 404, 410, 451)
            raise FetchError(f"{current}: HTTP {res.status}", permanent=permanent)
        raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects")

    def allowed(self, url: str, per_host_delay: Optional[float] = None) -> bool:
        """Whether robots.txt lets this agent fetch ``url`` (read once per host; missing: yes)."""
        host = host_of(url)
        parser = self._robots.get(host)
        if parser is None:
            parser = RobotFileParser()
            try:
                res = self._request(host + "/robots.txt", {}, per_host_delay, None)
                if 200 <= res.status < 300:
                    parser.parse(res.body.decode("utf-8", "replace").splitlines())
                elif res.status in (401, 403) or res.status >= 500:
                    parser.disallow_all = True   # as crawlers do: an erroring robots.txt means wait
                else:
                    parser.allow_all = True
            except FetchError:
                parser.allow_all = True
            self._robots[host] = parser
        return parser.can_fetch(self.settings.robots_agent, url)

    # ------------------------------------------------------------------ one request
    def _wait_turn(self, host: str, per_host_delay: Optional[float]) -> None:
        delay = self.settings.per_host_delay if per_host_delay is None else per_host_delay
        robots = self._robots.get(host)
        crawl = robots.crawl_delay(self.settings.robots_agent) if robots is not None else None
        if crawl:
            delay = max(delay, float(crawl))
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            wait = 0.0 if last is None else last + delay - now
            self._last_request[host] = now + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _request(self, url: str, headers: dict, per_host_delay: Optional[float],
                 timeout: Optional[float]) -> Fetched:
        host = host_of(url)
        self._wait_turn(host, per_host_delay)
        limit = self.settings.max_body_bytes
        seconds = self.settings.timeout if timeout is None else timeout
        deadline = time.monotonic() + seconds
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers,
                                    timeout=httpx.Timeout(seconds, connect=min(seconds, self.settings.connect_timeout))
                                    ) as res:
                if res.status_code in (301, 302, 303, 307, 308):
                    return Fetched(url, res.status_code, location=res.headers.get("location"))
                declared = res.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"{url}: body of {int(declared):,} bytes is over the limit of {limit:,}")
                chunks, size = [], 0
                if res.status_code < 300:
                    for chunk in res.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(f"{url}: body is over the limit of {limit:,} bytes")
                        if time.monotonic() > deadline:
                            raise FetchError(f"{url}: timed out after {seconds:g} s")
                        chunks.append(chunk)
                return Fetched(url, res.status_code, b"".join(chunks), res.headers.get("content-type", ""),
                               res.headers.get("etag"), res.headers.get("last-modified"))
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out after {seconds:g} s") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"{url}: invalid URL: {exc}", permanent=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
