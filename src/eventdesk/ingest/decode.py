"""Bytes to text, refusing rather than guessing.

Decision: ``Document.text`` is the decoded
string, with a leading byte-order mark removed and line endings kept as they are, so every
character offset indexes ``Document.text`` (not the file's bytes). Invalid UTF-8 is an error that
names the line and byte: a silent cp1252 guess would quietly corrupt names and quotes.
"""
from __future__ import annotations

import codecs

from .errors import Unreadable
from .settings import IngestSettings

# Bytes that never occur in text, apart from NUL which settles the question on its own.
_CONTROL_BYTES = frozenset(range(0x01, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def check_not_binary(data: bytes, settings: IngestSettings) -> None:
    """Raise ``Unreadable`` when the first bytes look like a binary file rather than text."""
    if data.startswith(_UTF16_BOMS):
        return  # UTF-16 text is full of NUL bytes; its byte-order mark says what it is
    sample = data[: settings.sniff_bytes]
    if not sample:
        return
    if b"\x00" in sample:
        raise Unreadable("binary file, not text (contains NUL bytes)")
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls / len(sample) > settings.max_control_ratio:
        raise Unreadable(f"binary file, not text ({controls} control bytes in the first {len(sample)})")


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a UTF-8 or UTF-16 byte-order mark is honoured and dropped)."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Unreadable(f"invalid UTF-16 at byte {exc.start}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unreadable(
            f"invalid UTF-8 at line {line}, byte {exc.start} (0x{data[exc.start]:02x}); "
            "re-encode the file as UTF-8") from None


def check_not_empty(text: str) -> None:
    if not text.strip():
        raise Unreadable("empty document")
