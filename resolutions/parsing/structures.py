"""Plain dataclasses that a parse produces: text in, these out, no Django."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

PREAMBULAR = "preambular"
OPERATIVE = "operative"

DRAFT = "draft"
RESOLUTION = "resolution"
DECISION = "decision"


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker as it stood in a paragraph: `offset` indexes `ParsedParagraph.text`."""

    marker: str
    offset: int


@dataclass(slots=True)
class ParsedParagraph:
    kind: str  # PREAMBULAR or OPERATIVE
    number: int | None  # printed number of an operative paragraph
    order: int  # 1-based position in the resolution, both kinds together
    anchor: str  # "pp3" (3rd preambular) or "op5" (operative paragraph 5)
    verb_phrase: str  # as written: "Also requests", "Recalling further"
    verb: str  # canonical, lower-case base form: "request", "recall", "call upon"
    text: str  # clean text, verb phrase included, number and footnote markers removed
    footnote_refs: list[FootnoteRef] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFootnote:
    marker: str  # "1", "2", "*"
    text: str
    paragraph_anchor: str | None  # the paragraph carrying the marker, if any


@dataclass(slots=True)
class Reference:
    """One reference found in a piece of text; offsets index that text."""

    symbol: str  # canonical: "A/RES/68/187", "S/RES/2178 (2014)", "E/CN.15/2015/1"
    kind: str  # one of citations.KINDS
    text: str  # the words that name it, as written: "68/187", "2178 (2014)"
    start: int
    end: int
    date: datetime.date | None = None  # "of 18 December 2013"
    title: str = ""  # ", on technical assistance for ..." or "entitled “...”"


@dataclass(slots=True)
class ParsedCitation:
    symbol: str
    kind: str
    text: str
    date: datetime.date | None
    title: str
    paragraph_anchor: str | None  # where it stands, or which paragraph carries its footnote
    footnote_marker: str | None  # set when the reference stands in a footnote
    start: int  # offsets in the paragraph's (or footnote's) text
    end: int


@dataclass(slots=True)
class ParsedResolution:
    source: str
    symbol: str | None
    body: str | None  # full name of the body issuing the text, e.g. "Economic and Social Council"
    body_code: str | None  # "ECOSOC", "GA", "SC", "CCPCJ", ... (bodies.KNOWN_BODIES)
    document_type: str  # DRAFT, RESOLUTION or DECISION
    date: datetime.date | None
    year: int | None
    year_inferred: bool
    title: str
    status: str  # negotiation annotation such as "[agreed in COW]", else ""
    session: str
    agenda_item: str
    addressed_to: str  # "General Assembly" for a text that opens "The General Assembly,"
    sponsors: list[str]
    paragraphs: list[ParsedParagraph]
    footnotes: list[ParsedFootnote]
    citations: list[ParsedCitation]
    warnings: list[str] = field(default_factory=list)

    @property
    def preambular(self) -> list[ParsedParagraph]:
        return [p for p in self.paragraphs if p.kind == PREAMBULAR]

    @property
    def operative(self) -> list[ParsedParagraph]:
        return [p for p in self.paragraphs if p.kind == OPERATIVE]


class ParseError(ValueError):
    """The text cannot be read as a resolution; the message says why, for a person."""
