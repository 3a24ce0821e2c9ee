"""One reader per kind of input. Each yields Documents and raises ``Unreadable`` for what it
cannot read; a JSONL reader yields ``IngestError`` for a bad line and goes on with the next."""
from __future__ import annotations

import io
import json
import re
import os
from datetime import date, datetime
from typing import BinaryIO, Iterator, Optional, Union

from ..model import Document
from .decode import check_not_binary, check_not_empty, decode_utf8
from .errors import IngestError, Unreadable
from .html import decode_html, extract_article, looks_like_html
from .settings import IngestSettings

STDIN_NAME = "<stdin>"
Item = Union[Document, IngestError]


# -- files --------------------------------------------------------------------------------------

def read_file(path: str, published: Optional[date], settings: IngestSettings) -> Iterator[Item]:
    """A file named on the command line or found in a directory, read by its extension."""
    extension = os.path.splitext(path)[1].lower()
    if extension in settings.jsonl_extensions:
        with open(path, "rb") as stream:
            yield from read_jsonl(stream, path, published, settings)
        return
    data = _read_bounded(path, settings)
    if extension in settings.html_extensions or (
            extension not in settings.text_extensions and looks_like_html(data)):
        yield html_document(data, os.path.basename(path), path, published, settings)
    else:
        yield text_document(data, os.path.basename(path), path, published, settings)


def _read_bounded(path: str, settings: IngestSettings) -> bytes:
    size = os.path.getsize(path)
    if size > settings.max_document_bytes:
        raise Unreadable(_too_large(size, settings))
    with open(path, "rb") as stream:  # a pipe or device reports size 0: bound the read as well
        data = stream.read(settings.max_document_bytes + 1)
    if len(data) > settings.max_document_bytes:
        raise Unreadable(_too_large(len(data), settings))
    return data


def _too_large(size: int, settings: IngestSettings) -> str:
    return (f"too large: {size / (1024 * 1024):.1f} MB > limit of "
            f"{settings.max_document_bytes / (1024 * 1024):.1f} MB per document")


def text_document(data: bytes, doc_id: str, path: str, published: Optional[date],
                  settings: IngestSettings) -> Document:
    if not data.strip():
        raise Unreadable("empty document")
    check_not_binary(data, settings)
    text = decode_utf8(data)
    check_not_empty(text)
    return Document(id=doc_id, text=text, published=published, path=path)


def html_document(data: bytes, doc_id: str, path: str, published: Optional[date],
                  settings: IngestSettings) -> Document:
    if not data.strip():
        raise Unreadable("empty document")
    check_not_binary(data, settings)
    article = extract_article(decode_html(data), settings)
    return Document(id=doc_id, text=article.text, published=article.published or published,
                    title=article.title, url=article.url, source=article.sitename, path=path)


# -- JSON Lines ---------------------------------------------------------------------------------

def read_jsonl(stream: BinaryIO, path: str, published: Optional[date],
               settings: IngestSettings) -> Iterator[Item]:
    """One document per line: {"id", "text", "published"?, "title"?, "url"?, "source"?}.

    Streams the file, so its size is not limited, only each line's. A bad line becomes an
    ``IngestError`` naming the line, and the next line is read.
    """
    _check_jsonl_not_binary(stream, settings)
    found_any = False
    for line_number, raw in _bounded_lines(stream, settings.max_document_bytes):
        if raw is None:
            found_any = True
            yield IngestError(path, line_number, "too large: line exceeds the limit of "
                              f"{settings.max_document_bytes / (1024 * 1024):.1f} MB per document")
            continue
        if not raw.strip():
            continue
        found_any = True
        try:
            yield _jsonl_document(raw, line_number, path, published)
        except Unreadable as problem:
            yield IngestError(path, line_number, problem.message)
    if not found_any:
        raise Unreadable("empty file: no JSON lines")


def _check_jsonl_not_binary(stream: BinaryIO, settings: IngestSettings) -> None:
    """A binary file is one error, not thousands of malformed lines; but a JSONL file whose first
    line parses is read line by line even if a later line is corrupt."""
    head = stream.peek(settings.sniff_bytes)[: settings.sniff_bytes] if hasattr(stream, "peek") else b""
    try:
        check_not_binary(head, settings)
    except Unreadable:
        first_line = head.split(b"\n", 1)[0]
        try:
            json.loads(first_line)
        except ValueError:
            raise Unreadable("binary file, not JSON Lines") from None


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, Optional[bytes]]]:
    """(line number, bytes) pairs; ``None`` in place of a line longer than ``limit``, which is
    skipped without being held in memory."""
    line_number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        line_number += 1
        if len(raw) > limit:
            while not raw.endswith(b"\n"):
                raw = stream.readline(1024 * 1024)
                if not raw:
                    break
            yield line_number, None
        else:
            yield line_number, raw


def _jsonl_document(raw: bytes, line_number: int, path: str, published: Optional[date]) -> Document:
    if line_number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"invalid UTF-8 at byte {exc.start} of the line (0x{raw[exc.start]:02x})") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise Unreadable("malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise Unreadable(f"expected a JSON object, got {_json_type(record)}")
    if "text" not in record:
        raise Unreadable('JSON object has no "text" field')
    text = record["text"]
    if not isinstance(text, str):
        raise Unreadable(f'"text" must be a string, got {_json_type(text)}')
    text = readable(text)
    check_not_empty(text)
    doc_id = record.get("id")
    if doc_id is None or doc_id == "":
        doc_id = f"{os.path.basename(path)}:{line_number}"
    return Document(
        id=readable(str(doc_id)), text=text,
        published=_parse_published(record.get("published")) or published,
        title=_optional_str(record.get("title")), url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")), path=path, line=line_number)


# JSON's \u escapes can carry what no UTF-8 text can: lone surrogate halves, which crash any
# writer or hash, and control characters, which PostgreSQL refuses (NUL) and no reader wants.
_UNWRITABLE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def readable(value: str) -> str:
    """The string with lone surrogates as U+FFFD and control characters as spaces (same length)."""
    return _CONTROL.sub(" ", _UNWRITABLE.sub("\ufffd", value))


def _parse_published(value) -> Optional[date]:
    """ISO date or date-time ("2021-03-14", "2021-03-14T08:30:00Z"); null or "" for none."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]) if len(value) == 10 else \
                datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise Unreadable(f'"published" is not an ISO date (YYYY-MM-DD): {value!r}')


def _optional_str(value) -> Optional[str]:
    return None if value is None or value == "" else readable(str(value))


def _json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# -- standard input -----------------------------------------------------------------------------

def read_stdin(stream: BinaryIO, published: Optional[date], settings: IngestSettings) -> Iterator[Item]:
    """JSONL when the first non-empty line is a JSON object with "text" (a later bad line is an
    error for that line, never a reason to read the JSON as prose); otherwise one plain-text
    document with id "stdin"."""
    data = stream.read(settings.max_document_bytes + 1)
    if len(data) > settings.max_document_bytes:
        raise Unreadable(f"too large: more than the limit of "
                         f"{settings.max_document_bytes / (1024 * 1024):.1f} MB per document")
    if _is_jsonl(data):
        yield from read_jsonl(io.BufferedReader(io.BytesIO(data)), STDIN_NAME, published, settings)
    else:
        yield text_document(data, "stdin", STDIN_NAME, published, settings)


def _is_jsonl(data: bytes) -> bool:
    first = next((line for line in data.splitlines() if line.strip()), None)
    if first is None or not first.lstrip().startswith(b"{"):
        return False
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError alike
        return False
    return isinstance(record, dict) and "text" in record


# -- directories --------------------------------------------------------------------------------

def directory_files(root: str, settings: IngestSettings) -> list[str]:
    """Readable files under ``root``, recursively, sorted by path; hidden files and folders skipped."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in settings.directory_extensions:
                found.append(os.path.join(folder, name))
    return sorted(found, key=lambda path: os.path.relpath(path, root).split(os.sep))
