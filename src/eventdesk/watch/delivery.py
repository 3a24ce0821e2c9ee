"""Sending pending alert deliveries: webhooks one alert at a time, retried with exponential
backoff (``webhook_backoff`` seconds, doubled per attempt, ``webhook_attempts`` in all); e-mail as
one digest per recipient at most every ``digest_interval`` seconds. State per alert and channel
(``alert_deliveries``) is in the store, so a restart neither loses nor repeats a sent one."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

from ..store import Store
from . import mail, webhook
from .alerts import Alert, event_link
from .settings import DEFAULT_SETTINGS, WatchSettings
from .state import now_iso
from .watchlists import list_watchlists


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    errors: list[str] = field(default_factory=list)


def _pending(store: Store, channel: str) -> list[tuple[Alert, int, Optional[str]]]:
    rows = store._all("SELECT a.seq, a.watchlist, a.event_id, a.change, a.detail, a.summary, a.created, d.attempts, "
                      "d.next_attempt FROM alert_deliveries d JOIN alerts a ON a.seq = d.alert_seq "
                      "WHERE d.channel = ? AND d.status = 'pending' ORDER BY a.seq", (channel,))
    return [(Alert(*r[:7]), r[7], r[8]) for r in rows]


def _set(store: Store, seqs: list[int], channel: str, status: str, attempts: Optional[int] = None,
         next_attempt: Optional[str] = None, error: Optional[str] = None) -> None:
    store._begin()
    try:
        for seq in seqs:
            store._exec("UPDATE alert_deliveries SET status = ?, attempts = COALESCE(?, attempts + 1), "
                        "next_attempt = ?, error = ?, sent = ? WHERE alert_seq = ? AND channel = ?",
                        (status, attempts, next_attempt, error, now_iso() if status == "sent" else None, seq, channel))
        store._commit()
    except BaseException:
        store._rollback()
        raise


def deliver(store: Store, settings: WatchSettings = DEFAULT_SETTINGS, wait: bool = False,
            sleep: Callable[[float], None] = time.sleep) -> DeliveryReport:
    """Send what is due. With ``wait``, a failing webhook is retried here (sleeping through its
    backoff) until it is taken or out of attempts; otherwise a later call retries when due."""
    report = DeliveryReport()
    lists = {w.name: w for w in list_watchlists(store)}
    _webhooks(store, settings, lists, report, wait, sleep)
    _digests(store, settings, lists, report)
    return report


def _due(next_attempt: Optional[str]) -> bool:
    return not next_attempt or next_attempt <= now_iso()


def _webhooks(store, settings, lists, report, wait, sleep) -> None:
    for alert, attempts, next_attempt in _pending(store, "webhook"):
        wl = lists.get(alert.watchlist)
        if wl is None or not wl.webhook_url:
            _set(store, [alert.seq], "webhook", "failed", attempts, None, "the watchlist or its webhook is gone")
            report.failed += 1
            continue
        if not _due(next_attempt) and not wait:
            report.retrying += 1
            continue
        body = webhook.payload(alert, store.event(alert.event_id), event_link(settings.dashboard_url, alert.event_id))
        while True:
            try:
                webhook.post(wl.webhook_url, body, wl.webhook_secret, alert.key, settings.user_agent,
                             settings.webhook_timeout)
            except RuntimeError as exc:
                attempts += 1
                if attempts >= settings.webhook_attempts:
                    _set(store, [alert.seq], "webhook", "failed", attempts, None, str(exc))
                    report.failed += 1
                    report.errors.append(f"alert {alert.seq} webhook: {exc} (gave up after {attempts} attempts)")
                    break
                backoff = settings.webhook_backoff * 2 ** (attempts - 1)
                due = (datetime.now(timezone.utc) + timedelta(seconds=backoff)).isoformat(timespec="seconds")
                _set(store, [alert.seq], "webhook", "pending", attempts, due, str(exc))
                if wait:
                    sleep(backoff)
                    continue
                report.retrying += 1
                report.errors.append(f"alert {alert.seq} webhook: {exc} (retry in {backoff:g} s)")
                break
            _set(store, [alert.seq], "webhook", "sent", attempts + 1)
            report.sent += 1
            break


def _last_digest(store: Store, recipient: str) -> Optional[str]:
    row = store._one("SELECT MAX(d.sent) FROM alert_deliveries d JOIN alerts a ON a.seq = d.alert_seq "
                     "JOIN watchlists w ON w.name = a.watchlist WHERE d.channel = 'email' AND d.status = 'sent' "
                     "AND w.email = ?", (recipient,))
    return row[0] if row else None


def _digests(store, settings, lists, report) -> None:
    by_recipient: dict[str, list[Alert]] = {}
    for alert, attempts, next_attempt in _pending(store, "email"):
        wl = lists.get(alert.watchlist)
        if wl is None or not wl.email:
            _set(store, [alert.seq], "email", "failed", attempts, None, "the watchlist or its address is gone")
            report.failed += 1
            continue
        if _due(next_attempt):
            by_recipient.setdefault(wl.email, []).append(alert)
    for recipient, batch in sorted(by_recipient.items()):
        last = _last_digest(store, recipient)
        if settings.digest_interval and last:
            due = datetime.fromisoformat(last) + timedelta(seconds=settings.digest_interval)
            if datetime.now(timezone.utc) < due:
                report.retrying += len(batch)
                continue
        message = mail.digest_message(recipient, batch, settings.mail_from, settings.dashboard_url)
        seqs = [a.seq for a in batch]
        try:
            mail.send(message, settings.smtp_host, settings.smtp_port, settings.smtp_timeout)
        except RuntimeError as exc:
            retry = (datetime.now(timezone.utc) + timedelta(seconds=max(settings.digest_interval, 60))
                     ).isoformat(timespec="seconds")
            _set(store, seqs, "email", "pending", None, retry, str(exc))
            report.retrying += len(batch)
            report.errors.append(f"e-mail digest to {recipient}: {exc}")
            continue
        _set(store, seqs, "email", "sent")
        report.sent += len(batch)
