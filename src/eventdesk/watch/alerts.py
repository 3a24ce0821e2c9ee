"""Alerts: a change to a fused event that matters (it is new, its fatalities were revised, a
claim of responsibility appeared, a new source reports it) on an event a watchlist matches.
The changes one article brings to one event make one alert per watchlist.

Changes are found against ``alert_marks`` (what alerts were last computed against, per event),
inside the transaction that changed the event, so an alert commits with its cause or not at all.
An alert's key (watchlist, event, new or update, and the update's cause) is unique in the store: the same change never
alerts twice, whatever is re-polled, re-ingested or restarted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Optional

from ..store import Store
from .state import now_iso
from .watchlists import Watchlist, list_watchlists, matches

CHANGES = ("new", "update")   # an update lists its changes: fatalities, claim, source


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
        return f"eventdesk-alert-{self.seq}-{self.event_id}"

    @property
    def changes(self) -> list[list]:
        """``[[change, value], ...]``: fatalities, claim, source (a doc id); [] for a new event."""
        return json.loads(self.detail) if self.detail else []

    def to_dict(self) -> dict:
        return {"seq": self.seq, "watchlist": self.watchlist, "event_id": self.event_id, "change": self.change,
                "detail": self.detail, "summary": self.summary, "created": self.created}


def alert_key(watchlist: str, event_id: str, change: str, detail: Optional[str]) -> str:
    return json.dumps([watchlist, event_id, change, detail or ""], ensure_ascii=False)


def event_changes(store: Store, event: dict) -> list[tuple[str, Optional[str]]]:
    """What changed in an event since alerts last looked at it (``[("new", None)]`` for an event
    never seen), and remember it (caller's transaction)."""
    row = store._one("SELECT fatalities, claimed_by, doc_ids FROM alert_marks WHERE event_id = ?", (event["id"],))
    doc_ids = sorted(event.get("doc_ids") or [])
    fatalities, claimed = event.get("fatalities"), event.get("claimed_by")
    if row is None:
        store._exec("INSERT INTO alert_marks (event_id, fatalities, claimed_by, doc_ids) VALUES (?, ?, ?, ?)",
                    (event["id"], fatalities, claimed, json.dumps(doc_ids)))
        return [("new", None)]
    changes: list[tuple[str, Optional[str]]] = []
    if fatalities is not None and fatalities != row[0]:
        changes.append(("fatalities", f"{row[0]} -> {fatalities}" if row[0] is not None else str(fatalities)))
    if claimed and claimed != row[1]:
        changes.append(("claim", claimed))
    known = set(json.loads(row[2]))
    changes += [("source", d) for d in doc_ids if d not in known]
    if changes:
        store._exec("UPDATE alert_marks SET fatalities = ?, claimed_by = ?, doc_ids = ? WHERE event_id = ?",
                    (fatalities, claimed, json.dumps(sorted(known | set(doc_ids))), event["id"]))
    return changes


def describe(store: Store, event: dict, changes: list[tuple[str, Optional[str]]]) -> str:
    """One line: what changed, then what the event is."""
    what = event.get("sub_event_type") or event.get("event_type") or ("Threat" if event.get("kind") == "threat"
                                                                       else "Event")
    place = ", ".join(x for x in (event.get("location"), event.get("admin1"), event.get("country")) if x) or "place unknown"
    toll = f", {event['fatalities']} killed" if event.get("fatalities") is not None else ""
    base = f"{what} in {place}" + (f" on {event['event_date'][:10]}" if event.get("event_date") else "") + toll
    if changes[0][0] == "new":
        return ("New threat: " if event.get("kind") == "threat" else "New event: ") + base
    said = []
    for change, detail in changes:
        if change == "fatalities":
            said.append(f"fatalities revised {detail.replace('->', 'to')}" if "->" in detail
                        else f"fatalities now {detail}")
        elif change == "claim":
            said.append(f"claimed by {detail}")
        else:
            row = store._one("SELECT title, source FROM documents WHERE id = ?", (detail,))
            name = (row[1] or row[0]) if row and (row[0] or row[1]) else detail
            said.append(f"new source: {name}")
    return "Update (" + "; ".join(said) + "): " + base


def raise_alerts(store: Store, event_ids: Iterable[str], watchlists: Optional[list[Watchlist]] = None) -> list[Alert]:
    """Alerts for the changes of these events, inside the caller's transaction; returns the new
    ones. All the changes one article brings to one event make one alert per watchlist."""
    watchlists = list_watchlists(store) if watchlists is None else watchlists
    raised = []
    for eid in sorted(set(event_ids)):
        event = store.event(eid)
        if event is None:
            continue
        changes = event_changes(store, event)
        if not changes:
            continue
        change = "new" if changes[0][0] == "new" else "update"
        # What caused the update: the new sources, else the new values (a re-fusion).
        cause = ",".join(d for c, d in changes if c == "source") or "|".join(f"{c}={d}" for c, d in changes)
        detail = None if change == "new" else json.dumps([list(c) for c in changes], ensure_ascii=False)
        summary = None
        for wl in watchlists:
            if not matches(wl, event, store):
                continue
            summary = summary or describe(store, event, changes)
            alert = _insert(store, wl, event, change, cause if change == "update" else None, detail, summary)
            if alert:
                raised.append(alert)
    return raised


def _insert(store: Store, wl: Watchlist, event: dict, change: str, cause: Optional[str], detail: Optional[str],
            summary: str) -> Optional[Alert]:
    key = alert_key(wl.name, event["id"], change, cause)
    if store._one("SELECT 1 FROM alerts WHERE key = ?", (key,)):
        return None
    seq = store._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM alerts")[0]
    alert = Alert(seq, wl.name, event["id"], change, detail, summary, now_iso())
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
