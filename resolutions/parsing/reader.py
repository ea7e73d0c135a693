"""Read a resolution file's bytes into text, refusing what is not text with a clear message."""

from __future__ import annotations

import codecs
from pathlib import Path

from .structures import ParseError

ACCEPTED = "UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark"


def decode(data: bytes, name: str = "the file") -> str:
    """Decode file bytes; raise ParseError for empty, binary or wrongly encoded content."""
    if not data.strip():
        raise ParseError(f"{name} is empty: there is no resolution text to read.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError(
                f"{name} starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"(byte {error.start}). Save it as {ACCEPTED}."
            ) from error
    else:
        if b"\x00" in data:
            raise ParseError(
                f"{name} looks like a binary file (it contains NUL bytes), not text. "
                f"Resolution files must be plain text in {ACCEPTED}."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ParseError(
                f"{name} is not UTF-8 text (undecodable byte 0x{data[error.start]:02x} at "
                f"position {error.start}; perhaps Latin-1 or Windows-1252). Accepted "
                f"encodings: {ACCEPTED}."
            ) from error
    if "\x00" in text:
        raise ParseError(f"{name} contains NUL characters: it looks binary, not text.")
    if not text.strip():
        raise ParseError(f"{name} contains only whitespace: there is no resolution text.")
    if _mostly_control(text):
        raise ParseError(f"{name} looks like a binary file, not text.")
    return text


def read_text(path: str | Path) -> str:
    """The decoded text of the file at `path`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(f"Cannot read {path.name}: {error.strerror or error}.") from error
    return decode(data, path.name)


def _mostly_control(text: str) -> bool:
    sample = text[:4000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control > max(8, len(sample) // 20)
