"""Webhook delivery: one JSON POST per alert, signed so the receiver can trust it.

The body is the alert with its event record. With a secret, ``X-Eventdesk-Signature`` carries
``sha256=<hex HMAC-SHA256 of the raw body>`` (GitHub's scheme), and ``X-Eventdesk-Delivery`` the
alert's key, so a receiver can drop a repeat after a retry whose answer was lost.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from typing import Optional

import httpx

SIGNATURE_HEADER = "X-Eventdesk-Signature"
DELIVERY_HEADER = "X-Eventdesk-Delivery"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, signature: Optional[str]) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return bool(signature) and hmac.compare_digest(sign(body, secret), signature)


def payload(alert, event: Optional[dict], link: str) -> bytes:
    return json.dumps({"alert": alert.to_dict(), "link": link, "event": event}, ensure_ascii=False,
                      sort_keys=True).encode("utf-8")


def post(url: str, body: bytes, secret: Optional[str], delivery_id: str, user_agent: str, timeout: float) -> None:
    """One attempt; raises ``RuntimeError`` saying why when the receiver did not take it (2xx)."""
    headers = {"Content-Type": "application/json", "User-Agent": user_agent, DELIVERY_HEADER: delivery_id}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    try:
        res = httpx.post(url, content=body, headers=headers, timeout=timeout, follow_redirects=False, trust_env=False)
    except httpx.HTTPError as exc:
        raise RuntimeError(f"{url}: {type(exc).__name__}: {exc}") from None
    if not 200 <= res.status_code < 300:
        raise RuntimeError(f"{url}: HTTP {res.status_code}")
