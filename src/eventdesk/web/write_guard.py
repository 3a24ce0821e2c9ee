"""The one check every write route of the dashboard passes first (analysts' corrections,
watchlists): whether a request may change the store, as plain code over its headers.

A page on another site can make a browser send requests here (CSRF), but:
- the browser names that page: ``Origin`` must be this server and ``Sec-Fetch-Site``
  ``same-origin`` (a client that is not a browser sends neither, and may write);
- a body must be ``application/json``, which a cross-site form cannot send and a script can only
  send after a CORS preflight this server never grants (the same holds for DELETE itself);
- on a loopback address the ``Host`` must be a loopback name (no DNS rebinding);
- ``eventdesk serve --read-only`` refuses every write.
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Callable, Mapping, Optional

# Every write body is a small JSON object: a correction or a watchlist.
MAX_BODY_BYTES = 16 * 1024
SAME_SITE = ("same-origin", "none")     # "none": typed or bookmarked by the user, not another page
READ_ONLY = "this dashboard is read-only (eventdesk serve --read-only)"
FOREIGN_PAGE = "writes are accepted only from the dashboard's own page"

Refusal = tuple[HTTPStatus, str]


def write_refusal(headers: Mapping[str, str], host_allowed: Callable[[Optional[str]], bool], writable: bool,
                  with_body: bool) -> Optional[Refusal]:
    """Why this request may not write (a status and a reason), or None when it may."""
    if not writable:
        return HTTPStatus.FORBIDDEN, READ_ONLY
    host = headers.get("Host")
    if not host_allowed(host):
        return HTTPStatus.MISDIRECTED_REQUEST, "unexpected Host header"
    if _from_another_page(headers.get("Origin"), headers.get("Sec-Fetch-Site"), host):
        return HTTPStatus.FORBIDDEN, FOREIGN_PAGE
    return _body_refusal(headers) if with_body else None


def _from_another_page(origin: Optional[str], fetch_site: Optional[str], host: Optional[str]) -> bool:
    if origin is not None and origin.rstrip("/").lower() != f"http://{host}".lower():
        return True
    return fetch_site is not None and fetch_site.lower() not in SAME_SITE


def _body_refusal(headers: Mapping[str, str]) -> Optional[Refusal]:
    if (headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
        return HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "the body must be sent as application/json"
    length = headers.get("Content-Length") or ""
    if not length.isascii() or not length.isdigit():
        return HTTPStatus.LENGTH_REQUIRED, "Content-Length is required"
    if int(length) > MAX_BODY_BYTES:
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is larger than {MAX_BODY_BYTES} bytes"
    return None
