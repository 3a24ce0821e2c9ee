"""Ingest stage: turn paths (text, HTML, JSONL, directories, stdin) into Documents.

Public interface (the pipeline and CLI depend on these names):

- ``read_inputs(paths, published=None) -> Iterator[Document | IngestError]``
- ``IngestError(path, line, message)``: one unreadable input; the batch goes on.
- ``IngestSettings``: limits and extraction options, in one place.

What a PATH may be:

- ``.txt`` (or any file not recognised as HTML): one document, id = the file's basename.
- ``.html`` / ``.htm``: main text and metadata (title, date, url, site) by trafilatura.
- ``.jsonl``: one document a line, ``{"id", "text", "published"?, "title"?, "url"?, "source"?}``.
- a directory: those extensions, recursively, sorted; hidden files and folders skipped.
- ``-``: standard input: JSONL when its first non-blank character is ``{`` (each line then read as
  a JSONL file's: a bad line is an error for that line, never a reason to read it all as text),
  else one text document; ``stdin_text=True`` (``extract --text``) always reads it as text.

``Document.text`` is the decoded string (byte-order mark dropped, line endings kept); offsets
index it. Control characters (other than whitespace) become spaces and lone surrogates U+FFFD,
one character for one, in every reader; UTF-16 without a byte-order mark is recognised by its
NUL bytes. Every error names the file, the line (JSONL) and the id when known. ``published`` applies to inputs that carry no date of their own.
"""
from __future__ import annotations

import os
import sys
from datetime import date
from typing import Iterable, Iterator, Optional, Union

from ..model import Document
from .errors import IngestError, Unreadable
from .readers import STDIN_NAME, directory_files, read_file, read_stdin
from .settings import DEFAULT_SETTINGS, IngestSettings

__all__ = ["IngestError", "IngestSettings", "read_inputs", "read_path"]


def read_inputs(paths: Iterable[str], published: Optional[date] = None,
                settings: IngestSettings = DEFAULT_SETTINGS,
                stdin_text: bool = False) -> Iterator[Union[Document, IngestError]]:
    """Documents from every path in order; an ``IngestError`` in place of each unreadable input."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not an iterable of characters
    for path in paths:
        yield from read_path(os.fspath(path), published, settings, stdin_text=stdin_text)


def read_path(path: str, published: Optional[date] = None,
              settings: IngestSettings = DEFAULT_SETTINGS,
              stdin_text: bool = False) -> Iterator[Union[Document, IngestError]]:
    if path == "-":
        yield from _guarded(STDIN_NAME, lambda: read_stdin(sys.stdin.buffer, published, settings,
                                                           as_text=stdin_text))
    elif os.path.isdir(path):
        files = directory_files(path, settings)
        if not files:
            kinds = ", ".join(settings.directory_extensions)
            yield IngestError(path, None, f"no {kinds} files in directory")
        for file_path in files:
            yield from _guarded(file_path, lambda: read_file(file_path, published, settings))
    elif not os.path.exists(path):
        yield IngestError(path, None, "no such file or directory")
    else:
        yield from _guarded(path, lambda: read_file(path, published, settings))


def _guarded(path: str, read) -> Iterator[Union[Document, IngestError]]:
    """Run one reader; whatever it cannot read becomes an ``IngestError`` naming ``path``."""
    try:
        yield from read()
    except Unreadable as problem:
        yield IngestError(path, problem.line, problem.message, doc_id=problem.doc_id)
    except RecursionError:
        yield IngestError(path, None, "could not be read: nested too deeply")
    except OSError as exc:
        yield IngestError(path, None, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug must cost one input, not the batch
        yield IngestError(path, None, f"could not be read: {type(exc).__name__}: {exc}")
