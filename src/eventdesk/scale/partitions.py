"""Splitting the inputs into partitions, and reading one partition's documents on a worker.

The client only plans: it expands globs and directories and, for a JSON Lines file too large
for one partition, finds the byte offsets of its line boundaries (a scan for newline bytes, no
JSON parsing). The documents themselves are read by the worker that processes the partition,
with the ingest stage's readers, so a bad input is reported exactly as ``read_inputs`` reports
it: file, line and message, and the rest of the partition goes on.

A plan is deterministic for the same inputs and partition size, and each partition has a
``key`` that changes when its inputs change (size or modification time), so a rerun can tell
which finished partitions are still valid.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from typing import Iterable, Iterator, Optional, Union

from ..ingest import IngestError, read_path
from ..ingest.errors import Unreadable
from ..ingest.readers import _bounded_lines, _check_jsonl_not_binary, _jsonl_document, directory_files
from ..ingest.settings import DEFAULT_SETTINGS, IngestSettings
from ..model import Document

# Bump when what a partition's output holds changes, so older finished partitions are redone.
OUTPUT_FORMAT = 1
SCAN_CHUNK = 4 * 1024 * 1024
GLOB_CHARS = frozenset("*?[")

Item = Union[Document, IngestError]


@dataclass(frozen=True)
class Piece:
    """Part of one input: a whole path (read with ``read_path``) or a range of a JSONL file's lines.

    ``path`` is the name the user gave (what messages and ``Document.path`` show); ``source`` is
    the absolute path a worker opens, whatever its working directory.
    """

    path: str
    source: str
    count: int = 1                     # documents (JSON lines) it holds, as far as planning knows
    first_line: Optional[int] = None   # set for a range of lines: the first one's number ...
    offset: int = 0                    # ... and its byte offset
    size: int = -1
    mtime_ns: int = -1

    @property
    def is_range(self) -> bool:
        return self.first_line is not None


@dataclass(frozen=True)
class Partition:
    index: int
    pieces: tuple[Piece, ...]

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}"

    @property
    def documents(self) -> int:
        return sum(p.count for p in self.pieces)

    def key(self, published: Optional[date] = None) -> str:
        """Identity of the work: same key, same output. Covers the pieces and the options."""
        spec = {"format": OUTPUT_FORMAT, "published": published.isoformat() if published else None,
                "pieces": [asdict(p) for p in self.pieces]}
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:20]


# -- planning (on the client) -------------------------------------------------------------------

def expand_paths(paths: Iterable[str], settings: IngestSettings = DEFAULT_SETTINGS) -> list[str]:
    """Files to read, in ``read_inputs`` order: directories walked, globs expanded (sorted).

    A path that names nothing stays in the list, so the worker reports it as ``read_inputs`` would.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[str] = []
    for path in map(os.fspath, paths):
        if path == "-":
            raise ValueError("standard input cannot be spread over workers: save it to a .jsonl file first")
        if not os.path.exists(path) and GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if matches:
                out.extend(expand_paths(matches, settings))
                continue
        if os.path.isdir(path):
            files = directory_files(path, settings)
            out.extend(files or [path])   # an empty directory: the reader names the problem
        else:
            out.append(path)
    return out


def plan_partitions(paths: Iterable[str], partition_size: int,
                    settings: IngestSettings = DEFAULT_SETTINGS) -> list[Partition]:
    """Group the inputs into partitions of about ``partition_size`` documents each.

    Small files are packed together; a JSONL file longer than the room left is cut at line
    boundaries, so no partition holds much more than ``partition_size`` documents.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    partitions: list[Partition] = []
    current: list[Piece] = []
    room = partition_size

    def close() -> None:
        nonlocal current, room
        if current:
            partitions.append(Partition(len(partitions), tuple(current)))
        current, room = [], partition_size

    for path in expand_paths(paths, settings):
        for piece in _pieces(path, room, partition_size, settings):
            current.append(piece)
            room -= piece.count
            if room <= 0:
                close()
    close()
    return partitions


def _pieces(path: str, room: int, partition_size: int, settings: IngestSettings) -> Iterator[Piece]:
    source = os.path.abspath(path)
    try:
        stat = os.stat(source)
    except OSError:
        yield Piece(path, source)
        return
    stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    is_jsonl = os.path.splitext(path)[1].lower() in settings.jsonl_extensions
    if not is_jsonl or os.path.isdir(source) or not _looks_like_jsonl(source, settings):
        yield Piece(path, source, **stamp)
        return
    ranges = scan_line_ranges(source, room, partition_size)
    if len(ranges) <= 1:    # fits: the JSONL reader reads it whole, as read_inputs does
        yield Piece(path, source, count=max(1, ranges[0][2] if ranges else 1), **stamp)
        return
    for first_line, offset, count in ranges:
        yield Piece(path, source, count=count, first_line=first_line, offset=offset, **stamp)


def _looks_like_jsonl(source: str, settings: IngestSettings) -> bool:
    """False for a file the JSONL reader rejects as a whole (binary): it stays one piece and one
    error, as with ``read_inputs``, instead of being cut into thousands of bad lines."""
    try:
        with open(source, "rb") as stream:
            _check_jsonl_not_binary(stream, settings)
    except (Unreadable, OSError):
        return False
    return True


def scan_line_ranges(source: str, first: int, step: int) -> list[tuple[int, int, int]]:
    """Cut a file into ranges of ``first`` lines, then ``step`` lines each.

    Returns ``(first line number, byte offset, line count)`` per range. Counts newline bytes
    only, a chunk at a time, so memory stays flat whatever the file or line size.
    """
    starts = [(1, 0)]
    next_cut = 1 + first
    line = 1            # number of the line beginning at the current position
    base = 0
    size = 0
    last = b""
    with open(source, "rb") as stream:
        while True:
            chunk = stream.read(SCAN_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            last = chunk[-1:]
            newlines = chunk.count(b"\n")
            if line + newlines < next_cut:
                line += newlines
                base += len(chunk)
                continue
            at = 0
            while True:
                found = chunk.find(b"\n", at)
                if found < 0:
                    break
                line += 1
                at = found + 1
                if line == next_cut:
                    starts.append((line, base + at))
                    next_cut += step
            base += len(chunk)
    total = line if last not in (b"", b"\n") else line - 1
    if size == 0:
        return []
    starts = [(n, offset) for n, offset in starts if offset < size]
    ranges = []
    for i, (n, offset) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else total + 1
        ranges.append((n, offset, end - n))
    return ranges


# -- reading (on a worker) ----------------------------------------------------------------------

def read_partition(partition: Partition, published: Optional[date] = None,
                   settings: IngestSettings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """The documents of one partition, with an ``IngestError`` in place of each unreadable one,
    named by the path the user gave."""
    for piece in partition.pieces:
        items = _read_lines(piece, published, settings) if piece.is_range \
            else read_path(piece.source, published, settings)
        for item in items:
            if item.path == piece.source:
                item.path = piece.path
            yield item


def _read_lines(piece: Piece, published: Optional[date], settings: IngestSettings) -> Iterator[Item]:
    """One range of a JSONL file, line by line as the JSONL reader reads it (same checks, same
    messages, same line numbers and default ids)."""
    first, count = piece.first_line, piece.count
    try:
        with open(piece.source, "rb") as stream:
            stream.seek(piece.offset)
            for number, raw in _bounded_lines(stream, settings.max_document_bytes):
                line_number = first + number - 1
                if number > count:
                    return
                if raw is None:
                    yield IngestError(piece.source, line_number, "too large: line exceeds the limit of "
                                      f"{settings.max_document_bytes / (1024 * 1024):.1f} MB per document")
                    continue
                if not raw.strip():
                    continue
                try:
                    yield _jsonl_document(raw, line_number, piece.source, published)
                except Unreadable as problem:
                    yield IngestError(piece.source, line_number, problem.message)
    except OSError as exc:
        yield IngestError(piece.source, None, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug must cost one input, not the partition
        yield IngestError(piece.source, None, f"could not be read: {type(exc).__name__}: {exc}")
