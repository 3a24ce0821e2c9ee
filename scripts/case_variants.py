#!/usr/bin/env python3
"""Write lower-cased and upper-cased copies of a dev set (docs and gold evidence alike), so that
scripts/evaluate.sh can score how extraction holds when feeds lose their capitals.

Usage: scripts/case_variants.py GOLD.json DOCS(.jsonl or folder) OUT_DIR NAME
Writes OUT_DIR/NAME_{lower,upper}.gold.json and OUT_DIR/NAME_{lower,upper}.jsonl. A character
whose case mapping changes its length keeps its case, so evidence offsets still hold.
"""
import json
import os
import sys


def mapped(text: str, mode: str) -> str:
    def one(ch: str) -> str:
        out = ch.lower() if mode == "lower" else ch.upper()
        return out if len(out) == 1 else ch
    return "".join(one(ch) for ch in text)


def documents(path: str):
    if os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            with open(os.path.join(path, name), encoding="utf-8") as f:
                yield {"id": name, "text": f.read()}
    else:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def main(gold_path: str, docs_path: str, out: str, name: str) -> None:
    os.makedirs(out, exist_ok=True)
    gold = json.load(open(gold_path, encoding="utf-8"))
    docs = list(documents(docs_path))
    for mode in ("lower", "upper"):
        with open(os.path.join(out, f"{name}_{mode}.jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                row = dict(d, text=mapped(d["text"], mode))
                if d.get("title"):
                    row["title"] = mapped(d["title"], mode)
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        variant = json.loads(json.dumps(gold))
        for doc in variant["documents"]:
            for ev in doc["events"]:
                if ev.get("evidence"):
                    ev["evidence"] = mapped(ev["evidence"], mode)
                if ev.get("also_evidence"):
                    ev["also_evidence"] = [mapped(x, mode) for x in ev["also_evidence"]]
        with open(os.path.join(out, f"{name}_{mode}.gold.json"), "w", encoding="utf-8") as f:
            json.dump(variant, f, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
