"""E-mail delivery: one digest message per recipient listing its new alerts (smtplib)."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from .alerts import Alert, event_link


def digest_message(recipient: str, alerts: list[Alert], sender: str, dashboard_url: str) -> EmailMessage:
    msg = EmailMessage()
    names = sorted({a.watchlist for a in alerts})
    msg["Subject"] = f"eventdesk: {len(alerts)} new alert{'s' if len(alerts) != 1 else ''} ({', '.join(names)})"
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain="eventdesk.local")
    lines = [f"{len(alerts)} new alert(s) from your eventdesk watchlists.", ""]
    for a in alerts:
        lines += [f"- [{a.watchlist}] {a.summary}", f"  {event_link(dashboard_url, a.event_id)}", ""]
    msg.set_content("\n".join(lines))
    return msg


def send(message: EmailMessage, host: str, port: int, timeout: float) -> None:
    """Hand one message to the SMTP server; raises ``RuntimeError`` saying why when refused."""
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise RuntimeError(f"SMTP {host}:{port}: {type(exc).__name__}: {exc}") from None
