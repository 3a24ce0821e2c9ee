"""What a long command tells its user while it runs: a progress bar (tqdm) on a terminal,
nothing in pipes and CI, and one-line notices of slow first-run work (building the gazetteer
index or the relevance model).

``quiet(True)`` (the CLI's ``--quiet``, or ``EVENTDESK_QUIET=1``) silences both; errors are not
feedback and are always reported.
"""
from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")
_quiet: Optional[bool] = None


def quiet(value: bool = True) -> None:
    global _quiet
    _quiet = value


def is_quiet() -> bool:
    if _quiet is not None:
        return _quiet
    return os.environ.get("EVENTDESK_QUIET", "") not in ("", "0")


def _bars_wanted() -> bool:
    # CI logs keep every redraw of a bar as a line: none there, nor when stderr is not a terminal.
    return not is_quiet() and not os.environ.get("CI") and sys.stderr.isatty()


def progress(items: Iterable[T], description: str, unit: str = "doc", total: Optional[int] = None) -> Iterator[T]:
    """``items``, drawing a bar on stderr when it is a terminal."""
    if not _bars_wanted():
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, desc=description, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True,
              leave=False) as bar:
        yield from bar


class Counter:
    """A bar advanced by hand (results arriving from workers)."""

    def __init__(self, description: str, total: Optional[int], unit: str) -> None:
        self._bar = None
        if _bars_wanted():
            from tqdm import tqdm
            self._bar = tqdm(desc=description, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True,
                             leave=False)

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def say(message: str) -> None:
    """A line on stderr that does not tear a bar being drawn (errors, summaries)."""
    if _bars_wanted():
        from tqdm import tqdm
        tqdm.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr, flush=True)


def notice(message: str) -> None:
    """An informational line (slow first-run work), unless quiet."""
    if not is_quiet():
        say(f"eventdesk: {message}")
