"""``eventdesk train``: build the relevance-and-type model from the packaged corpus and a team's data."""
from __future__ import annotations

from pathlib import Path

import click

from . import main
from .params import quiet_option


@main.command()
@click.option("--from", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Coded data to train on as well: an ACLED export CSV (notes, sub_event_type) or JSONL "
                   "({'text', 'label'} lines, or eventdesk records). Repeatable.")
@click.option("--only", is_flag=True, help="Train on the --from files alone, not the packaged corpus.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Save the model in this folder (use it with EVENTDESK_MODEL=FOLDER). "
                   "Default: the cache, as the model extraction uses.")
@quiet_option
def train(extra, only, out):
    """Train the model that decides relevance and ACLED type."""
    from ..textcat import train as fit
    from ..textcat.model import default_model_path

    if only and not extra:
        raise click.UsageError("--only needs at least one --from file")
    target = out or default_model_path()
    try:
        model = fit(extra=list(extra), out=target, packaged=not only)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    labels = model.config["labels"]
    click.echo(f"{target}: {model.config['examples']} examples, {len(labels)} labels "
               f"({model.config['architecture']})")
    if out:
        click.echo(f"use it with: EVENTDESK_MODEL={target} eventdesk extract ...")
