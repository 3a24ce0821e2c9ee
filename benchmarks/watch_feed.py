"""The watch bar: a feed of 200 fixture articles polled, extracted (the real pipeline), fused and
alerted in one `eventdesk watch --once` run; a second run fetches nothing new (conditional GET)
and adds nothing. Alerts go to a loopback webhook and a loopback SMTP server (aiosmtpd).

    .venv/bin/python benchmarks/watch_feed.py [--articles 200]

The articles are generated from templates (cities on four continents, attack and threat
wording, tolls; every fifth incident told again by a second outlet with a revised toll), served
with ETags by the tests' loopback server (tests/watch_fixtures.py).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from watch_fixtures import FeedServer, Route  # noqa: E402

CITIES = [("KABUL", "Afghanistan", "Kabul"), ("KANDAHAR", "Afghanistan", "Kandahar"),
          ("PESHAWAR", "Pakistan", "Peshawar"), ("QUETTA", "Pakistan", "Quetta"), ("BAGHDAD", "Iraq", "Baghdad"),
          ("MOSUL", "Iraq", "Mosul"), ("MOGADISHU", "Somalia", "Mogadishu"), ("MAIDUGURI", "Nigeria", "Maiduguri"),
          ("BAMAKO", "Mali", "Bamako"), ("GOMA", "Democratic Republic of Congo", "Goma"),
          ("DAMASCUS", "Syria", "Damascus"), ("SANAA", "Yemen", "Sanaa"), ("KHARKIV", "Ukraine", "Kharkiv"),
          ("MANDALAY", "Myanmar", "Mandalay"), ("COTABATO", "Philippines", "Cotabato")]
ATTACKS = ["Gunmen stormed a {target} in {town} on {day}, killing {n} people, police said.",
           "A suicide bomber blew himself up at a {target} in {town} on {day}, killing {n} people and wounding dozens, officials said.",
           "A roadside bomb struck a police convoy near {town} on {day}, killing {n} officers, a spokesman said.",
           "Militants attacked an army checkpoint outside {town} on {day}, killing {n} soldiers, the military said."]
THREAT = "Authorities in {town} raised security at {target}s on {day} after warnings that militants were planning an attack on them, officials said."
TARGETS = ["market", "mosque", "hotel", "bus station", "school", "church"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def articles(count: int) -> list[tuple[str, str, str, str]]:
    """(slug, published, title, text), every fifth incident reported twice."""
    out, i = [], 0
    while len(out) < count:
        dateline, country, town = CITIES[i % len(CITIES)]
        pub = f"2023-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}"
        target, n = TARGETS[i % len(TARGETS)], 2 + (i * 7) % 19
        if i % 9 == 4:
            lead = THREAT.format(town=town, target=target, day="Monday")
            title = f"{town} on alert over threat to {target}s"
        else:
            lead = ATTACKS[i % len(ATTACKS)].format(town=town, target=target, day=DAYS[i % 7], n=n)
            title = f"{n} killed in {town} attack"
        text = (f"{dateline}, {country} - {lead} Residents said the area was sealed off for hours afterwards and "
                f"shops stayed closed. No group immediately claimed responsibility.")
        out.append((f"a{i:04d}", pub, title, text))
        if i % 5 == 0 and len(out) < count and i % 9 != 4:
            update = lead.replace(f"killing {n}", f"killing {n + 3}")
            out.append((f"a{i:04d}-b", pub, f"Toll in {town} attack rises to {n + 3}",
                        f"{dateline}, {country} - {update} Hospital officials gave the higher toll on the same day."))
        i += 1
    return out


def page(title: str, published: str, text: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta property='article:published_time' content='{published}T07:00:00Z'></head><body>"
            f"<article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></article></body></html>").encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    feed_server = FeedServer()
    docs = articles(args.articles)
    items = "".join(f"<item><title>{html.escape(t)}</title><link>{feed_server.base}/n/{s}.html</link>"
                    f"<pubDate>{p}</pubDate></item>" for s, p, t, _ in docs)
    feed_server.routes["/world.rss"] = Route(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>"
                                             f"{items}</channel></rss>".encode(), content_type="application/rss+xml")
    for slug, pub, title, text in docs:
        feed_server.routes[f"/n/{slug}.html"] = Route(page(title, pub, text))

    hooks: list[bytes] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            hooks.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a):
            pass

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    mails: list = []

    class Box:
        async def handle_DATA(self, server, session, envelope):
            mails.append(envelope.content)
            return "250 OK"

    smtp_port = free_port()
    smtp = Controller(Box(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        cli = [sys.executable, "-m", "eventdesk"]
        subprocess.run(cli + ["watchlist", "add", "everything", "--db", db, "--kind", "event",
                              "--webhook", f"http://127.0.0.1:{hook.server_address[1]}/hook", "--secret", "k",
                              "--email", "desk@example.org"], check=True, capture_output=True)
        feed = feed_server.url("/world.rss")
        options = ["--once", "--db", db, "--per-host-delay", "0", "--smtp", f"127.0.0.1:{smtp_port}"]
        start = time.perf_counter()
        first = subprocess.run(cli + ["watch", feed, *options], capture_output=True, text=True)
        first_s = time.perf_counter() - start
        with sqlite3.connect(db) as conn:
            counts1 = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                       for t in ("documents", "mentions", "events", "alerts", "feed_items")}
            multi = conn.execute("SELECT COUNT(*) FROM events WHERE sources > 1").fetchone()[0]
            dup_keys = conn.execute("SELECT COUNT(*) - COUNT(DISTINCT key) FROM alerts").fetchone()[0]
            new_per_event = conn.execute("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM alerts WHERE change = 'new' "
                                         "GROUP BY watchlist, event_id)").fetchone()[0]
            matching = conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'event'").fetchone()[0]
            alerted = conn.execute("SELECT COUNT(DISTINCT event_id) FROM alerts WHERE change = 'new'").fetchone()[0]
        requests1 = len(feed_server.log)
        start = time.perf_counter()
        second = subprocess.run(cli + ["watch", feed, *options], capture_output=True, text=True)
        second_s = time.perf_counter() - start
        with sqlite3.connect(db) as conn:
            counts2 = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in counts1}
        second_requests = feed_server.log[requests1:]
    smtp.stop()
    hook.shutdown()
    feed_server.stop()
    report = {
        "articles": len(docs), "first_run_s": round(first_s, 2), "first_exit": first.returncode,
        "stored": counts1, "events_with_2_sources": multi, "webhook_posts": len(hooks), "emails": len(mails),
        "duplicate_alert_keys": dup_keys, "max_new_alerts_per_event": new_per_event,
        "matching_events": matching, "matching_events_alerted": alerted,
        "second_run_s": round(second_s, 2), "second_run_requests": [(p, s) for p, s, _ in second_requests],
        "second_run_adds": {t: counts2[t] - counts1[t] for t in counts1},
    }
    print(json.dumps(report, indent=1))
    if first.returncode:
        print(first.stderr[-2000:], file=sys.stderr)


if __name__ == "__main__":
    main()
