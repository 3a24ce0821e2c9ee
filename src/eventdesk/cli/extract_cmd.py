"""``eventdesk extract``: articles in, event records out as JSON Lines."""
from __future__ import annotations

import json
import sys
from datetime import date

import click

from . import main


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="JSON Lines file to write (default: standard output).")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none.")
@click.option("--with-docs", is_flag=True,
              help="Also write one {'document': ...} line per article: title, reference date and how it was found.")
def extract(paths, output, published, with_docs):
    """Extract events from PATHS (.txt, .html, .jsonl, directories, or - for stdin)."""
    from ..ingest import read_inputs
    from ..pipeline import Pipeline

    if published:
        try:
            published = date.fromisoformat(published)
        except ValueError:
            raise click.BadParameter(f"not a YYYY-MM-DD date: {published!r}", param_hint="--published")
    pipeline = Pipeline()
    failures = 0
    out = click.open_file(output, "w", encoding="utf-8")
    try:
        for result in pipeline.run(read_inputs(paths, published=published)):
            if result.error is not None:
                failures += 1
                click.echo(f"eventdesk: error: {result.error}", err=True)
                continue
            if with_docs:
                out.write(json.dumps({"document": result.document.to_dict()}, ensure_ascii=False) + "\n")
            for event in result.events:
                out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if failures:
        click.echo(f"eventdesk: {failures} input(s) could not be read or processed; the rest were.", err=True)
        sys.exit(1)
