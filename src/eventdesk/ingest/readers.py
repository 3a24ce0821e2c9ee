"""One reader per kind of input. Each yields Documents and raises ``Unreadable`` for what it
cannot read; a JSONL reader yields ``IngestError`` for a bad line and goes on with the next."""
from __future__ import annotations

import io
import json
import os
import re
from datetime import date, datetime
from typing import BinaryIO, Iterator, Optional, Union

from ..model import Document
from .decode import check_not_binary, check_not_empty, clean_text, decode_utf8, utf16_without_bom
from .errors import IngestError, Unreadable
from .html import decode_html, extract_article, looks_like_html
from .settings import DEFAULT_SETTINGS, IngestSettings

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
    try:
        check_not_binary(data, settings)
    except Unreadable:
        text = utf16_without_bom(data)   # NUL bytes in every other place: UTF-16 text, no BOM
        if text is None:
            raise
    else:
        text = decode_utf8(data)
    text = clean_text(text)
    check_not_empty(text)
    return Document(id=doc_id, text=text, published=published, path=path)


def html_document(data: bytes, doc_id: str, path: str, published: Optional[date],
                  settings: IngestSettings) -> Document:
    if not data.strip():
        raise Unreadable("empty document")
    check_not_binary(data, settings)
    article = extract_article(decode_html(data), settings)
    return Document(id=doc_id, text=clean_text(article.text), published=article.published or published,
                    title=_clean_optional(article.title), url=_clean_optional(article.url),
                    source=_clean_optional(article.sitename), path=path)


def _clean_optional(value: Optional[str]) -> Optional[str]:
    return None if value is None else clean_text(value)


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
        if not raw.removeprefix(b"\xef\xbb\xbf" if line_number == 1 else b"").strip():
            continue
        found_any = True
        yield jsonl_item(raw, line_number, path, published, settings)
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
            _check_depth(first_line, settings.max_json_depth)
            json.loads(first_line)
        except (ValueError, RecursionError, Unreadable):
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


def jsonl_item(raw: bytes, line_number: int, path: str, published: Optional[date],
               settings: IngestSettings = DEFAULT_SETTINGS) -> Item:
    """One JSONL line as a Document, or an ``IngestError`` naming the line (and the id, when the
    line got as far as giving one). Never raises: whatever goes wrong costs this line only."""
    try:
        return _jsonl_document(raw, line_number, path, published, settings)
    except Unreadable as problem:
        return IngestError(path, line_number, problem.message, doc_id=problem.doc_id)
    except Exception as exc:  # a reader bug must cost one line, not the file
        return IngestError(path, line_number, f"could not be read: {type(exc).__name__}: {exc}")


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_OPEN_CLOSE = re.compile(rb"[\[\]{}]")


def _check_depth(raw: bytes, limit: int) -> None:
    """``Unreadable`` when the JSON nests arrays or objects deeper than ``limit`` (a document
    needs 2 or 3; Python's parser would hit its recursion limit near 1,000). Linear."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return
    depth = 0
    for bracket in _JSON_OPEN_CLOSE.findall(_JSON_STRING.sub(b"", raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > limit:
                raise Unreadable(f"malformed JSON: nested deeper than {limit} levels")
        else:
            depth -= 1


def _jsonl_document(raw: bytes, line_number: int, path: str, published: Optional[date],
                    settings: IngestSettings = DEFAULT_SETTINGS) -> Document:
    if line_number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"invalid UTF-8 at byte {exc.start} of the line (0x{raw[exc.start]:02x})") from None
    _check_depth(raw, settings.max_json_depth)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise Unreadable("malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise Unreadable(f"expected a JSON object, got {_json_type(record)}")
    doc_id = record.get("id")
    if doc_id is None or doc_id == "":
        doc_id = f"{os.path.basename(path)}:{line_number}"
    elif isinstance(doc_id, (dict, list)):
        raise Unreadable(f'"id" must be a string or a number, got {_json_type(doc_id)}')
    doc_id = clean_text(str(doc_id))
    if "text" not in record:
        raise Unreadable('JSON object has no "text" field', doc_id=doc_id)
    text = record["text"]
    if not isinstance(text, str):
        raise Unreadable(f'"text" must be a string, got {_json_type(text)}', doc_id=doc_id)
    text = clean_text(text)
    try:
        check_not_empty(text)
        day = _parse_published(record.get("published"))
    except Unreadable as problem:
        problem.doc_id = doc_id
        raise
    return Document(
        id=doc_id, text=text, published=day or published,
        title=_optional_str(record.get("title")), url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")), path=path, line=line_number)


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
    return None if value is None or value == "" else clean_text(str(value))


def _json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# -- standard input -----------------------------------------------------------------------------

def read_stdin(stream: BinaryIO, published: Optional[date], settings: IngestSettings,
               as_text: bool = False) -> Iterator[Item]:
    """JSONL when the first non-blank character is ``{`` (streamed line by line, as a file: a bad
    line is an error for that line); otherwise, or with ``as_text``, one plain-text document with
    id "stdin"."""
    head = b""
    while len(head) <= settings.max_document_bytes:
        chunk = stream.read1(64 * 1024) if hasattr(stream, "read1") else stream.read(64 * 1024)
        if not chunk:
            break
        head += chunk
        if head.removeprefix(b"\xef\xbb\xbf").strip():
            break
    if not as_text and head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        yield from read_jsonl(io.BufferedReader(_Prefixed(head, stream)), STDIN_NAME, published, settings)
        return
    data = head + stream.read(max(0, settings.max_document_bytes + 1 - len(head)))
    if len(data) > settings.max_document_bytes:
        raise Unreadable(f"too large: more than the limit of "
                         f"{settings.max_document_bytes / (1024 * 1024):.1f} MB per document")
    yield text_document(data, "stdin", STDIN_NAME, published, settings)


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._rest.read1(len(buffer)) if hasattr(self._rest, "read1") else self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


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
