"""The watch commands end to end: `watchlist add|list|delete`, `watch --once` on a loopback
feed, `feeds`, `alerts` (table, JSON lines, Atom)."""
import json

from click.testing import CliRunner

from eventdesk.cli import main

from watch_fixtures import FeedServer, publish_toy


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_watchlists_a_watch_run_and_its_alerts(tmp_path):
    db = str(tmp_path / "w.db")
    code, out = run("watchlist", "add", "kabul", "--db", db, "--near", "34.53,69.17", "--radius-km", "30",
                    "--webhook", "http://127.0.0.1:9/hook", "--secret", "x")
    assert code == 0 and "within 30 km of 34.53,69.17" in out
    assert run("watchlist", "add", "bad", "--db", db, "--kind", "event", "--radius-km", "5")[0] == 1
    run("watchlist", "add", "herat", "--db", db, "--country", "Afghanistan", "--words", "Herat")
    code, out = run("watchlist", "list", "--db", db)
    assert out.splitlines()[0].startswith("kabul: within 30 km") and "-> webhook http://127.0.0.1:9/hook" in out
    assert json.loads(run("watchlist", "list", "--db", db, "--json")[1].splitlines()[0])["webhook_secret"] == "set"
    server = FeedServer()
    try:
        feed = publish_toy(server, "/toy.rss", 8)
        code, out = run("watch", feed, "--once", "--db", db, "--per-host-delay", "0",
                        "--extractor", "test_store_toy_extractor:extract")
    finally:
        server.stop()
    assert code == 0 and "8 article(s) stored" in out
    code, out = run("alerts", "--db", db)
    assert "[kabul] New event: Violence against civilians in Kabul" in out and "/#/event/EVD" in out
    lines = [json.loads(x) for x in run("alerts", "--db", db, "--format", "jsonl", "--watchlist", "herat")[1].splitlines()]
    assert lines and all(a["watchlist"] == "herat" and "Herat" in a["summary"] for a in lines)
    assert run("alerts", "--db", db, "--format", "atom")[1].startswith("<?xml")
    code, out = run("feeds", "--db", db)
    assert "8" in out and "1 feed(s)" in out
    # The webhook at port 9 refuses: its deliveries wait for a retry; nothing is lost.
    assert run("watchlist", "delete", "kabul", "--db", db)[1] == "deleted watchlist kabul\n"
    assert run("watchlist", "delete", "kabul", "--db", db)[0] == 1
