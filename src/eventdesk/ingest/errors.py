"""Errors of the ingest stage.

``IngestError`` is a value, not an exception: ``read_inputs`` yields it in place of the document it
could not read, so one bad file never stops a batch. ``Unreadable`` is the internal exception the
readers raise; ``read_inputs`` turns it into an ``IngestError`` naming the input.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class IngestError:
    path: str
    line: Optional[int]
    message: str
    doc_id: Optional[str] = None   # the document's id, when the input got as far as naming one

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.doc_id is not None and not self._id_is_the_place():
            where += f" (id {self.doc_id!r})"
        return f"{where}: {self.message}"

    def _id_is_the_place(self) -> bool:
        """The id a reader gives a document that names none (its file's name or relative path, a
        JSONL line's "name:line") says nothing the file and line do not."""
        path, doc_id = str(self.path), str(self.doc_id)
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        return (doc_id == path or path.replace("\\", "/").endswith("/" + doc_id.replace("\\", "/"))
                or (self.line is not None and doc_id == f"{name}:{self.line}"))


class Unreadable(Exception):
    """Raised by a reader for an input it cannot turn into a document; ``line`` when known."""

    def __init__(self, message: str, line: Optional[int] = None, doc_id: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.doc_id = doc_id
