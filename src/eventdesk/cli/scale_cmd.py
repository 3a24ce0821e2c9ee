"""``eventdesk scale``: extraction on a Dask cluster, partitioned and resumable."""
from __future__ import annotations

import sys
import click

from ..feedback import Counter, say
from . import main
from .params import ISO_DATE, quiet_option

# Errors echoed on the terminal; the full list is in OUT/errors.jsonl.
SHOWN_ERRORS = 20


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder: events/, documents/, manifest/ parts, errors.jsonl, run.json.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler of an existing cluster (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster (default: one per core).")
@click.option("--partition-size", type=click.IntRange(min=1), default=None,
              help="Documents per partition (default: enough partitions for every local worker, at most 500 "
                   "documents each; 500 on a cluster). Keep it when resuming a run.")
@click.option("--parquet", is_flag=True, help="Also write each partition's events as Parquet, in OUT/events.parquet/ "
                                              "(a dataset folder).")
@click.option("--published", type=ISO_DATE, help="Publication date for inputs that carry none.")
@click.option("--db", metavar="FILE|URL", default=None,
              help="After the run, load the documents and events into this store and fuse them.")
@quiet_option
def scale(paths, out_dir, scheduler, workers, partition_size, parquet, published, db):
    """Extract events from PATHS (.txt, .html, .jsonl, directories, globs) on a Dask cluster.

    Rerun the same command to resume a killed run: finished partitions are skipped. A bad
    document is reported with its file and line and the rest are processed; the exit status
    is 0 only if every document was read and every partition finished.
    """
    from .. import scale as scaled

    if scheduler and workers:
        raise click.UsageError("--workers sizes the local cluster; with --scheduler the cluster has its own workers")
    bar: list[Counter] = []
    try:
        report = scaled.run(list(paths), out_dir, scheduler=scheduler, n_workers=workers,
                            partition_size=partition_size, published=published, parquet=parquet,
                            on_plan=lambda n: bar.append(Counter("scale", n, "partition")),
                            on_partition=lambda outcome: bar and bar[0].update())
    except ValueError as exc:
        raise click.UsageError(str(exc))
    finally:
        for b in bar:
            b.close()
    for error in report.errors[:SHOWN_ERRORS]:
        where = f"{error['path']}:{error['line']}" if error.get("line") else error["path"]
        say(f"eventdesk: error: {where}: {error['message']}")
    if len(report.errors) > SHOWN_ERRORS:
        click.echo(f"eventdesk: ... and {len(report.errors) - SHOWN_ERRORS} more in {report.errors_path}", err=True)
    click.echo(f"eventdesk: {report}; output in {report.out_dir}", err=True)
    if db:
        from ..store import Store

        with Store(db) as store:
            summary = scaled.load_into_store(report.out_dir, store,
                                             on_error=lambda msg: click.echo(f"eventdesk: error: {msg}", err=True))
            counts = store.counts()
        click.echo(f"eventdesk: store {db}: {summary}; it now holds {counts['documents']} documents, "
                   f"{counts['mentions']} mentions, {counts['events']} fused events", err=True)
        if summary.errors:
            sys.exit(1)
    if not report.ok:
        sys.exit(1)
