"""Loopback fixtures for the watch tests: news articles written for them, RSS/Atom feeds that
list them, and an HTTP server (http.server in a thread) that serves them with ETags, plus the
ways real feeds go wrong: slow, 500, invalid XML, a 10 MB page, a redirect loop, robots.txt.

The articles are short invented reports in wire style about attacks and threats, dated in
December 2022; two report the same Kabul hotel attack (a toll revised, a claim added).
"""
from __future__ import annotations

import html
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLES = {
    "kabul-hotel": ("2022-12-12", "Gunmen storm Kabul hotel popular with Chinese guests",
        "KABUL, Afghanistan - Gunmen stormed a hotel popular with Chinese business visitors in Kabul on Monday, "
        "killing three people and wounding 18, police said. Guests jumped from windows to escape as the attackers "
        "set fire to the lobby. Security forces ended the siege after several hours. China's embassy urged its "
        "citizens to leave the country."),
    "kabul-hotel-toll": ("2022-12-13", "Kabul hotel attack toll rises to five; Islamic State claims it",
        "KABUL, Afghanistan - Gunmen who stormed a hotel popular with Chinese guests in Kabul on Monday killed five "
        "people, a hospital official said on Tuesday, raising the toll from three. Islamic State Khorasan Province "
        "claimed responsibility for the attack on the hotel in a statement. Eighteen people were wounded."),
    "kabul-embassy-threat": ("2022-12-14", "Embassies in Kabul close over truck-bomb threat",
        "KABUL, Afghanistan - Several embassies in Kabul closed their doors on Wednesday after intelligence warned "
        "that militants were planning a truck bomb attack on diplomatic missions in the city, officials said. "
        "Staff were told to stay at home until further notice."),
    "kandahar-mosque": ("2022-12-16", "Suicide bomber kills 12 at Kandahar mosque",
        "KANDAHAR, Afghanistan - A suicide bomber killed 12 worshippers at a Shiite mosque in Kandahar city on "
        "Friday, police said. Dozens more were wounded as the blast tore through the main prayer hall during "
        "Friday prayers. No group has claimed the attack so far."),
    "lagos-market": ("2022-12-18", "Gunmen kill five in Lagos market attack",
        "LAGOS, Nigeria - Gunmen killed five traders in an attack on a market in Ikorodu, Lagos State, on Sunday, "
        "police said. Witnesses said the attackers arrived on motorcycles and fired into the crowd before fleeing. "
        "Police said they had arrested two suspects."),
}


def article_page(slug: str) -> bytes:
    day, title, text = ARTICLES[slug]
    paragraphs = "".join(f"<p>{html.escape(p.strip())}.</p>" for p in text.rstrip(".").split(". ") if p.strip())
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta property='article:published_time' content='{day}T08:00:00Z'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{html.escape(title)}</h1>"
            f"{paragraphs}</article><footer>Copyright Example Wire</footer></body></html>").encode("utf-8")


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day + "T08:00:00").replace(tzinfo=timezone.utc))


def rss(base: str, slugs, title: str = "Example Wire: World", summaries: bool = False) -> bytes:
    items = []
    for slug in slugs:
        day, headline, text = ARTICLES[slug] if slug in ARTICLES else ("2022-12-20", slug, "")
        desc = f"<description>{html.escape(text if summaries else headline)}</description>"
        items.append(f"<item><title>{html.escape(headline)}</title><link>{base}/news/{slug}.html</link>"
                     f"<guid>{base}/news/{slug}.html</guid><pubDate>{_rfc822(day)}</pubDate>{desc}</item>")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>{base}/</link><description>World news</description>{''.join(items)}</channel></rss>"
            ).encode("utf-8")


def atom(base: str, slugs) -> bytes:
    entries = "".join(
        f"<entry><title>{html.escape(ARTICLES[s][1])}</title><link href='{base}/news/{s}.html'/>"
        f"<id>{base}/news/{s}.html</id><updated>{ARTICLES[s][0]}T08:00:00Z</updated></entry>" for s in slugs)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Example Atom desk</title><id>{base}/atom</id><updated>2022-12-20T00:00:00Z</updated>"
            f"{entries}</feed>").encode("utf-8")


class Route:
    def __init__(self, body: bytes = b"", status: int = 200, content_type: str = "text/html; charset=utf-8",
                 delay: float = 0.0, location: str = "", etag: bool = True) -> None:
        self.body, self.status, self.content_type = body, status, content_type
        self.delay, self.location, self.etag = delay, location, etag


class FeedServer:
    """``routes[path] = Route(...)``; every request is logged as (path, status, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, int, dict]] = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                route = owner.routes.get(self.path)
                if route is None:
                    status, body, headers = 404, b"not found", {"Content-Type": "text/plain"}
                else:
                    if route.delay:
                        time.sleep(route.delay)
                    tag = f'"{hash(route.body) & 0xFFFFFFFF:x}"'
                    status, body = route.status, route.body
                    headers = {"Content-Type": route.content_type}
                    if route.location:
                        headers["Location"] = route.location
                    if route.etag and status == 200:
                        headers["ETag"] = tag
                        if self.headers.get("If-None-Match") == tag:
                            status, body = 304, b""
                with owner.lock:
                    owner.log.append((self.path, status, dict(self.headers)))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def publish(self, feed_path: str, slugs, kind: str = "rss", **options) -> str:
        """Serve a feed listing ``slugs`` and each article page; returns the feed's URL."""
        body = atom(self.base, slugs) if kind == "atom" else rss(self.base, slugs, **options)
        self.routes[feed_path] = Route(body, content_type="application/rss+xml")
        for slug in slugs:
            if slug in ARTICLES:
                self.routes[f"/news/{slug}.html"] = Route(article_page(slug))
        return self.url(feed_path)

    def requests_to(self, path: str) -> list[tuple[str, int, dict]]:
        with self.lock:
            return [r for r in self.log if r[0] == path]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


CITIES = ["Kabul", "Kandahar", "Herat", "Jalalabad"]


def toy_page(i: int) -> bytes:
    """An article in the sentence form of tests/test_store_toy_extractor.py (the stand-in extractor)."""
    city = CITIES[i % 4]
    day = f"2023-03-{1 + (i // 3) % 28:02d}"
    text = (f"Report {i} from our correspondent. Gunmen killed {2 + i % 5} people in {city} on {day}. "
            f"Residents described gunfire for an hour and shops stayed closed for the rest of the day.")
    return (f"<!doctype html><html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>"
            f"<p>{text}</p></article></body></html>").encode("utf-8")


def publish_toy(server: FeedServer, feed_path: str, count: int) -> str:
    items = "".join(f"<item><title>Report {i}</title><link>{server.base}/toy/{i}.html</link></item>"
                    for i in range(count))
    server.routes[feed_path] = Route(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Toy</title>"
                                     f"{items}</channel></rss>".encode(), content_type="application/rss+xml")
    for i in range(count):
        server.routes[f"/toy/{i}.html"] = Route(toy_page(i))
    return server.url(feed_path)
