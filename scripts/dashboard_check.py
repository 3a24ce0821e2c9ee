"""Is the dashboard's overview readable on a real dev set? Ingest a JSONL set into a temporary
store, serve the dashboard, open it in headless Chromium, save a screenshot, and run the layout
test's geometry checks (tests/dashboard_geometry.py) on it.

    .venv/bin/python scripts/dashboard_check.py                              # ../shared/dev/gtd/docs.jsonl
    .venv/bin/python scripts/dashboard_check.py --docs other.jsonl --screenshot /tmp/overview.png

Exit 0 when every check passes, 1 with the problems listed otherwise, 2 when the set or Chromium
is missing. The data is only read: the store lives in a temporary folder and is removed after.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))   # the browser driver and the checks the tests use

from dashboard_geometry import measure, problems  # noqa: E402
from test_web_browser import BINARY, Browser, Page  # noqa: E402

DEFAULT_DOCS = ROOT.parent / "shared" / "dev" / "gtd" / "docs.jsonl"


def ingest(docs: Path, db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, "-m", "eventdesk", "ingest", str(docs), "--db", str(db), "--quiet"],
                          env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):        # 1: some documents failed, the rest are stored
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "ingested", file=sys.stderr)


def serve(db: Path):
    from eventdesk.web import make_server

    server = make_server(str(db), "127.0.0.1", 0, quiet=True, writable=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as res:
        return json.loads(res.read())


def check(url: str, screenshot: Path, profile: str) -> list[str]:
    browser = Browser(BINARY, profile)
    try:
        page = Page(browser)
        page.goto(url + "/")
        page.wait_for("document.querySelectorAll('#event-table tbody tr').length > 0", timeout=30)
        shot = page.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        measured = measure(page)
        timeline = get_json(url + "/api/timeline")
        found = problems(measured, timeline["total"] - timeline["undated"])
        found += [f"script error on the page: {json.dumps(e)[:200]}" for e in page.errors()]
        full = [b for b in measured["bars"] if b["n"]]
        print(f"timeline: {len(measured['bars'])} bars, {len(full)} with events "
              f"({full[0]['start'] if full else '-'} to {full[-1]['start'] if full else '-'}), "
              f"{measured['edges']} at the edges, ticks {[t['text'] for t in measured['ticks']]}; "
              f"table: {len(measured['rows'])} rows; map: {len(measured['circles'])} circles, "
              f"{len(measured['labels'])} labels; {timeline['total']} events, {timeline['undated']} undated",
              file=sys.stderr)
        page.close()
        return found
    finally:
        browser.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="a JSONL set (default: the dev GTD set)")
    ap.add_argument("--screenshot", type=Path, default=Path(tempfile.gettempdir()) / "eventdesk-dashboard-check.png")
    args = ap.parse_args(argv)
    if not args.docs.is_file():
        print(f"dashboard_check: no set at {args.docs}", file=sys.stderr)
        return 2
    if BINARY is None:
        print("dashboard_check: no Chromium found (make browser; or set EVENTDESK_CHROMIUM)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "check.db"
        ingest(args.docs, db)
        server = serve(db)
        try:
            found = check(server.url.rstrip("/"), args.screenshot, str(Path(tmp) / "chromium-profile"))
        finally:
            server.shutdown()
            server.server_close()
    print(f"screenshot: {args.screenshot}")
    for problem in found:
        print(f"problem: {problem}")
    print("readable: every check passed" if not found else f"{len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
