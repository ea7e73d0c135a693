"""Clean markdown and PDF-extracted text into plain lines, dropping page furniture.

The output is a list of stripped lines in which "" is a blank line and PAGE_BREAK marks
where a page break or removed running header/footer stood. Both separate blocks; neither
decides on its own whether a paragraph continues (body.py does that from the words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PAGE_BREAK = "\f"

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)

# A UN document symbol: "A/RES/70/291", "E/CN.15/2015/L.5", "S/RES/2178 (2014)".
SYMBOL_PATTERN = r"[A-Z][A-Z0-9]*(?:\.\d+)?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?:\s\(\d{4}\))?"
_LONE_SYMBOL = re.compile(rf"^({SYMBOL_PATTERN})\**$")

_ESCAPABLE = "\\`*_{}[]()#+-.!|<>~\"'"
_PRIVATE_BASE = 0xE000  # escaped characters hide in the private-use area while markdown goes

# Tokens that make up running headers and footers of PDF pages.
_FURNITURE_TOKEN = re.compile(
    r"^(?:[A-Z]{1,3}\.\d{2}-\d{4,6}(?:\([A-Z]\))?"  # V.15-03456, GE.22-12345(E)
    r"|\d{2}-\d{4,6}(?:\([A-Z]\))?"  # 15-12345
    r"|\([A-Z]\)"  # (E)
    r"|\d{1,3}/\d{1,3}"  # 2/6 page counter
    r"|\*?\d{5,9}\*?"  # *1512345* barcode text, 150515 date stamp
    r")$"
)
_FURNITURE_LINE = re.compile(
    r"^(?:\d{1,3}|page\s+\d+(?:\s+of\s+\d+)?|please\s+recycle.*|advance\s+unedited\s+version"
    r"|-\s*\d{1,3}\s*-)$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,}|(?:- ){2,}-)$")


@dataclass(slots=True)
class CleanText:
    """Lines after clean-up, plus symbols printed on lines of their own (running headers)."""

    lines: list[str]
    lone_symbols: list[tuple[int, str]] = field(default_factory=list)
    footnote_rules: set[int] = field(default_factory=set)  # "________" lines above footnotes


def clean(text: str) -> CleanText:
    """Markdown and PDF clean-up; see the module docstring for the output's shape."""
    text = _normalize_characters(text)
    text = _hide_escapes(text)
    text = _strip_markdown(text)
    result = CleanText(lines=[])
    for raw in text.split("\n"):
        line = _restore_escapes(raw)
        line = _tidy_line(line)
        if not line:
            result.lines.append("")
        elif re.fullmatch(r"_{5,}", line):
            result.footnote_rules.add(len(result.lines))
            result.lines.append(PAGE_BREAK)
        elif line == PAGE_BREAK or _RULE.match(line) or _is_furniture(line):
            result.lines.append(PAGE_BREAK)
        elif _LONE_SYMBOL.match(line):
            # Kept aside: the first one is usually the document's own symbol.
            result.lone_symbols.append((len(result.lines), _LONE_SYMBOL.match(line).group(1)))
            result.lines.append(PAGE_BREAK)
        else:
            result.lines.append(line)
    _merge_bare_numbers(result.lines)
    return result


def _merge_bare_numbers(lines: list[str]) -> None:
    """PDF text may print "1." or "(a)" on a line of its own; join it to the next line."""
    for i, line in enumerate(lines):
        if re.fullmatch(r"\d{1,3}\.|\(\w{1,4}\)", line):
            for j in range(i + 1, min(i + 4, len(lines))):
                if lines[j] and lines[j] != PAGE_BREAK:
                    lines[j] = f"{line} {lines[j]}"
                    lines[i] = ""
                    break


def to_superscript(digits: str) -> str:
    return digits.translate(_TO_SUPERSCRIPT)


def from_superscript(marker: str) -> str:
    return marker.translate(str.maketrans(SUPERSCRIPT_DIGITS, "0123456789"))


def _normalize_characters(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", f"\n{PAGE_BREAK}\n")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)  # zero-width, soft hyphen
    return text


def _hide_escapes(text: str) -> str:
    return re.sub(
        r"\\([" + re.escape(_ESCAPABLE) + r"])",
        lambda m: chr(_PRIVATE_BASE + ord(m.group(1))),
        text,
    )


def _restore_escapes(text: str) -> str:
    return re.sub(
        r"[\ue000-\ue0ff]",
        lambda m: chr(ord(m.group()) - _PRIVATE_BASE),
        text,
    )


def _strip_markdown(text: str) -> str:
    # <sup>12</sup> becomes Unicode superscript so that one marker syntax remains.
    text = re.sub(r"<sup>\s*(\d+)\s*</sup>", lambda m: to_superscript(m.group(1)), text, flags=re.I)
    text = re.sub(r"<sup>\s*(.*?)\s*</sup>", r"\1", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</?[A-Za-z][^<>\n]*>", "", text)
    text = re.sub(r"!\[[^\]\n]*\]\([^)\n]*\)", "", text)  # images carry no text
    text = re.sub(r"\[([^\]\n]*)\]\([^)\n]*\)", r"\1", text)  # [70/291](#) -> 70/291
    text = re.sub(r"(?m)^[ ]{0,3}#{1,6}[ ]+", "", text)
    text = re.sub(r"(?m)^[ ]{0,3}#{1,6}$", "", text)
    text = re.sub(r"(?m)^[ ]*>[ ]?", "", text)
    # Bold may wrap over lines (a long sponsor line) but never over a blank line.
    bold = r"(\*\*|__)(?=\S)((?:(?!\1)(?:[^\n]|\n(?![ ]*\n)))+?)(?<=\S)\1"
    for _ in range(3):
        text = re.sub(bold, r"\2", text)
    text = re.sub(r"(?m)(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?m)(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])", r"\1", text)
    # Leftover unmatched strong-emphasis markers ("**Title" cut by a page break).
    text = re.sub(r"\*\*+(?=\S)|(?<=\S)\*\*+", "", text)
    return text


def _tidy_line(line: str) -> str:
    line = " ".join(line.split())
    if line == PAGE_BREAK:
        return line
    # List bullets: "- 1. Urges" -> "1. Urges"; "* 1." too, but "* E/CN.15/..." is a footnote.
    line = re.sub(r"^[-+•▪◦·●]\s+", "", line)
    line = re.sub(r"^\*\s+(?=\d{1,3}\s*\.\s)", "", line)
    line = re.sub(r"^(\d{1,3})\s+\.\s*(?=\S)", r"\1. ", line)  # "1 . Urges" in bad PDF text
    line = re.sub(r"^(\d{1,3})\.(?=[A-Z])", r"\1. ", line)
    line = re.sub(r"^\((\w{1,4})\)(?=[A-Za-z])", r"(\1) ", line)
    return line.strip()


def _is_furniture(line: str) -> bool:
    if _FURNITURE_LINE.match(line):
        return True
    tokens = line.split()
    if not tokens:
        return False
    furniture = [bool(_FURNITURE_TOKEN.match(t)) for t in tokens]
    if all(furniture):
        return True
    # "E/CN.15/2015/L.5 2/6" or "2/6 V.15-03456 A/RES/70/291": a symbol among page marks.
    rest = [t for t, f in zip(tokens, furniture, strict=True) if not f]
    return any(furniture) and len(rest) == 1 and bool(_LONE_SYMBOL.match(rest[0]))
