"""Alerts: a change to a fused event that matters (it is new, its fatalities were revised, a
claim of responsibility appeared, a new source reports it) on an event a watchlist matches.

Changes are found against ``alert_marks`` (what alerts were last computed against, per event),
inside the transaction that changed the event, so an alert commits with its cause or not at all.
An alert's key (watchlist, event, change, value) is unique in the store: the same change never
alerts twice, whatever is re-polled, re-ingested or restarted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Optional

from ..store import Store
from .state import now_iso
from .watchlists import Watchlist, list_watchlists, matches

CHANGES = ("new", "fatalities", "claim", "source")


@dataclass
class Alert:
    seq: int
    watchlist: str
    event_id: str
    change: str
    detail: Optional[str]
    summary: str
    created: Optional[str] = None

    @property
    def key(self) -> str:
        return alert_key(self.watchlist, self.event_id, self.change, self.detail)

    def to_dict(self) -> dict:
        return {"seq": self.seq, "watchlist": self.watchlist, "event_id": self.event_id, "change": self.change,
                "detail": self.detail, "summary": self.summary, "created": self.created}


def alert_key(watchlist: str, event_id: str, change: str, detail: Optional[str]) -> str:
    return json.dumps([watchlist, event_id, change, detail or ""], ensure_ascii=False)


def event_changes(store: Store, event: dict) -> list[tuple[str, Optional[str]]]:
    """What changed in an event since alerts last looked at it, and remember it (caller's
    transaction)."""
    row = store._one("SELECT fatalities, claimed_by, doc_ids FROM alert_marks WHERE event_id = ?", (event["id"],))
    doc_ids = sorted(event.get("doc_ids") or [])
    fatalities, claimed = event.get("fatalities"), event.get("claimed_by")
    if row is None:
        store._exec("INSERT INTO alert_marks (event_id, fatalities, claimed_by, doc_ids) VALUES (?, ?, ?, ?)",
                    (event["id"], fatalities, claimed, json.dumps(doc_ids)))
        return [("new", None)]
    changes: list[tuple[str, Optional[str]]] = []
    if fatalities is not None and fatalities != row[0]:
        changes.append(("fatalities", str(fatalities)))
    if claimed and claimed != row[1]:
        changes.append(("claim", claimed))
    known = set(json.loads(row[2]))
    changes += [("source", d) for d in doc_ids if d not in known]
    if changes:
        store._exec("UPDATE alert_marks SET fatalities = ?, claimed_by = ?, doc_ids = ? WHERE event_id = ?",
                    (fatalities, claimed, json.dumps(sorted(known | set(doc_ids))), event["id"]))
    return changes


def describe(event: dict, change: str, detail: Optional[str]) -> str:
    what = event.get("sub_event_type") or event.get("event_type") or ("Threat" if event.get("kind") == "threat"
                                                                       else "Event")
    place = ", ".join(x for x in (event.get("location"), event.get("admin1"), event.get("country")) if x) or "place unknown"
    toll = f", {event['fatalities']} killed" if event.get("fatalities") is not None else ""
    base = f"{what} in {place}" + (f" on {event['event_date'][:10]}" if event.get("event_date") else "") + toll
    lead = {"new": "New" + (" threat" if event.get("kind") == "threat" else " event"),
            "fatalities": f"Fatalities revised to {detail}",
            "claim": f"Claimed by {detail}",
            "source": f"New source ({detail})"}[change]
    return f"{lead}: {base}"


def raise_alerts(store: Store, event_ids: Iterable[str], watchlists: Optional[list[Watchlist]] = None) -> list[Alert]:
    """Alerts for the changes of these events, inside the caller's transaction; returns the new ones."""
    watchlists = list_watchlists(store) if watchlists is None else watchlists
    raised = []
    for eid in sorted(set(event_ids)):
        event = store.event(eid)
        if event is None:
            continue
        changes = event_changes(store, event)
        if not changes:
            continue
        for wl in watchlists:
            if not matches(wl, event, store):
                continue
            for change, detail in changes:
                alert = _insert(store, wl, event, change, detail)
                if alert:
                    raised.append(alert)
    return raised


def _insert(store: Store, wl: Watchlist, event: dict, change: str, detail: Optional[str]) -> Optional[Alert]:
    key = alert_key(wl.name, event["id"], change, detail)
    if store._one("SELECT 1 FROM alerts WHERE key = ?", (key,)):
        return None
    seq = store._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts")[0]
    alert = Alert(seq, wl.name, event["id"], change, detail, describe(event, change, detail), now_iso())
    store._exec("INSERT INTO alerts (seq, key, watchlist, event_id, change, detail, summary, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                (seq, key, alert.watchlist, alert.event_id, change, detail, alert.summary, alert.created))
    for channel, wanted in (("webhook", wl.webhook_url), ("email", wl.email)):
        if wanted:
            store._exec("INSERT INTO alert_deliveries (alert_seq, channel, status, attempts) VALUES (?, ?, 'pending', 0)",
                        (seq, channel))
    return alert


def alerts(store: Store, watchlist: Optional[str] = None, since_seq: int = 0, limit: Optional[int] = None,
           newest_first: bool = True) -> list[Alert]:
    """Stored alerts, newest first by default."""
    sql = "SELECT seq, watchlist, event_id, change, detail, summary, created FROM alerts WHERE seq > ?"
    args: list = [since_seq]
    if watchlist:
        sql += " AND watchlist = ?"
        args.append(watchlist)
    sql += " ORDER BY seq" + (" DESC" if newest_first else "")
    if limit:
        sql += " LIMIT ?"
        args.append(int(limit))
    return [Alert(*r) for r in store._all(sql, args)]


def event_link(dashboard_url: str, event_id: str) -> str:
    from urllib.parse import quote

    return dashboard_url.rstrip("/") + "/#/event/" + quote(event_id, safe="")
