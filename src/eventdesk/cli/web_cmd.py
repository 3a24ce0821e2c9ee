"""The ``serve`` command: the web dashboard over a store (registered on import)."""
from __future__ import annotations

import ipaddress

import click

from . import main


@main.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None, envvar="EVENTDESK_DB",
              help="SQLite store file (default: $EVENTDESK_DB or eventdesk.db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The dashboard has no login: keep it on this machine unless "
                   "everyone who can reach the address may read the store.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@click.option("--read-only", is_flag=True,
              help="Refuse every write (analysts' corrections, watchlists): the store is only read.")
def serve(db, host, port, quiet, read_only):
    """Serve the dashboard (map, timeline, filters, event pages with evidence) for a store.

    Offline: the page loads nothing from outside this server. The only writes are analysts'
    corrections from an event's page (split, merge) and watchlists, unless --read-only.
    """
    from ..store import default_db_path
    from ..web import make_server

    path = db or default_db_path()
    try:
        server = make_server(path, host, port, quiet=quiet, writable=not read_only)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    try:
        exposed = not ipaddress.ip_address(host).is_loopback
    except ValueError:
        exposed = host != "localhost"
    if exposed:
        click.echo(f"eventdesk: warning: listening on {host}, beyond this machine; there is no login"
                   + ("" if read_only else ", and whoever reaches it can correct the store (--read-only stops that)"),
                   err=True)
    click.echo(f"eventdesk dashboard for {path} at {server.url} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
