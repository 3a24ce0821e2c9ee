"""The dashboard's HTTP server: the standard library's ThreadingHTTPServer; GET and HEAD, plus
two kinds of writes: an analyst's corrections (POST ``/api/events/<id>/split`` and ``/merge``)
and the watchlists of ``watch_api`` (POST and DELETE on ``/api/watchlists``); nothing else.

One read-only SQLite connection per request (opening one costs well under a millisecond), so
threads never share a connection; a write opens the one writable connection it needs, and only
after the request has passed ``write_guard`` (the same check for every write route: it comes
from the dashboard's own page, by its ``Origin`` and ``Sec-Fetch-Site`` headers, with a JSON
body, which a form on another site cannot send; ``--read-only`` refuses them all).

Static files come from ``static/`` beside this module, by exact name only. Every response
forbids loading anything from another origin (Content Security Policy), which is also what keeps
the page offline; the standard library's own error pages are replaced by JSON with the same
headers.

Under load (a store of 100,000 events): ``/api/events`` answers one page (``limit`` at most 500,
``offset``); pages, facet counts and timelines are remembered until the store changes, each
computed by one thread while the others wait; a bounded pool of threads answers
requests, and only once a connection has sent something (one selector thread holds the idle
ones), the listen backlog is 128, and a connection idle for 15 s is closed.
"""
from __future__ import annotations

import ipaddress
import json
import os
import selectors
import socket
import sys
import threading
import time
import traceback
from collections import OrderedDict, deque
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, unquote, urlsplit

from ..store import Store
from . import api, corrections, watch_api, write_guard

STATIC_DIR = Path(__file__).with_name("static")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8",
                 ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


# Under load: a fixed pool of threads answers requests (not one thread per connection), and a
# connection reaches it only once it has sent something; one that sends nothing for IDLE_TIMEOUT
# seconds is closed (a request begun and not finished: the same per read), so half-open
# connections cannot hold the pool; past WORKER_THREADS + MAX_PENDING open connections, a new
# one gets 503 at once.
WORKER_THREADS = 16
MAX_PENDING = 512
LISTEN_BACKLOG = 128
IDLE_TIMEOUT = 15.0
FACETS_CACHE_SIZE = 64      # facets and timelines, per filter set
PAGES_CACHE_SIZE = 128      # /api/events pages, at most ~0.3 MB each
COMPUTE_WAIT = 60.0         # seconds a request waits for another thread's facets or timeline


class DashboardServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], db_path: str, quiet: bool = False,
                 workers: int = WORKER_THREADS, writable: bool = True) -> None:
        self.db_path = db_path
        self.quiet = quiet
        self.writable = writable
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eventdesk-web")
        self._slots = threading.BoundedSemaphore(workers + MAX_PENDING)
        self._facets: OrderedDict = OrderedDict()
        self._facets_lock = threading.Lock()
        self._pages: OrderedDict = OrderedDict()
        self._computing: dict[tuple, threading.Event] = {}
        self._waiter = _ReadyWaiter(self)
        super().__init__(address, DashboardHandler)

    def process_request(self, request, client_address) -> None:
        """A connection waits (in one selector thread, holding no worker) until it has sent
        something; then a worker answers it. One that sends nothing within the idle timeout is
        closed there, so idle and half-open connections never occupy the pool."""
        if not self._slots.acquire(blocking=False):
            self._overloaded(request)
            return
        self._waiter.add(request, client_address)

    def _dispatch(self, request, client_address) -> None:
        try:
            self._pool.submit(self._work, request, client_address)
        except RuntimeError:   # the pool is shut down: the server is closing
            self._drop(request)

    def _drop(self, request) -> None:
        self.shutdown_request(request)
        self._slots.release()

    def _work(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def _overloaded(self, request) -> None:
        body = b'{"error":"server busy, try again"}'
        head = "".join(f"{k}: {v}\r\n" for k, v in {
            "Content-Type": CONTENT_TYPES[".json"], "Content-Length": str(len(body)), "Retry-After": "1",
            "Cache-Control": "no-store", "Connection": "close", **SECURITY_HEADERS}.items())
        try:
            request.settimeout(1.0)
            request.sendall(f"HTTP/1.1 503 Service Unavailable\r\n{head}\r\n".encode("latin-1") + body)
        except OSError:
            pass
        self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        self._waiter.close()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def handle_error(self, request, client_address) -> None:
        if not self.quiet:
            super().handle_error(request, client_address)

    def facets(self, store, params: dict[str, str]) -> dict:
        """``api.facets_payload``, remembered until the store's files change (the GROUP BYs read
        every event; the dashboard asks on every load)."""
        return self._remembered(self._facets, ("facets", params.get("kind", "")),
                                lambda: api.facets_payload(store, params))

    def timeline(self, store, params: dict[str, str]) -> dict:
        """``api.timeline_payload``, remembered like the facets (per filter set)."""
        key = ("timeline",) + tuple(params.get(name, "") for name in api.FILTERS)
        return self._remembered(self._facets, key, lambda: api.timeline_payload(store, params))

    def events_page(self, store, params: dict[str, str]) -> bytes:
        """``api.events_payload`` as JSON, remembered per query until the store changes: the
        dashboard's first page is what every visitor asks for. Pages have a cache of their own,
        so paging through a table never evicts the facets."""
        key = tuple(sorted(params.items()))
        return self._remembered(self._pages, key, lambda: _json_bytes(api.events_payload(store, params)),
                                PAGES_CACHE_SIZE)

    def _remembered(self, cache: OrderedDict, what: tuple, compute, size: int = FACETS_CACHE_SIZE):
        """``compute()``'s answer for the store as it is now, computed by one thread at a time per
        ``what``: under load the others wait for it (or, once the store has changed, get the
        previous answer meanwhile) instead of all running the same GROUP BYs at once."""
        version = _store_version(self.db_path)
        flying = (id(cache), what)
        with self._facets_lock:
            entry = cache.get(what)
            if entry and entry[0] == version:
                cache.move_to_end(what)
                return entry[1]
            flight = self._computing.get(flying)
            mine = flight is None
            if mine:
                flight = self._computing[flying] = threading.Event()
        if not mine:
            if entry:
                return entry[1]
            flight.wait(COMPUTE_WAIT)
            with self._facets_lock:
                entry = cache.get(what)
            return entry[1] if entry else compute()
        try:
            payload = compute()
            with self._facets_lock:
                cache[what] = (version, payload)
                cache.move_to_end(what)
                while len(cache) > size:
                    cache.popitem(last=False)
            return payload
        finally:
            with self._facets_lock:
                self._computing.pop(flying).set()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}/"

    def host_allowed(self, header: Optional[str]) -> bool:
        """On a loopback address, answer only requests addressed to a loopback name, so a web
        page elsewhere cannot read the store through DNS rebinding."""
        bound = self.server_address[0]
        try:
            loopback = ipaddress.ip_address(bound).is_loopback
        except ValueError:
            loopback = bound in LOOPBACK_NAMES
        if not loopback:
            return True
        if not header:
            return False
        name = header.strip().lower()
        if name.startswith("["):
            name = name[: name.find("]") + 1]
        elif name.count(":") == 1:
            name = name.split(":", 1)[0]
        return name in LOOPBACK_NAMES or name == bound


RECHECK_SECONDS = 0.05
MAX_HEADER_BYTES = 65536


def _headers_complete(sock) -> bool:
    """Whether the connection has sent a whole request head (or closed, or sent too much): only
    then does it get a worker, so a request sent a byte at a time holds none."""
    try:
        data = sock.recv(MAX_HEADER_BYTES, socket.MSG_PEEK)
    except BlockingIOError:
        return False
    except OSError:
        return True      # the worker will find the error and close it
    return not data or b"\r\n\r\n" in data or b"\n\n" in data or len(data) >= MAX_HEADER_BYTES


class _ReadyWaiter:
    """One thread that holds accepted connections until they are readable (then hands them to
    the server's pool) or until the idle timeout (then closes them)."""

    def __init__(self, server: "DashboardServer") -> None:
        self._server = server
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._incoming: deque = deque()
        self._waiting: dict = {}          # socket -> (deadline, client address)
        self._resting: dict = {}          # socket with part of a request -> when to look again
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="eventdesk-web-accept", daemon=True)
        self._thread.start()

    def add(self, request, client_address) -> None:
        self._incoming.append((request, client_address))
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def close(self) -> None:
        self._closed = True
        self.add(None, None)

    def _loop(self) -> None:
        while not self._closed:
            try:
                self._step()
            except Exception:   # this thread must outlive any one connection's trouble
                traceback.print_exc(file=sys.stderr)
                time.sleep(0.01)
        for sock in list(self._waiting):
            self._server._drop(sock)
        self._waiting.clear()

    def _step(self) -> None:
        now = time.monotonic()
        deadline = min([d for d, _ in self._waiting.values()] + list(self._resting.values()), default=now + 1.0)
        for key, _ in self._selector.select(max(0.0, min(deadline - now, 1.0))):
            sock = key.fileobj
            if sock is self._wake_r:
                try:
                    while self._wake_r.recv(4096):
                        pass
                except OSError:
                    pass
                continue
            self._selector.unregister(sock)
            if _headers_complete(sock):
                _, address = self._waiting.pop(sock)
                self._server._dispatch(sock, address)
            else:            # a request begun, not finished: look again shortly
                self._resting[sock] = time.monotonic() + RECHECK_SECONDS
        now = time.monotonic()
        for sock in [s for s, t in self._resting.items() if t <= now]:
            del self._resting[sock]
            self._selector.register(sock, selectors.EVENT_READ)
        while self._incoming:
            sock, address = self._incoming.popleft()
            if sock is None:
                continue
            try:
                self._selector.register(sock, selectors.EVENT_READ)
            except (ValueError, OSError):
                self._server._drop(sock)
                continue
            self._waiting[sock] = (time.monotonic() + DashboardHandler.timeout, address)
        now = time.monotonic()
        for sock in [s for s, (d, _) in self._waiting.items() if d <= now]:
            if self._resting.pop(sock, None) is None:
                self._selector.unregister(sock)
            del self._waiting[sock]
            self._server._drop(sock)


def _json_bytes(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _store_version(db_path: str) -> tuple:
    """Changes whenever the SQLite store (its file or its write-ahead log) is written."""
    out = []
    for path in (db_path, db_path + "-wal"):
        try:
            st = os.stat(path)
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


class DashboardHandler(BaseHTTPRequestHandler):
    server: DashboardServer
    timeout = IDLE_TIMEOUT            # socket timeout: an idle or half-open connection is closed
    protocol_version = "HTTP/1.0"     # one request per connection: no keep-alive holds a thread

    def version_string(self) -> str:
        return "eventdesk"

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        """The standard library's own errors (a malformed request line, a header too long, an
        unknown method) as JSON, with the same security headers as every other response."""
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"   # otherwise the status line and headers are not sent
        try:
            short = self.responses[code][0]
        except KeyError:
            short = "error"
        self.close_connection = True
        self._head = getattr(self, "command", None) == "HEAD" or code < 200 or code in (204, 304)
        self._send_json({"error": message or short}, code,
                        extra={"Connection": "close"})

    # ------------------------------------------------------------------ dispatch
    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _refuse(self) -> None:
        self._send_json({"error": "read-only: only GET and HEAD are served"}, HTTPStatus.METHOD_NOT_ALLOWED,
                        extra={"Allow": "GET, HEAD"})

    do_PUT = do_PATCH = do_OPTIONS = _refuse

    def do_POST(self) -> None:
        self._write("POST")

    def do_DELETE(self) -> None:
        self._write("DELETE")

    # ------------------------------------------------------------------ writes
    def _write(self, method: str) -> None:
        """Every write route passes one check (``write_guard``) before its handler runs."""
        self._head = False
        path = urlsplit(self.path).path
        handler = self._write_handler(method, path)
        if handler is None:
            self._refuse()
            return
        refusal = write_guard.write_refusal(self.headers, self.server.host_allowed, self.server.writable,
                                            with_body=method == "POST")
        if refusal:
            self._send_json({"error": refusal[1]}, refusal[0])
            return
        with self._errors_answered():
            handler(path)

    def _write_handler(self, method: str, path: str):
        """The handler of a write route, or None: corrections (POST ``/api/events/<id>/split`` or
        ``/merge``), POST ``/api/watchlists`` and DELETE ``/api/watchlists/<name>``."""
        if method == "POST" and path == "/api/watchlists":
            return self._create_watchlist
        if method == "DELETE" and path.startswith("/api/watchlists/"):
            return self._delete_watchlist
        parts = path[len("/api/events/"):].split("/")
        if method == "POST" and path.startswith("/api/events/") and len(parts) == 2 and parts[1] in corrections.ACTIONS:
            return self._correct
        return None

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers["Content-Length"]))   # checked by the write guard

    def _correct(self, path: str) -> None:
        event_id, action = path[len("/api/events/"):].split("/")
        body = corrections.parse_body(self._body())
        with Store(self.server.db_path) as store:
            self._send_json(corrections.ACTIONS[action](store, unquote(event_id), body))

    def _create_watchlist(self, path: str) -> None:
        body = self._body()
        with Store(self.server.db_path) as store:
            self._send_json(watch_api.create_watchlist(store, body), HTTPStatus.CREATED)

    def _delete_watchlist(self, path: str) -> None:
        name = unquote(path[len("/api/watchlists/"):])
        with Store(self.server.db_path) as store:
            if watch_api.remove_watchlist(store, name):
                self._send_json({"deleted": name})
            else:
                self._send_json({"error": "no such watchlist"}, HTTPStatus.NOT_FOUND)

    # ------------------------------------------------------------------ watch routes
    def _watch_read(self, path: str, params: dict[str, str]) -> None:
        if path == "/site":
            self._send_file("site.html")
            return
        base = f"http://{self.headers.get('Host') or self.server.url.split('//', 1)[1].rstrip('/')}/"
        with api.open_readonly(self.server.db_path) as store:
            if path == "/alerts.atom":
                self._send(watch_api.alerts_feed(store, params, base), "application/atom+xml; charset=utf-8",
                           HTTPStatus.OK, {"Cache-Control": "no-cache"})
            elif path == "/api/alerts":
                self._send_json(watch_api.alerts_payload(store, params, base))
            elif path == "/api/watchlists":
                self._send_json(watch_api.watchlists_payload(store))
            elif path == "/api/site":
                self._send_json(watch_api.site_payload(store, params))
            else:
                self._send_json({"error": "not found"}, HTTPStatus.NOT_FOUND)

    @contextmanager
    def _errors_answered(self):
        """A bad request is answered 400, a correction naming no stored event or mention 404; a
        bug costs one request (500), not the server."""
        try:
            yield
        except api.BadRequest as exc:
            self._send_json({"error": str(exc)}, HTTPStatus.BAD_REQUEST)
        except corrections.NotFound as exc:
            self._send_json({"error": str(exc)}, HTTPStatus.NOT_FOUND)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self._send_json({"error": "internal error"}, HTTPStatus.INTERNAL_SERVER_ERROR)

    def _answer(self, head: bool) -> None:
        self._head = head
        if not self.server.host_allowed(self.headers.get("Host")):
            self._send_json({"error": "unexpected Host header"}, HTTPStatus.MISDIRECTED_REQUEST)
            return
        parts = urlsplit(self.path)
        path = parts.path
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        with self._errors_answered():
            if path in ("/", "/index.html"):
                self._send_file("index.html")
            elif path.startswith("/static/"):
                self._send_file(unquote(path[len("/static/"):]))
            elif watch_api.handles(path):
                self._watch_read(path, params)
            elif path.startswith("/api/"):
                self._api(path, params)
            else:
                self._send_json({"error": "not found"}, HTTPStatus.NOT_FOUND)

    def _api(self, path: str, params: dict[str, str]) -> None:
        route = path[len("/api/"):].rstrip("/")
        with api.open_readonly(self.server.db_path) as store:
            if route == "events":
                self._send(self.server.events_page(store, params), CONTENT_TYPES[".json"], HTTPStatus.OK,
                           {"Cache-Control": "no-store"})
            elif route == "facets":
                self._send_json(self.server.facets(store, params))
            elif route == "timeline":
                self._send_json(self.server.timeline(store, params))
            elif route.startswith("events/") and route.count("/") == 1:
                event_id = unquote(route.split("/", 1)[1])
                payload = api.event_payload(store, event_id) if len(event_id) <= 200 else None
                if payload is None:
                    self._send_json({"error": "no such event"}, HTTPStatus.NOT_FOUND)
                else:
                    self._send_json({**payload, "can_correct": self.server.writable})
            else:
                self._send_json({"error": "not found"}, HTTPStatus.NOT_FOUND)

    # ------------------------------------------------------------------ responses
    def _send_file(self, name: str) -> None:
        # Exact names of files directly inside static/: no separators, no dot-files, no traversal.
        if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
            self._send_json({"error": "not found"}, HTTPStatus.NOT_FOUND)
            return
        file = STATIC_DIR / name
        if not file.is_file() or file.suffix not in CONTENT_TYPES:
            self._send_json({"error": "not found"}, HTTPStatus.NOT_FOUND)
            return
        body = file.read_bytes()
        # no-cache: after an upgrade the browser must not mix an old script with a new page.
        self._send(body, CONTENT_TYPES[file.suffix], HTTPStatus.OK, {"Cache-Control": "no-cache"})

    def _send_json(self, payload, status: HTTPStatus = HTTPStatus.OK, extra: Optional[dict] = None) -> None:
        body = _json_bytes(payload)
        self._send(body, CONTENT_TYPES[".json"], status, {"Cache-Control": "no-store", **(extra or {})})

    def _send(self, body: bytes, content_type: str, status: HTTPStatus, extra: dict) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in {**SECURITY_HEADERS, **extra}.items():
            self.send_header(key, value)
        self.end_headers()
        if not getattr(self, "_head", False):
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


def make_server(db_path: str, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False,
                writable: bool = True) -> DashboardServer:
    """A server for an existing store (migrated once here; then read, and written only by the
    analysts' corrections and watchlists unless ``writable=False``). ``port=0`` picks a free port."""
    if not Path(db_path).is_file():
        raise FileNotFoundError(f"no store at {db_path}: run `eventdesk ingest` first")
    # Bring an older store's schema up to date once, as every eventdesk command does on open;
    # requests then open it read-only.
    Store(db_path).close()
    return DashboardServer((host, port), db_path, quiet=quiet, writable=writable)
