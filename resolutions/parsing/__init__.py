"""Pure-Python parser of United Nations resolution texts (no Django here).

`parse_resolution(text, source)` parses text; `parse_file(path)` reads and decodes a file
first. Both return a `ParsedResolution` or raise `ParseError` with a message for a person.
"""

from __future__ import annotations

from pathlib import Path

from .parser import parse_resolution
from .reader import read_text
from .structures import ParsedResolution, ParseError


def parse_file(path: str | Path) -> ParsedResolution:
    """Read `path` (UTF-8, UTF-8 with BOM, or UTF-16 with BOM) and parse it."""
    path = Path(path)
    return parse_resolution(read_text(path), source=path.name)


__all__ = ["ParseError", "ParsedResolution", "parse_file", "parse_resolution"]
