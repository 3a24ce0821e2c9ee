"""Every knob of the watch stage, in one place (trafilatura's style): fetching, polling, alerts.

A feed's YAML entry may override the per-feed ones (``interval``, ``per_host_delay``,
``timeout``); the CLI's options override the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .. import __version__

MB = 1024 * 1024


@dataclass(frozen=True)
class WatchSettings:
    # Who is asking: sites see this in their logs and robots.txt rules name it.
    user_agent: str = f"eventdesk/{__version__} (+https://github.com/eventdesk/eventdesk; feed watcher)"
    robots_agent: str = "eventdesk"
    # Seconds to connect, and for the whole request (a server trickling bytes is cut off too).
    connect_timeout: float = 5.0
    timeout: float = 20.0
    # A feed or article page past this is a mistake or an attack; reading stops there.
    max_body_bytes: int = 5 * MB
    max_redirects: int = 5
    # At least this many seconds between two requests to one host (robots.txt Crawl-delay wins
    # when it asks for more).
    per_host_delay: float = 1.0
    # Seconds between polls of a feed in `watch` (without --once).
    interval: float = 300.0
    # An article page that fails is retried on later polls, this many times in all.
    max_attempts: int = 3
    # Articles taken from one feed in one poll (the rest wait for the next poll).
    max_items_per_poll: int = 500
    # A feed entry whose page cannot be fetched (robots.txt disallows it, or it fails for good)
    # still yields a document from its summary when the summary has at least this many words.
    min_summary_words: int = 25
    # Webhook delivery: attempts, and the first wait between them (doubled each time).
    webhook_attempts: int = 5
    webhook_backoff: float = 1.0
    webhook_timeout: float = 10.0
    # E-mail: one digest per this many seconds at most (0: one per poll that raised alerts).
    digest_interval: float = 0.0
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_timeout: float = 20.0
    mail_from: str = "eventdesk@localhost"
    # Where alert links point (the dashboard's address).
    dashboard_url: str = "http://127.0.0.1:8000/"

    def with_(self, **changes) -> "WatchSettings":
        known = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **known)


DEFAULT_SETTINGS = WatchSettings()
