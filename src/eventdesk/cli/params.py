"""Parameter types and options shared by the commands. Each type calls the library's own check
(``eventdesk.arguments``), so the CLI and the API accept and refuse the same values; click puts
the option's name in front of the message."""
from __future__ import annotations

from datetime import date

import click

from ..arguments import ArgumentError, existing_store, fraction, iso_date


class IsoDate(click.ParamType):
    """YYYY-MM-DD, a real calendar day (2023-13-01 is refused); converts to ``date``."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(iso_date(value, param.name if param else "date"))
        except ArgumentError as exc:
            self.fail(exc.detail, param, ctx)


class Fraction(click.ParamType):
    name = "0-1"

    def convert(self, value, param, ctx):
        try:
            return fraction(value, param.name if param else "value")
        except ArgumentError as exc:
            self.fail(exc.detail, param, ctx)


ISO_DATE = IsoDate()
FRACTION = Fraction()

DB_HELP = ("The store: an SQLite file, or a postgresql://user@host/dbname URL for a shared PostgreSQL store "
           "(default: $EVENTDESK_DB or eventdesk.db).")


def _must_exist(ctx, param, value):
    from ..store import default_db_path

    target = value or default_db_path()
    try:
        return existing_store(target)
    except ArgumentError as exc:
        raise click.BadParameter(exc.detail, ctx=ctx, param=param)


# Commands that create or fill a store.
db_option = click.option("--db", metavar="FILE|URL", default=None, envvar="EVENTDESK_DB", help=DB_HELP)
# Commands that read or correct one: a store that is not there is an error, not an empty store.
existing_db_option = click.option("--db", metavar="FILE|URL", default=None, envvar="EVENTDESK_DB", help=DB_HELP,
                                  callback=_must_exist)


def _set_quiet(ctx, param, value):
    if value:
        from ..feedback import quiet
        quiet(True)
    return value


quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True, callback=_set_quiet,
                            help="No progress bar or notices (errors are still reported). Bars are drawn only "
                                 "on a terminal, never in pipes or CI.")
