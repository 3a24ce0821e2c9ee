"""Commands of the store stage: ``ingest``, ``events``, ``export``, ``show``, ``fuse --rebuild``, ``merge``,
``split``, ``corrections`` (registered on import)."""
from __future__ import annotations

import importlib
import json
import os
import sys

import click

from ..arguments import ArgumentError
from ..feedback import progress, say
from . import main
from .params import FRACTION, ISO_DATE, db_option, existing_db_option, quiet_option

def _filters(f):
    """The query options shared by ``events`` and ``export``."""
    options = [
        click.option("--country", help="Country name, e.g. Afghanistan."),
        click.option("--admin1", help="First-level region (province, state)."),
        click.option("--actor", help="An actor's name, part of it, or an alias extraction folds (ISKP, Daesh, "
                                     "al-shabaab): actor1 or actor2."),
        click.option("--type", "type_", metavar="TYPE", help="ACLED event type or sub-event type."),
        click.option("--since", type=ISO_DATE, help="Events that may have happened on or after this day."),
        click.option("--until", type=ISO_DATE, help="Events that may have happened on or before this day."),
        click.option("--search", metavar="TEXT", help="Words that must all occur in an evidence sentence of the event "
                                                      "(case, accents and word endings folded)."),
        click.option("--min-confidence", type=FRACTION, default=None, help="Hide events below this confidence."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _query(store, kind, country, admin1, actor, type_, since, until, search, min_confidence):
    try:
        return store.events(country=country, admin1=admin1, actor=actor, type=type_, since=since, until=until,
                            kind=None if kind == "all" else kind, search=search, min_confidence=min_confidence)
    except ArgumentError as exc:   # the library's check, named as the option
        raise click.BadParameter(exc.detail, param_hint=f"--{exc.name.replace('_', '-')}")


def _load_extractor(spec: str):
    module, _, name = spec.partition(":")
    if not name:
        raise click.BadParameter("expected MODULE:FUNCTION", param_hint="--extractor")
    return getattr(importlib.import_module(module), name)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", type=ISO_DATE, help="Publication date for inputs that carry none.")
@click.option("--reextract", is_flag=True, help="Extract again documents already stored unchanged.")
@click.option("--extractor", metavar="MODULE:FUNCTION",
              help="Use another extractor: a function Document -> list[Event] (default: eventdesk's pipeline).")
@quiet_option
def ingest(paths, db, published, reextract, extractor):
    """Extract PATHS (.txt, .html, .jsonl, directories, -) into the store and fuse their events.

    Safe to rerun: stored documents and texts already seen are skipped; an interrupted run
    resumes where it stopped. A bad document is reported and skipped.
    """
    from ..ingest import read_inputs
    from ..nlp.parser import MissingModel
    from ..store import Store

    extract = _load_extractor(extractor) if extractor else None
    try:
        if extract is None:
            from ..pipeline import Pipeline
            extract = Pipeline().process
    except MissingModel as exc:
        raise click.ClickException(str(exc))
    with Store(db) as store:
        items = progress(read_inputs(paths, published=published), "ingest")
        summary = store.ingest(items, extract, reextract=reextract,
                               on_error=lambda msg: say(f"eventdesk: error: {msg}"))
        counts = store.counts()
    read = summary.added + summary.replaced + summary.unchanged + summary.duplicates
    say(f"eventdesk: {read} document(s) read, {len(summary.errors)} failed ({summary}); store now holds "
        f"{counts['documents']} documents, {counts['mentions']} mentions, {counts['events']} fused events")
    if summary.errors:
        sys.exit(1)


@main.command()
@existing_db_option
@_filters
@click.option("--kind", type=click.Choice(["event", "threat", "all"]), default="event", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def events(db, country, admin1, actor, type_, since, until, search, min_confidence, kind, fmt):
    """List fused events matching the filters."""
    from .. import export
    from ..store import Store

    with Store(db) as store:
        rows = _query(store, kind, country, admin1, actor, type_, since, until, search, min_confidence)
    if fmt != "table":
        export.write(rows, fmt, sys.stdout)
        return
    click.echo(_table(rows))


def _table(rows: list[dict]) -> str:
    from ..export import event_id_cnty

    header = ("ID", "DATE", "TYPE", "PLACE", "KILLED", "SRC", "NOTE")
    widths = (18, 12, 26, 28, 9, 3, 50)
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    for ev in rows:
        date_text = (ev.get("event_date") or "?")[:10 if ev.get("date_precision") in ("day", "week") else 7]
        place = ", ".join(x for x in (ev.get("location"), ev.get("admin1"), ev.get("country")) if x)
        low, best, high = ev.get("fatalities_low"), ev.get("fatalities"), ev.get("fatalities_high")
        killed = "" if best is None else (str(best) if low == high else f"{best} ({low}-{high})")
        cells = (event_id_cnty(ev["id"], ev.get("country")), date_text, ev.get("sub_event_type") or ev.get("event_type") or ev.get("kind"), place,
                 killed, str(ev.get("sources")), ev.get("notes") or "")
        lines.append("  ".join(_cut(str(c or ""), w).ljust(w) for c, w in zip(cells, widths)).rstrip())
    lines.append(f"{len(rows)} event" + ("" if len(rows) == 1 else "s"))
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command("export")
@existing_db_option
@_filters
@click.option("--kind", type=click.Choice(["event", "threat", "all"]), default="all", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "ucdp", "geojson", "parquet"]), default="jsonl",
              show_default=True, help="csv: ACLED's columns in ACLED's order, then eventdesk's; jsonl and parquet: "
                                      "the same columns; ucdp: UCDP GED-style rows; geojson: points.")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-",
              help="File to write (default: standard output); for parquet, a folder (a dataset of part files).")
def export_cmd(db, country, admin1, actor, type_, since, until, search, min_confidence, kind, fmt, output):
    """Export fused events: ACLED-layout CSV, JSON Lines or Parquet (one id, event_id_cnty, in all three),
    UCDP GED-style CSV, or GeoJSON."""
    from .. import export
    from ..store import Store

    if fmt == "parquet" and output == "-":
        raise click.BadParameter("parquet output is a folder: -o DIR", param_hint="--output")
    if fmt != "parquet" and output != "-" and os.path.isdir(output):
        raise click.BadParameter(f"{output} is a folder; {fmt} output is a file", param_hint="--output")
    with Store(db) as store:
        rows = _query(store, kind, country, admin1, actor, type_, since, until, search, min_confidence)
    count = export.write(rows, fmt, sys.stdout if output == "-" else output)
    noun = "row" if fmt == "ucdp" else "event"
    say(f"eventdesk: {count} {noun}(s) exported" + (f" of {len(rows)} events (UCDP codes organised violence "
                                                    "with deaths only)" if fmt == "ucdp" else ""))


@main.command()
@click.argument("event_id")
@existing_db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def show(event_id, db, as_json):
    """Show one fused event (its event_id_cnty or store id), every source that reports it, and their
    evidence sentences."""
    from ..export import event_id_cnty, store_event_id
    from ..store import Store

    with Store(db) as store:
        event = store.event(event_id)
        if event is None:
            raise click.ClickException(f"no event {event_id!r} in {store.path}")
        sources = store.sources(store_event_id(event_id))
    if as_json:
        click.echo(json.dumps({"event": event, "sources": sources}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{event_id_cnty(event['id'], event.get('country'))} ({event['id']}, {event['kind']}, "
               f"{event['sources']} source(s))")
    for name in ("event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "target",
                 "claimed_by", "location", "admin1", "country", "latitude", "longitude", "geo_precision",
                 "fatalities", "fatalities_low", "fatalities_high", "injuries"):
        if event.get(name) is not None:
            rule = event.get("rules", {}).get(name)
            click.echo(f"  {name:16} {event[name]}" + (f"   [{rule}]" if rule else ""))
    for d in event.get("disagreements") or []:
        values = "; ".join(f"{v['value']} ({', '.join(v['doc_ids'])})" for v in d["values"])
        click.echo(f"  ! sources disagree on {d['field']}: {values}")
    for line in merge_lines(event):
        click.echo(line)
    for src in sources:
        click.echo("")
        click.echo(f"- {src['doc_id']}: {src['title'] or ''}" + (f"  [{src['source']}]" if src["source"] else ""))
        if src["url"]:
            click.echo(f"  {src['url']}")
        rep = src["reported"]
        said = ", ".join(f"{k}={rep[k]}" for k in ("event_date", "event_type", "location", "fatalities", "target")
                         if rep.get(k) is not None)
        if said:
            click.echo(f"  reported: {said}")
        mids = ", ".join(m for m in event.get("mention_ids") or [] if m.startswith(src["doc_id"] + "#"))
        click.echo(f"  mention {src['mention_id']}" + ("" if mids == src["mention_id"] else f" (of {mids})"))
        for evd in src["evidence"]:
            click.echo(f"  > {' '.join(evd['text'].split())}")


def merge_lines(event: dict) -> list[str]:
    """Why the event's mentions are one event: each merge, its score and components, the vetoes checked."""
    out = []
    for m in event.get("merges") or []:
        if m.get("by") == "analyst merge":
            out.append(f"  + {m['a']} + {m['b']}: merged by an analyst")
            continue
        parts = ", ".join(f"{k} {'?' if v is None else f'{v:.2f}'}" for k, v in (m.get("components") or {}).items())
        checks = m.get("checks") or {}
        out.append(f"  + {m['a']} + {m['b']}: {m.get('by')}, score {m['score']:.3f} >= {m['threshold']:.2f} ({parts}); "
                   f"no veto in {checks.get('pairs', '?')} pair(s) [{', '.join(checks.get('passed', []))}]")
    return out


@main.command()
@existing_db_option
@click.option("--rebuild", is_flag=True, required=True,
              help="Recompute every link and fused event from the stored mentions, keeping analysts' corrections.")
def fuse(db, rebuild):
    """Re-fuse the store: the same events whatever order its documents were ingested in."""
    from ..store import Store

    with Store(db) as store:
        n = store.rebuild()
        counts = store.counts()
    click.echo(f"{n} mentions re-fused into {counts['events']} events", err=True)


@main.command()
@click.argument("event_a")
@click.argument("event_b")
@existing_db_option
@click.option("--note", help="Why (kept with the correction).")
def merge(event_a, event_b, db, note):
    """An analyst's correction: EVENT_A and EVENT_B are one incident (kept across re-ingest and rebuilds)."""
    from ..export import store_event_id
    from ..store import Store

    with Store(db) as store:
        try:
            eid = store.merge_events(store_event_id(event_a), store_event_id(event_b), note)
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0]))
    click.echo(eid)


@main.command()
@click.argument("mention_id")
@existing_db_option
@click.option("--note", help="Why (kept with the correction).")
def split(mention_id, db, note):
    """An analyst's correction: MENTION_ID (as `show` lists it) is not the incident of its event."""
    from ..store import Store

    with Store(db) as store:
        try:
            eid = store.split_mention(mention_id, note)
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0]))
    click.echo(eid)


@main.command()
@existing_db_option
def corrections(db):
    """List the analysts' corrections (merges and splits), oldest first."""
    from ..store import Store

    with Store(db) as store:
        rows = store.corrections()
    for r in rows:
        click.echo(f"{r['seq']:>4}  {r['action']:5}  {r['mention_a']}  {r['mention_b']}  {r['created'] or ''}  "
                   f"{r['note'] or ''}".rstrip())
