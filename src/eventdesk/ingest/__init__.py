"""Ingest stage: turn paths (text, HTML, JSONL, directories, stdin) into Documents.

Public interface (the pipeline and CLI depend on these names):

- ``read_inputs(paths, published=None) -> Iterator[Document | IngestError]``
- ``IngestError(path, line, message)``: one unreadable input; the batch goes on.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class IngestError:
    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
