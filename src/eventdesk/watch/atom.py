"""The alerts as an Atom 1.0 feed (RFC 4287), for any feed reader; the dashboard serves it at
``/alerts.atom`` (``?watchlist=NAME`` for one watchlist). Each entry links to the event's page."""
from __future__ import annotations

from typing import Optional
from xml.etree import ElementTree as ET

from .alerts import Alert, event_link

ATOM = "http://www.w3.org/2005/Atom"


def alerts_atom(alerts: list[Alert], dashboard_url: str, title: str = "eventdesk alerts",
                feed_id: Optional[str] = None) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    base = dashboard_url.rstrip("/")
    _text(feed, "title", title)
    _text(feed, "id", feed_id or f"{base}/alerts.atom")
    _text(feed, "updated", max((a.created or "" for a in alerts), default="") or "1970-01-01T00:00:00+00:00")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}/alerts.atom")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "eventdesk")
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", alert.summary)
        _text(entry, "id", f"urn:eventdesk:alert:{alert.seq}:{alert.event_id}:{alert.change}")
        _text(entry, "updated", alert.created or "1970-01-01T00:00:00+00:00")
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=event_link(dashboard_url, alert.event_id))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert.change)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert.watchlist, label=f"watchlist {alert.watchlist}")
        _text(entry, "summary", f"{alert.summary} (watchlist {alert.watchlist}, event {alert.event_id})")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
