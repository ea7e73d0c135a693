"""Word-level differences between two wordings, and their accessible HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word (with inner hyphens and apostrophes) or one punctuation mark, with the space after.
TOKEN = re.compile(r"(?:[^\W_]+(?:['’-][^\W_]+)*|[^\w\s]|_)\s*", re.UNICODE)

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Segment:
    op: str  # equal, insert or delete
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.strip())


def diff_words(a: str, b: str) -> list[Segment]:
    """The edit from `a` to `b` as runs of equal, deleted and inserted words (in `b` order,
    a deletion before the insertion that replaces it). Case and spacing count as text;
    the comparison itself ignores trailing spaces."""
    a_tokens, b_tokens = tokens(a), tokens(b)
    matcher = SequenceMatcher(
        None, [t.rstrip() for t in a_tokens], [t.rstrip() for t in b_tokens], autojunk=False
    )
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == EQUAL:
            segments.append(Segment(EQUAL, "".join(b_tokens[j1:j2])))
            continue
        if op in (DELETE, "replace"):
            segments.append(Segment(DELETE, "".join(a_tokens[i1:i2])))
        if op in (INSERT, "replace"):
            segments.append(Segment(INSERT, "".join(b_tokens[j1:j2])))
    return segments


def changes(segments: list[Segment]) -> dict[str, list[str]]:
    """The inserted and deleted runs, trimmed: what a reader lists as the amendment."""
    return {
        "inserted": [s.text.strip() for s in segments if s.op == INSERT],
        "deleted": [s.text.strip() for s in segments if s.op == DELETE],
    }


def _wrap(segment: Segment) -> str:
    text = escape(segment.text.rstrip())
    space = " " if segment.text != segment.text.rstrip() else ""
    if segment.op == INSERT:
        return f'<ins><span class="visually-hidden">inserted: </span>{text}</ins>{space}'
    if segment.op == DELETE:
        return f'<del><span class="visually-hidden">deleted: </span>{text}</del>{space}'
    return text + space


def as_html(
    segments: list[Segment], *, show: tuple[str, ...] = (EQUAL, INSERT, DELETE)
) -> SafeString:
    """HTML for the segments whose op is in `show`: the earlier side shows (equal, delete),
    the later side (equal, insert), a merged view all three. Every text is escaped."""
    return mark_safe("".join(_wrap(s) for s in segments if s.op in show))  # escaped in _wrap
