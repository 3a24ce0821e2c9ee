"""Commands of the geo stage (registered on import): ``eventdesk gazetteer build|import|lookup``."""
from pathlib import Path

import click

from . import main
from .params import quiet_option


@main.group()
def gazetteer() -> None:
    """The offline gazetteer behind event locations."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the index exists.")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the index here instead of the cache directory.")
@quiet_option
def build_command(force: bool, path) -> None:
    """Build the gazetteer index from the GeoNames data shipped in Python packages."""
    from ..geo import Gazetteer, build_gazetteer

    out = build_gazetteer(path, force=force)
    stats = Gazetteer(out).stats()
    click.echo(f"{out}: " + ", ".join(f"{v} {k}" for k, v in sorted(stats.items())))


@gazetteer.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A GeoNames alternateNames file (alternateNamesV2.txt or a country's).")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the index here instead of the cache directory.")
@click.option("--dump-only", is_flag=True, help="Index the dump's places only, not the packaged ones.")
def import_command(dump: Path, alternate_names, path, dump_only: bool) -> None:
    """Add a full GeoNames dump (allCountries.txt or a country file like AF.txt) to the index."""
    from ..geo import Gazetteer, import_geonames

    out = import_geonames(dump, alternate_names, path, with_packaged=not dump_only)
    stats = Gazetteer(out).stats()
    click.echo(f"{out}: " + ", ".join(f"{v} {k}" for k, v in sorted(stats.items())))


@gazetteer.command("lookup")
@click.argument("name")
def lookup_command(name: str) -> None:
    """List the places a name may denote."""
    from ..geo import get_gazetteer

    for p in get_gazetteer().lookup(name):
        click.echo(f"{p.name}\t{p.kind}\t{p.admin1 or ''}\t{p.country}\t{p.latitude:.4f},"
                   f"{p.longitude:.4f}\tpop {p.population}")
