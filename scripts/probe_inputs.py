#!/usr/bin/env python3
"""Issue 11's hostile inputs, each ingested into a fresh store beside a good document, timed.

    python scripts/probe_inputs.py                 # every probe, the default limits
    python scripts/probe_inputs.py --bar 10        # fail a probe that takes longer (seconds)
    python scripts/probe_inputs.py --only places deep

Each probe writes its input (written for this script) in a temporary folder, ingests it with
``Store.ingest`` and the real pipeline, loaded and warmed up once (so model loading is not
timed), and prints per probe: the seconds the batch took, what was stored and every error
message. A probe passes when the hostile document gives a clear error naming its file (with its
line and id where it has them) or is stored with its result, every good document beside it is
stored, and the batch takes at most ``--bar`` seconds. The stdin probe also runs the real
``eventdesk ingest -`` command with the JSONL piped in. Exits 1 if any probe fails.

Probes: a JSONL line with a lone surrogate; a list of 13 place names (with "and", and commas
only); a 64 KB sentence without punctuation; a 5 MB text on one line; a line of 100,000 ``[``;
JSONL on stdin with a truncated line; ``published`` 0001-01-01 and 9999-12-31.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

GOOD = {"id": "good", "published": "2023-03-04",
        "text": "KANDAHAR, Afghanistan - A suicide bomber killed 12 worshippers at a Shiite mosque in "
                "Kandahar city on Friday, police said."}
GOOD_LINE = json.dumps(GOOD) + "\n"
PLACES = ["Kabul", "Kandahar", "Herat", "Mazar-i-Sharif", "Jalalabad", "Kunduz", "Ghazni", "Lashkar Gah",
          "Khost", "Gardez", "Faizabad", "Taloqan", "Pul-e-Khumri"]


def repeat_to(words: str, size: int) -> str:
    return (words * (size // len(words) + 1))[:size]


def line(**fields) -> str:
    return json.dumps(dict(GOOD, **fields)) + "\n"


def probes(folder: Path) -> dict[str, dict]:
    """name -> {paths (or stdin), the ids that must be stored, the error expected: (how it starts,
    naming the input, and what it says) or None}"""
    out = {}
    p = folder / "surrogate.jsonl"
    p.write_text('{"id":"surrogate","text":"Gunmen killed five people in Kabul on Monday. \\ud800"}\n' + GOOD_LINE,
                 encoding="utf-8")
    out["surrogate"] = {"paths": [p], "stored": {"surrogate", "good"}, "error": None}

    listed = ("Gunmen attacked police posts in " + ", ".join(PLACES[:-1]) + " and " + PLACES[-1]
              + " on Monday, killing 20 people, officials said.")
    commas = "Gunmen attacked police posts in " + ", ".join(PLACES) + " on Monday, officials said."
    p = folder / "places.jsonl"
    p.write_text(line(id="places-and", text=listed) + line(id="places-commas", text=commas) + GOOD_LINE)
    out["places"] = {"paths": [p], "stored": {"places-and", "places-commas", "good"}, "error": None}

    text = "A bomb exploded in Kabul on Monday " + repeat_to("the militants attacked the village and ", 65536)
    p = folder / "unpunctuated.jsonl"
    p.write_text(line(id="unpunctuated", text=text) + GOOD_LINE)
    out["unpunctuated"] = {"paths": [p], "stored": {"unpunctuated", "good"}, "error": None}

    sentences = ("On 12 March 2023 gunmen killed five people in Kabul, police said on Monday. "
                 "A suicide bomber struck a mosque in Kandahar, killing 12 worshippers. "
                 "The minister said the talks would resume next week in Doha. "
                 "Shares rose on Wednesday as investors welcomed the news. ")
    big, good = folder / "big.txt", folder / "good.txt"
    big.write_text(repeat_to(sentences, 5 * 1024 * 1024))
    good.write_text(GOOD["text"])
    out["five-megabytes"] = {"paths": [big, good], "stored": {"good.txt"},
                             "error": (f"{big}: ", "text of 5,242,880 characters is longer than the 500,000")}

    p = folder / "deep.jsonl"
    p.write_text("[" * 100_000 + "\n" + GOOD_LINE)
    out["deep"] = {"paths": [p], "stored": {"good"}, "error": (f"{p}:1: ", "nested deeper than 64 levels")}

    data = GOOD_LINE + '{"id":"cut","text":"Gunmen killed\n' + line(id="good2", text=GOOD["text"] + " Shops shut.")
    out["stdin"] = {"stdin": data, "stored": {"good", "good2"}, "error": ("<stdin>:2: ", "malformed JSON")}

    p = folder / "published.jsonl"
    p.write_text(line(id="min", published="0001-01-01", text=GOOD["text"] + " Shops shut.")
                 + line(id="max", published="9999-12-31", text=GOOD["text"] + " A curfew began.") + GOOD_LINE)
    out["published"] = {"paths": [p], "stored": {"min", "max", "good"}, "error": None}
    return out


def ingest_probe(pipeline, probe: dict, db: str) -> tuple[float, set, list[str]]:
    from eventdesk.ingest import read_inputs
    from eventdesk.store import Store

    saved = sys.stdin
    if "stdin" in probe:
        sys.stdin = io.TextIOWrapper(io.BytesIO(probe["stdin"].encode("utf-8")), encoding="utf-8")
        paths = ["-"]
    else:
        paths = [str(p) for p in probe["paths"]]
    try:
        with Store(db) as store:
            start = time.monotonic()
            summary = store.ingest(read_inputs(paths, published=date(2023, 3, 4)), pipeline.process)
            seconds = time.monotonic() - start
            stored = {r[0] for r in store._all("SELECT id FROM documents")}
    finally:
        sys.stdin = saved
    return seconds, stored, list(summary.errors)


def stdin_command(data: str, db: str) -> tuple[int, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run([sys.executable, "-m", "eventdesk", "ingest", "-", "--db", db, "-q"], input=data,
                          env=env, capture_output=True, text=True)
    return proc.returncode, proc.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bar", type=float, default=10.0, help="seconds a probe's batch may take (default 10)")
    ap.add_argument("--only", nargs="*", help="probe names to run")
    args = ap.parse_args()

    from eventdesk.pipeline import Pipeline

    started = time.monotonic()
    pipeline = Pipeline()
    pipeline.warm_up()
    limit = f"{pipeline.doc_timeout} s a document" if pipeline.doc_timeout else "no time limit"
    length = f"at most {pipeline.max_doc_chars:,} characters" if pipeline.max_doc_chars else "no length limit"
    print(f"pipeline loaded in {time.monotonic() - started:.1f} s ({limit}, {length})")
    failed = []
    with tempfile.TemporaryDirectory(prefix="probes-") as tmp:
        folder = Path(tmp)
        for name, probe in probes(folder).items():
            if args.only and name not in args.only:
                continue
            seconds, stored, errors = ingest_probe(pipeline, probe, str(folder / f"{name}.db"))
            problems = []
            if not probe["stored"] <= stored:
                problems.append(f"not stored: {sorted(probe['stored'] - stored)}")
            if probe["error"] is None and errors:
                problems.append("unexpected error")
            if probe["error"] is not None and not any(e.startswith(probe["error"][0]) and probe["error"][1] in e
                                                      for e in errors):
                problems.append(f"no error naming {probe['error'][0]!r} and saying {probe['error'][1]!r}")
            if len(errors) > (probe["error"] is not None):
                problems.append("more errors than the hostile document")
            if seconds > args.bar:
                problems.append(f"over {args.bar:g} s")
            if name == "stdin":
                code, err = stdin_command(probe["stdin"], str(folder / "stdin-command.db"))
                lines = [x for x in err.splitlines() if x.strip()]
                if code != 1 or not any("".join(probe["error"]) in x for x in lines):
                    problems.append(f"eventdesk ingest -: exit {code}: {err[-300:]}")
                errors += [f"(eventdesk ingest -, exit {code}) {x}" for x in lines]
            verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
            print(f"{name:15} {seconds:6.2f} s  stored {sorted(stored)}  {verdict}")
            for e in errors:
                print(f"{'':15} error: {e[:220]}")
            if problems:
                failed.append(name)
    print("probes: " + ("PASS" if not failed else f"FAIL ({', '.join(failed)})"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
