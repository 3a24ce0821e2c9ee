"""Argument checks shared by the library and the CLI, so both accept and refuse the same values
with the same message, naming the argument.

The library raises ``ArgumentError`` (a ValueError); the CLI's parameter types (``cli/params.py``)
call the same functions and turn the error into click's usage error for that option.
"""
from __future__ import annotations

import os
from datetime import date
from typing import Iterable, Optional, Union


class ArgumentError(ValueError):
    """A bad argument value; ``name`` is the argument, ``detail`` what is wrong with it."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"{name}: {detail}")
        self.name = name
        self.detail = detail


def iso_date(value: Union[str, date, None], name: str) -> Optional[str]:
    """A calendar day as YYYY-MM-DD (2023-13-01 is refused), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ArgumentError(name, f"not a YYYY-MM-DD date: {value!r}") from None


def choice(value: Optional[str], choices: Iterable[str], name: str) -> Optional[str]:
    if value is None:
        return None
    allowed = tuple(choices)
    if value not in allowed:
        raise ArgumentError(name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def fraction(value: Union[float, str, None], name: str) -> Optional[float]:
    """A number from 0 to 1 (a confidence)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ArgumentError(name, f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise ArgumentError(name, f"must be between 0 and 1, not {value!r}")
    return number


def date_range(since: Optional[str], until: Optional[str]) -> None:
    if since and until and since > until:
        raise ArgumentError("since", f"{since} is after until ({until})")


def existing_store(target: str, name: str = "db") -> str:
    """A store that must already exist: reading a misspelt SQLite path must not create an empty
    database and report nothing. PostgreSQL URLs are checked by connecting."""
    from .store.dialect import is_postgres_url

    if not is_postgres_url(target) and target != ":memory:" and not os.path.isfile(target):
        raise ArgumentError(name, f"no store at {target!r} (`eventdesk ingest --db {target} PATH...` creates one)")
    return target
