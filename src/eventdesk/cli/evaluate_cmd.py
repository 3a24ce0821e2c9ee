"""``eventdesk evaluate``: score event records against a team's own gold annotations."""
from __future__ import annotations

import json

import click

from . import main


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("docs", type=click.Path(exists=True))
@click.argument("predictions", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary.")
@click.option("-v", "--verbose", is_flag=True,
              help="List each document's missed and extra events (with --json: per-document entries).")
def evaluate(gold, docs, predictions, as_json, verbose):
    """Score PREDICTIONS (event records, JSON Lines) against GOLD (a gold JSON file).

    DOCS is the folder of document texts named by their ids, or a docs.jsonl file; the gold
    evidence is placed in those texts. Without PREDICTIONS, eventdesk extracts the events of
    DOCS itself and scores them. Prints detection precision, recall and F1 and per-field
    accuracy, by the project's scoring rules.
    """
    from ..evaluate import EvaluationError, load_gold, load_predictions, load_texts, score

    try:
        gold_data = load_gold(gold)
        texts = load_texts(docs)
        records = load_predictions(predictions) if predictions else _extract(docs)
        report = score(gold_data, records, texts)
    except EvaluationError as exc:
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps(report.to_dict(verbose=verbose)))
    else:
        click.echo(report.format(verbose))


def _extract(docs: str) -> list[dict]:
    """Records of eventdesk's own extraction over DOCS (unreadable inputs reported, skipped)."""
    from ..ingest import read_inputs
    from ..pipeline import Pipeline

    records: list[dict] = []
    failures = 0
    for result in Pipeline().run(read_inputs([docs])):
        if result.error is not None:
            failures += 1
            click.echo(f"eventdesk: error: {result.error}", err=True)
            continue
        records.extend(event.to_dict() for event in result.events)
    if failures:
        click.echo(f"eventdesk: {failures} input(s) could not be read or processed; "
                   "their gold events count as missed.", err=True)
    return records
