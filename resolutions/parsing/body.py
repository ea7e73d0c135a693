"""Split the clauses after "The General Assembly," into preambular and operative paragraphs.

Blocks are separated by blank lines or page breaks. A block continues the previous
paragraph when it starts with a lower-case letter or when the previous one did not end with
a clause terminator (a paragraph cut by a page break). Inside a block, a line starting with
an operative number, a sub-paragraph marker or (in the preamble, after a terminated line)
a lexicon opener starts something new; other lines are hard wraps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates, verbs
from .footnotes import join_two
from .normalize import PAGE_BREAK
from .structures import OPERATIVE, PREAMBULAR

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
# A resolution in parts ("A", "B", ...) restarts its preamble and numbering under each letter.
PART_LETTER = re.compile(r"^(?:Part\s+)?([A-H])\.?$")
_ADDRESSED = re.compile(r"^The\s+[A-Z][\w\s,'-]{2,120}[,:]$")
_SUBPARAGRAPH = re.compile(r"^\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\)\s+\S")
_TERMINATORS = (",", ";", ".", ":")
_TRAILER = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|\[?Adopted\s+(?:at|by|without|on)\b"
    r"|(?:In\s+favour|Against|Abstaining|Absent)\s*:|Annex(?:es)?(?:\s+[IVX]+)?\.?$"
    r"|Appendix\b|Explanatory\s+note\b)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\.?$|^(?:[IVX]{1,5}|[A-Z])\.\s+[A-Z]")


@dataclass(slots=True)
class RawParagraph:
    kind: str
    number: int | None
    lines: list[str] = field(default_factory=list)  # sub-paragraphs each on their own line
    part: str | None = None  # "A", "B" for a resolution in parts

    @property
    def last(self) -> str:
        return self.lines[-1] if self.lines else ""


@dataclass(slots=True)
class Body:
    paragraphs: list[RawParagraph]
    trailer: list[str]  # lines after the last paragraph ("47th plenary meeting ...")
    warnings: list[str]


def split_body(lines: list[str]) -> Body:
    """Group the body lines into paragraphs; stops at the trailer or an annex."""
    paragraphs: list[RawParagraph] = []
    warnings: list[str] = []
    current: RawParagraph | None = None
    expected = 1
    new_block = True
    part: str | None = None
    skip_to = -1
    for index, line in enumerate(lines):
        if index <= skip_to:
            continue
        if not line or line == PAGE_BREAK:
            new_block = True
            continue
        terminated = current is not None and _terminated(current.last)
        addressed = _part_start(lines, index) if terminated or current is None else None
        if addressed is not None:
            letter = PART_LETTER.match(line).group(1)
            if part is None:
                # The first part's letter stood in the header, above the first preamble.
                for earlier in paragraphs:
                    earlier.part = chr(ord(letter) - 1) if letter > "A" else "A"
            part, current, expected, new_block, skip_to = letter, None, 1, True, addressed
            continue
        if _TRAILER.match(line) and (current is None or terminated):
            return Body(paragraphs, [x for x in lines[index:] if x and x != PAGE_BREAK], warnings)
        numbered = _NUMBERED.match(line)
        rest = line[numbered.end() :] if numbered else ""
        if numbered and _plausible_number(
            int(numbered.group(1)), expected, terminated, current, rest
        ):
            number = int(numbered.group(1))
            if number != expected:
                warnings.append(f"operative paragraph {number} follows {expected - 1}")
            current = RawParagraph(OPERATIVE, number, [line[numbered.end() :]], part)
            paragraphs.append(current)
            expected = number + 1
        elif current is None:
            current = RawParagraph(PREAMBULAR, None, [line], part)
            paragraphs.append(current)
        elif _SUBPARAGRAPH.match(line) and (new_block or terminated):
            current.lines.append(line)
        elif new_block and terminated and line[:1].isupper():
            if current.kind == PREAMBULAR and not _looks_like_heading(line, lines, index):
                current = RawParagraph(PREAMBULAR, None, [line], part)
                paragraphs.append(current)
            elif _looks_like_heading(line, lines, index):
                warnings.append(f"section heading skipped: {line[:60]}")
            else:
                # Text after sub-paragraphs that closes the paragraph ("and decides ...").
                current.lines.append(line)
        elif (
            not new_block
            and terminated
            and current.kind == PREAMBULAR
            and line[:1].isupper()
            and _opens_preambular(line)
        ):
            current = RawParagraph(PREAMBULAR, None, [line], part)
            paragraphs.append(current)
        else:
            current.lines[-1] = join_two(current.lines[-1], line)
        new_block = False
    return Body(paragraphs, [], warnings)


def _part_start(lines: list[str], index: int) -> int | None:
    """At a part letter followed by its title and "The General Assembly,": that line's index."""
    if not PART_LETTER.match(lines[index]):
        return None
    seen = 0
    for k in range(index + 1, min(len(lines), index + 12)):
        if not lines[k] or lines[k] == PAGE_BREAK:
            continue
        if _ADDRESSED.match(lines[k]) and not verbs.match_opener(lines[k][4:]):
            return k
        seen += 1
        if seen > 4 or _NUMBERED.match(lines[k]):
            return None
    return None


def trailer_date(trailer: list[str]):  # -> datetime.date | None
    """The meeting date printed after the last paragraph, if any."""
    text = " ".join(trailer[:4])
    if re.search(r"\bmeeting\b", text, re.IGNORECASE):
        return dates.find_date(text)
    return None


def _terminated(text: str) -> bool:
    # Closing quotes and brackets may follow the terminator: 'Review”,' or '(2001).'
    # so may a footnote marker: "ones,¹", "Strategy;²³", "ones,1".
    text = re.sub(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[,;.:])\d{1,2}|\*+)$", "", text.rstrip())
    stripped = text.rstrip("”’\"')]*")
    return text.endswith(_TERMINATORS) or stripped.endswith(_TERMINATORS)


def _plausible_number(
    number: int, expected: int, terminated: bool, current: RawParagraph | None, rest: str
) -> bool:
    if number == expected:
        if current is None or terminated or current.kind == PREAMBULAR:
            return True
        # The previous paragraph lacks its final punctuation, but "31. Encourages" after
        # paragraph 30 is still paragraph 31.
        opener = verbs.match_opener(rest)
        return bool(opener and opener.kind == OPERATIVE)
    # Out of sequence: accept only where a paragraph may start, never inside a sentence.
    return (current is None or terminated) and 0 < number <= expected + 3


def _opens_preambular(line: str) -> bool:
    opener = verbs.match_opener(line)
    return bool(opener and opener.kind == PREAMBULAR)


def _looks_like_heading(line: str, lines: list[str], index: int) -> bool:
    """A short unpunctuated line followed by a numbered paragraph: a section heading."""
    if _HEADING.match(line):
        return True
    if _terminated(line) or len(line.split()) > 12 or verbs.match_opener(line):
        return False
    for following in lines[index + 1 : index + 6]:
        if following and following != PAGE_BREAK:
            return bool(_NUMBERED.match(following)) or bool(_HEADING.match(following))
    return False
