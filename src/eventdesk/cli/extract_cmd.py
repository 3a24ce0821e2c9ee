"""``eventdesk extract``: articles in, event records out as JSON Lines."""
from __future__ import annotations

import json
import sys

import click

from ..feedback import progress, say
from . import main
from .params import ISO_DATE, quiet_option


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="JSON Lines file to write (default: standard output).")
@click.option("--published", type=ISO_DATE, help="Publication date for inputs that carry none.")
@click.option("--with-docs", is_flag=True,
              help="Also write one {'document': ...} line per article: title, reference date and how it was found.")
@click.option("--text", "stdin_text", is_flag=True,
              help="Read standard input (-) as one text document, even if it starts like JSON Lines.")
@quiet_option
def extract(paths, output, published, with_docs, stdin_text):
    """Extract events from PATHS (.txt, .html, .jsonl, directories, or - for stdin)."""
    from ..ingest import read_inputs
    from ..nlp.parser import MissingModel
    from ..pipeline import Pipeline

    try:
        pipeline = Pipeline()
    except MissingModel as exc:
        raise click.ClickException(str(exc))
    failures = documents = records = 0
    # errors="replace": no character a reader let through can stop the output being written.
    out = click.open_file(output, "w", encoding="utf-8", errors="replace")
    try:
        results = pipeline.run(read_inputs(paths, published=published, stdin_text=stdin_text))
        for result in progress(results, "extract"):
            if result.error is not None:
                failures += 1
                say(f"eventdesk: error: {result.error}")
                continue
            try:   # one document's lines are built whole, then written: a failure writes none
                lines = []
                if with_docs:
                    lines.append(json.dumps({"document": result.document.to_dict()}, ensure_ascii=False))
                lines.extend(json.dumps(event.to_dict(), ensure_ascii=False) for event in result.events)
            except Exception as exc:
                failures += 1
                doc = result.document
                where = f"{doc.path or doc.id}:{doc.line}" if doc.line else (doc.path or doc.id)
                say(f"eventdesk: error: {where} (id {doc.id!r}): output could not be written: "
                    f"{type(exc).__name__}: {exc}")
                continue
            documents += 1
            records += len(result.events)
            if lines:
                out.write("\n".join(lines) + "\n")
    finally:
        if output == "-":
            out.flush()   # a wrapper over standard output: closing it would close stdout
        else:
            out.close()
    where = "" if output == "-" else f" to {output}"
    say(f"eventdesk: {documents} document(s) read, {failures} failed; {records} event record(s) written{where}")
    if failures:
        sys.exit(1)
