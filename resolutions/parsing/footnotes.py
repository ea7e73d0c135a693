"""Footnotes: take footnote blocks out of the running text, and markers out of paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import verbs
from .dates import MONTHS
from .normalize import PAGE_BREAK, SUPERSCRIPT_DIGITS, from_superscript
from .structures import FootnoteRef

_SUPER_LINE = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$")
_SYMBOL_LINE = re.compile(r"^(\*{1,3}(?=\s)|[†‡§])\s*(\S.*)$")
_PLAIN_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# Words after which a line-initial number is a quantity or a date, not a footnote marker.
_NOT_AFTER_NUMBER = frozenset(
    [
        *(m.lower() for m in MONTHS),
        "per",
        "percent",
        "years",
        "year",
        "months",
        "days",
        "and",
        "or",
        "to",
        "of",
    ]
)
_SUPER_RUN = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")


@dataclass(slots=True)
class RawFootnote:
    marker: str
    text: str
    line: int  # index of its first line in the cleaned text


def glued_marker_pattern(number: str) -> str:
    """Where a plain-digit marker may stand: glued to a word or after its punctuation.

    "Strategy1", "ones,1", "terrorism.1", "(2014).1" and "Child, 6 for" qualify;
    "resolution 1373", "para. 6", "2/6" and "countries, 6 per cent" do not, so a digit that is
    part of a number, date or symbol is never taken.
    """
    quantity = "|".join(sorted(_NOT_AFTER_NUMBER))
    glued = (
        rf"(?:(?<=[a-z]{{3}})|(?<=[A-Za-z][,.;:”\"’)])|(?<=\(\d{{4}}\))|(?<=\(\d{{4}}\)[,.;:])"
        rf"|(?<=\b(?:19|20)\d\d[,;]))"
        rf"{number}(?![\d/.\-]\d)(?=[\s,.;:)]|$)"
    )
    spaced = rf"(?<=[a-z]{{2}}, ){number}(?= (?!(?:{quantity})\b)[a-z])"
    return f"(?:{glued}|{spaced})"


def split_footnotes(
    lines: list[str], rules: set[int] | None = None
) -> tuple[list[str], list[RawFootnote]]:
    """Remove footnote blocks from `lines` (each becomes PAGE_BREAK) and return them.

    `rules` are the indices of "________" lines, below which PDF pages print footnotes.
    """
    rules = rules or set()
    out = list(lines)
    notes: list[RawFootnote] = []
    last_number = 0
    i = 0
    while i < len(out):
        line = out[i]
        after_rule = any(r in rules for r in range(max(0, i - 3), i)) and all(
            out[k] in ("", PAGE_BREAK) for k in range(max(0, i - 3), i) if k not in rules
        )
        found = _footnote_start(line, out, i, last_number, after_rule)
        if not found:
            i += 1
            continue
        marker, first = found
        if marker.isdigit():
            # Counted now, so that the next footnote line ("2 A/74/191.") ends this one.
            last_number = max(last_number, int(marker))
        parts = [first]
        out[i] = PAGE_BREAK
        text_open = _text_left_open(out, i)
        j = i + 1
        while j < len(out) and _continues_footnote(
            out[j], parts[-1], out, j, last_number, text_open
        ):
            parts.append(out[j])
            out[j] = PAGE_BREAK
            j += 1
        notes.append(RawFootnote(marker=marker, text=join_lines(parts), line=i))
        i = j
    return out, notes


def _footnote_start(
    line: str, lines: list[str], index: int, last_number: int, after_rule: bool = False
) -> tuple[str, str] | None:
    if not line or line == PAGE_BREAK:
        return None
    match = _SUPER_LINE.match(line)
    if match:
        return from_superscript(match.group(1)), match.group(2)
    match = _SYMBOL_LINE.match(line)
    if match:
        return match.group(1), match.group(2)
    match = _PLAIN_LINE.match(line)
    if match and _is_plain_footnote(match, lines, index, last_number, after_rule):
        return match.group(1), match.group(2)
    return None


def _is_plain_footnote(
    match: re.Match[str], lines: list[str], index: int, last: int, after_rule: bool = False
) -> bool:
    number, rest = match.group(1), match.group(2)
    # Footnotes are numbered in sequence; a plain number out of sequence is text.
    if int(number) != last + 1:
        return False
    first_word = re.match(r"[\w’'-]+", rest)
    if not first_word or first_word.group().lower() in _NOT_AFTER_NUMBER:
        return False
    if not (rest[0].isupper() or rest[0] in '“"(' or re.match(r"[A-Z]+/", rest)):
        return False
    if after_rule:
        return True
    before = "\n".join(x for x in lines[:index] if x and x != PAGE_BREAK)
    return bool(re.search(glued_marker_pattern(number), before))


def _text_left_open(lines: list[str], index: int) -> bool:
    """Whether the running text above a footnote stopped mid-sentence (a page break)."""
    for k in range(index - 1, -1, -1):
        if lines[k] and lines[k] != PAGE_BREAK:
            return not re.search(r"[,;.:][”’\"')\]]*[⁰¹²³⁴⁵⁶⁷⁸⁹\d*]*$", lines[k])
    return False


def _continues_footnote(
    line: str, previous: str, lines: list[str], index: int, last: int, text_open: bool = False
) -> bool:
    if not line or line == PAGE_BREAK:
        return False
    if _footnote_start(line, lines, index, last):
        return False
    if re.match(r"\d{1,3}\.\s", line) or re.match(r"\(\w{1,4}\)\s", line):
        return False
    # Without blank lines (PDF text) the next clause follows the footnote directly.
    if previous.rstrip().endswith((".", ";")) and _opens_clause(line):
        return False
    # A finished footnote followed by a lower-case line, or by any line when the running text
    # above it stopped mid-sentence, is the text resuming.
    finished = previous.rstrip().endswith(".")
    return not (finished and (line[:1].islower() or text_open))


def _opens_clause(line: str) -> bool:
    opener = verbs.match_opener(line)
    return bool(opener and opener.kind and line[:1].isupper())


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: a space, or nothing across a hyphenated word break."""
    text = ""
    for line in lines:
        text = join_two(text, line)
    return text


# Prefixes that keep their hyphen when a line breaks after them ("counter-" + "terrorism").
KEEP_HYPHEN = frozenset(
    [
        "counter",
        "non",
        "self",
        "anti",
        "co",
        "cross",
        "well",
        "long",
        "short",
        "high",
        "low",
        "full",
        "small",
        "large",
        "follow",
        "peace",
        "multi",
        "inter",
        "intra",
        "post",
        "pre",
        "re",
        "semi",
        "sub",
        "socio",
        "quasi",
        "ex",
        "vice",
        "mid",
        "medium",
        "all",
        "half",
        "one",
        "two",
        "three",
        "cost",
        "state",
        "gender",
        "rule",
        "human",
        "child",
        "law",
        "capacity",
        "policy",
        "age",
        "decision",
    ]
)


def join_two(left: str, right: str) -> str:
    """Append `right` to `left` the way a reader would rejoin a wrapped line."""
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    if not right:
        return left
    hyphen = re.search(r"([A-Za-z]+)-$", left)
    if hyphen and right[:1].islower() and not left.endswith("--"):
        if hyphen.group(1).lower() in KEEP_HYPHEN:
            return left + right
        return left[:-1] + right
    if left.endswith(("—", "–", "/")) and not left.endswith(" —"):
        return left + right
    return f"{left} {right}"


@dataclass(slots=True)
class MarkerScan:
    text: str
    refs: list[FootnoteRef]


def superscript_markers(text: str) -> set[str]:
    """Markers written as superscripts in `text` ("¹", "²³" -> {"1", "23"})."""
    return {from_superscript(m.group()) for m in _SUPER_RUN.finditer(text)}


def strip_markers(text: str, plain: set[str], symbols: set[str]) -> MarkerScan:
    """Remove footnote markers from `text`, recording each one's offset in the result.

    `plain` holds footnote numbers that may stand as ordinary digits; `symbols` the
    non-numeric markers ("*") that have a footnote. A stray "*" is dropped either way.
    """
    alternatives = [rf"(?P<sup>[{SUPERSCRIPT_DIGITS}]+)", r"(?P<sym>(?<=\S)(?:\*{1,3}|[†‡]))"]
    for number in sorted(plain, key=len, reverse=True):
        alternatives.append(rf"(?P<p{number}>{glued_marker_pattern(number)})")
    alternatives.append(r"(?P<star>\*+)")
    pattern = re.compile("|".join(alternatives))
    out = ""
    refs: list[FootnoteRef] = []
    pos = 0
    for match in pattern.finditer(text):
        kind = match.lastgroup or ""
        out += text[pos : match.start()]
        pos = match.end()
        if kind == "sup":
            marker = from_superscript(match.group())
        elif kind == "sym":
            marker = match.group() if match.group() in symbols else ""
        elif kind.startswith("p"):
            marker = kind[1:]
        else:
            marker = ""
        # Never leave two spaces where the marker stood ("Child, 6 for" -> "Child, for").
        if out.endswith(" ") and (pos == len(text) or text[pos] in " \n,.;:"):
            out = out[:-1]
        if marker:
            refs.append(FootnoteRef(marker=marker, offset=len(out)))
    out += text[pos:]
    return MarkerScan(text=out, refs=refs)
