#!/usr/bin/env python3
"""List the field disagreements of matched events (development only: needs ../shared).

Usage: scripts/field_misses.py GOLD.json PRED.jsonl --docs DOCS [--field actor1 ...]
Reuses the shared scorer's matching so the list agrees with its figures.
"""
import argparse, importlib.util, json, os, sys

shared = os.environ.get("EVENTDESK_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
spec = importlib.util.spec_from_file_location("score_events", os.path.join(shared, "tools", "score_events.py"))
se = importlib.util.module_from_spec(spec); spec.loader.exec_module(se)

GOLD_KEY = {"event_date": "date", "admin1_or_country": "admin1", "coordinates_50km": "latitude"}
PRED_KEYS = {"admin1_or_country": ("admin1", "country", "location"), "coordinates_50km": ("latitude", "longitude", "location"),
             "event_date": ("event_date", "date_precision")}

ap = argparse.ArgumentParser()
ap.add_argument("gold"); ap.add_argument("pred"); ap.add_argument("--docs", required=True)
ap.add_argument("--field", action="append")
a = ap.parse_args()
gold = json.load(open(a.gold))
by_doc = {}
for line in open(a.pred):
    if line.strip():
        r = json.loads(line); by_doc.setdefault(str(r["doc_id"]), []).append(r)
text_of = se.load_texts(a.docs)
for d in gold["documents"]:
    preds = by_doc.get(d["doc"], [])
    # re-run the matching, keeping pairs
    golds = []
    for g in d["events"]:
        sp = None
        if g.get("evidence"):
            text = text_of(d["doc"]); sp = []
            for ev in [g["evidence"], *(g.get("also_evidence") or [])]:
                sp.extend(se.gold_span(text, ev) or [])
        golds.append((g, sp))
    pairs = []
    for gi, (g, sp) in enumerate(golds):
        for pi, p in enumerate(preds):
            o = se.overlap(sp, se.spans(p)) if sp else 1 + se.agreement(g, p)
            if o > 0:
                pairs.append((o, gi, pi))
    pairs.sort(reverse=True)
    ug, up = set(), set()
    for o, gi, pi in pairs:
        if gi in ug or pi in up:
            continue
        ug.add(gi); up.add(pi)
        g, p = golds[gi][0], preds[pi]
        for k, f in se.FIELDS.items():
            if a.field and k not in a.field:
                continue
            r = f(g, p)
            if r is False:
                gk = GOLD_KEY.get(k, k)
                gv = {x: g.get(x) for x in ("admin1", "country", "location", "latitude", "longitude")} if k in PRED_KEYS and k != "event_date" else g.get(gk)
                pv = {x: p.get(x) for x in PRED_KEYS.get(k, (k,))}
                ev = (p.get("evidence") or [{}])[0].get("text", "")[:110].replace("\n", " ")
                print(f"{d['doc']} {k}: gold={gv} pred={pv}\n    {ev!r}")
