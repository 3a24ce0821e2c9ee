"""The ``eventdesk`` command: a thin click layer over the library API.

Each stage registers its own commands from a module of this package, so the CLI grows with the
library without one file becoming a knot.
"""
import click


@click.group()
@click.version_option(package_name="eventdesk")
def main() -> None:
    """eventdesk: news reports in, evidence-backed conflict events out."""


from . import extract_cmd, geo_cmd, store_cmd  # noqa: E402,F401  (they register commands)
from . import scale_cmd, web_cmd  # noqa: E402,F401  (eventdesk scale; eventdesk serve)
from . import train_cmd  # noqa: E402,F401  (eventdesk train)
from . import evaluate_cmd  # noqa: E402,F401  (eventdesk evaluate)
from . import watch_cmd  # noqa: E402,F401  (eventdesk watch, feeds, watchlist, alerts, site)
