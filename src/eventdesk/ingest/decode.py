"""Bytes to text, refusing rather than guessing.

Decision: ``Document.text`` is the decoded
string, with a leading byte-order mark removed and line endings kept as they are, so every
character offset indexes ``Document.text`` (not the file's bytes). Invalid UTF-8 is an error that
names the line and byte: a silent cp1252 guess would quietly corrupt names and quotes.
"""
from __future__ import annotations

import codecs
import re

from .errors import Unreadable
from typing import Optional

from .settings import IngestSettings

# Bytes that never occur in text, apart from NUL which settles the question on its own.
_CONTROL_BYTES = frozenset(range(0x01, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# Characters no text should hold: C0 controls other than whitespace, DEL, and lone surrogates
# (JSON's "\ud800" decodes to one; it cannot be encoded, hashed or written as UTF-8). Each is
# replaced by one character, so every offset into the text stays where it was.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_REPLACEMENTS = {"\x7f": " "} | {chr(c): " " for c in range(0x00, 0x20)}


def clean_text(text: str) -> str:
    """``text`` with control characters turned into spaces and lone surrogates into U+FFFD."""
    if not _BAD_CHARS.search(text):
        return text
    return _BAD_CHARS.sub(lambda m: _REPLACEMENTS.get(m.group(), "\ufffd"), text)


def utf16_without_bom(data: bytes) -> Optional[str]:
    """The text of UTF-16 bytes without a byte-order mark, or None if they do not read as text.

    Tried only on what the binary sniffing refused: an even length, strictly valid UTF-16 in one
    byte order, and hardly any control characters once decoded."""
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    # Latin-script UTF-16: the high byte of most characters is NUL, the low byte never is.
    codecs_to_try = [codec for codec, high, low in (("utf-16-le", nul_odd, nul_even), ("utf-16-be", nul_even, nul_odd))
                     if high >= 0.3 and low <= 0.02]
    best = None
    for codec in codecs_to_try:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        bad = sum(1 for ch in sample if (ord(ch) < 0x20 and ch not in "\t\n\r\x0b\x0c") or ch == "\x7f")
        if bad <= len(sample) * 0.01 and (best is None or bad < best[0]):
            best = (bad, text)
    return best[1] if best else None


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
