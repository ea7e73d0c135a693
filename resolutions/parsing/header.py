"""The header: everything before the first clause (symbol, body, dates, title, sponsors).

The header ends at the line naming who speaks ("The General Assembly,"). When several such
lines follow one another with only a recommendation sentence between them (an ECOSOC
resolution recommending a draft to the Assembly), the last one is the speaker. The title is
the heading just before that chain; everything above the title is the header zone.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from . import bodies, dates, states, verbs
from .body import PART_LETTER
from .footnotes import join_lines
from .normalize import PAGE_BREAK, SUPERSCRIPT_DIGITS, SYMBOL_PATTERN
from .structures import DECISION, DRAFT, RESOLUTION

_ADDRESSED = re.compile(r"^The\s+(.+?)\s*[,:;]?$")
_ADDRESSED_INLINE = re.compile(r"^The\s+(.+?),\s+(\S.*)$")
_SYMBOL_LINE = re.compile(rf"^(?:United\s+Nations\s+)?({SYMBOL_PATTERN})\**(?:\s|$)")
# "2013/32. ", "70/291. ", and in drafts the number still to come: "51/... " or "78/…. ".
_NUMBER_PREFIX = re.compile(
    r"^(?:(?:Resolution|Decision)\s+)?[A-Z]?-?\d{1,4}/(?:\d{1,4}(?:\s?[A-Z])?\.|(?:\.{3}|…)\.?)\s+"
)
_STATUS = re.compile(r"\s*(\[[^\[\]]{1,80}\])\s*$")
_SPONSOR_TAIL = re.compile(
    r"^(?P<who>.+?)\s*:\s*(?:(?:revised|amended)\s+)?draft\s+(?:resolutions?|decisions?)\b"
    r"(?:\s+[IVXL]+)?\s*\**$",
    re.IGNORECASE,
)
_ORDINAL = (
    r"(?:Resumed|Reconvened|Special|Emergency|Substantive|Organizational|Regular|Annual|"
    r"Twelfth|(?:[A-Z][a-z]+-)?(?:first|second|third|[a-z]*th)|First|Second|Third|[A-Z][a-z]*th)"
)
_SESSION = re.compile(
    rf"^((?:{_ORDINAL}\s+){{1,3}}(?:(?:special|emergency|regular|resumed)\s+)?session"
    r"(?:\s+of\s+(?:the\s+)?\d{4})?)\b"
)
_AGENDA = re.compile(r"^((?:provisional\s+)?(?:agenda\s+)?items?\s+\d[^\n]*?)\s*$", re.IGNORECASE)
_ADOPTED_BY = re.compile(
    r"^(?P<kind>Resolution|Decision)?\s*adopted\s+by\s+(?:the\s+)?(?P<body>.+?)"
    r"(?:\s+(?:on|at)\s+.*)?$",
    re.IGNORECASE,
)
_RECOMMENDATION = re.compile(
    r"\brecommends?\b.*\b(?:adoption|approval|following)\b|following\s+draft\s+"
    r"(?:resolution|decision)|draft\s+(?:resolution|decision)s?\s+(?:for\s+adoption\s+)?.*:$",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"^[A-Z][\w .'’-]+,\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+\w+.*\d{4}$")
_FURNITURE = re.compile(
    r"^(?:distr\.|original:|united\s+nations$|draft\s+(?:resolution|decision)\b|"
    r"(?:resolution|decision)\s+adopted\b|adopted\s+by\b|\[|corrigendum|reissued|"
    r"(?:security\s+council\s+)?resolution\s+\d+\s*\(\d{4}\)$|annex\b|"
    r"(?:arabic|chinese|english|french|russian|spanish)(?:\s+and\s+\w+)?$)",
    re.IGNORECASE,
)
_MARKERS = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\*+$|\*+(?=\s)")


@dataclass(slots=True)
class BodyStart:
    addressed_to: str
    addressed_index: int | None  # line of the speaking body ("The General Assembly,")
    chain_start: int  # first line of the addressed-to / recommendation chain
    body_start: int  # first line of the first clause


@dataclass(slots=True)
class Header:
    symbol: str | None = None
    body: str | None = None
    document_type: str = DRAFT
    adoption_date: datetime.date | None = None  # "Resolution adopted ... on 25 July 2013"
    printed_date: datetime.date | None = None  # "Distr.: Limited 4 May 2015"
    adopted: bool = False
    title: str = ""
    status: str = ""
    session: str = ""
    agenda_item: str = ""
    sponsors: list[str] = field(default_factory=list)
    cited_lines: list[str] = field(default_factory=list)  # header text searched for citations
    marker_lines: list[str] = field(default_factory=list)  # header text that may carry markers
    warnings: list[str] = field(default_factory=list)


def addressed_line(line: str) -> str | None:
    """The body named by a line such as "The General Assembly," (None for other lines)."""
    match = _ADDRESSED.match(_strip_markers(line))
    if not match or re.search(r"\brecommends?\b", line, re.IGNORECASE):
        return None
    name = match.group(1).strip()
    if bodies.body_code(name) or (bodies.looks_like_body_name(name) and len(name.split()) <= 8):
        return bodies.canonical_name(name)
    return None


def locate_body(lines: list[str]) -> BodyStart:
    """Find the speaking body and the line where the clauses start."""
    split_inline_addressed(lines)
    first = None
    for i, line in enumerate(lines):
        if line and line != PAGE_BREAK and addressed_line(line):
            first = i
            break
    if first is None:
        return BodyStart("", None, _first_clause(lines), _first_clause(lines))
    chain_start = index = first
    while True:
        j = _next_content(lines, index + 1)
        if j is None or (
            not _RECOMMENDATION.search(lines[j]) and not _recommendation_start(lines, j)
        ):
            break
        end = _recommendation_end(lines, j)
        k = _next_content(lines, end + 1)
        if k is None or not addressed_line(lines[k]):
            break
        index = k
    return BodyStart(
        addressed_to=addressed_line(lines[index]) or "",
        addressed_index=index,
        chain_start=chain_start,
        body_start=index + 1,
    )


def split_inline_addressed(lines: list[str]) -> None:
    """ "The Security Council, Recalling ..." on one line (PDF text) becomes two lines."""
    for i, line in enumerate(lines[:200]):
        match = _ADDRESSED_INLINE.match(line)
        if match and bodies.body_code(match.group(1)) and verbs.match_opener(match.group(2)):
            lines[i : i + 1] = [f"The {match.group(1)},", match.group(2)]
            return


def parse_header(
    lines: list[str], start: BodyStart, lone_symbols: list[tuple[int, str]]
) -> tuple[Header, int]:
    """Read the header lines (those before `start.chain_start`); return it and the title line."""
    header = Header()
    title_lines, title_index = _find_title(lines, start.chain_start)
    zone = [(i, line) for i, line in enumerate(lines[:title_index]) if line and line != PAGE_BREAK]
    chain = [
        line for line in lines[start.chain_start : start.body_start] if line and line != PAGE_BREAK
    ]
    header.marker_lines = [line for _, line in zone] + title_lines

    if title_lines:
        title = _strip_markers(join_lines(title_lines))
        status = _STATUS.search(title)
        if status:
            header.status = status.group(1)
            title = title[: status.start()].rstrip()
        header.title = _NUMBER_PREFIX.sub("", title).strip()

    header.symbol = _find_symbol(zone, lone_symbols, title_index)
    _read_zone(header, zone)
    _read_sponsors(header, lines[:title_index])
    _read_type(header, zone, chain, title_lines)
    return header, title_index


def _read_zone(header: Header, zone: list[tuple[int, str]]) -> None:
    standalone: str | None = None
    adopted_body: str | None = None
    recommending: str | None = None
    distr_date = lone_date = None
    for position, (_, raw) in enumerate(zone):
        line = _strip_markers(raw)
        adopted = _ADOPTED_BY.match(line)
        if adopted and not line.startswith("["):
            header.adopted = True
            name = re.split(r"\s+(?:at|on)\s+its\b|,", adopted.group("body"))[0].strip()
            adopted_body = bodies.canonical_name(name)
            header.adoption_date = header.adoption_date or dates.find_date(line)
            continue
        name = bodies.body_at_start(re.sub(r"^United\s+Nations\s+", "", line))
        if name and _only_furniture_after(re.sub(r"^United\s+Nations\s+", "", line), name):
            standalone = name
        if re.match(r"^The\s+.+?\brecommends?\b", line, re.IGNORECASE):
            subject = re.match(r"^The\s+(.+?)\s+recommends?\b", line, re.IGNORECASE)
            if subject and bodies.looks_like_body_name(subject.group(1)):
                recommending = bodies.canonical_name(subject.group(1))
        if line.startswith("[") and re.search(r"recommendation|reference", line, re.I):
            header.cited_lines.append(line)
        if re.search(r"\bDistr\.", line):
            distr_date = distr_date or dates.find_date(line)
            if distr_date is None and position + 1 < len(zone):
                following = zone[position + 1][1]
                if dates.is_date_line(following):
                    distr_date = dates.find_date(following)
        elif dates.is_date_line(line):
            lone_date = lone_date or dates.find_date(line)
        session = _SESSION.match(line)
        if session and not header.session and len(line.split()) <= 12:
            header.session = session.group(1)
        agenda = _AGENDA.match(line)
        if agenda and not header.agenda_item:
            header.agenda_item = agenda.group(1).strip()
    header.body = adopted_body or standalone or recommending
    header.printed_date = distr_date or lone_date


def _only_furniture_after(line: str, name: str) -> bool:
    rest = line[len(name) :].strip(" ,")
    return (
        not rest
        or rest.startswith("Distr")
        or bool(re.fullmatch(SYMBOL_PATTERN, rest))
        or dates.is_date_line(rest)
    )


def _read_sponsors(header: Header, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        if not line or line == PAGE_BREAK:
            continue
        tail = _SPONSOR_TAIL.match(_strip_markers(line))
        if not tail:
            continue
        parts = [tail.group("who")]
        j = i - 1
        while j >= 0 and lines[j] and lines[j] != PAGE_BREAK and _sponsor_line(lines[j]):
            parts.insert(0, lines[j])
            j -= 1
        who = join_lines(parts)
        if re.match(r"^(?:draft|revised|submitted)\b", who, re.IGNORECASE):
            return
        header.sponsors = states.split_sponsors(who)
        return


def _sponsor_line(line: str) -> bool:
    """Whether a line above "...: draft resolution" is part of the wrapped sponsor list."""
    if line.rstrip().endswith((",", " and")):
        return True
    first = line.split(",")[0].strip()
    return "," in line and first.casefold() in {s.casefold() for s in states.KNOWN_SPONSORS}


def _read_type(
    header: Header, zone: list[tuple[int, str]], chain: list[str], title_lines: list[str]
) -> None:
    text = "\n".join(line for _, line in zone)
    symbol = header.symbol or ""
    if re.search(r"^Decision\s+adopted\b", text, re.I | re.M) or "/DEC/" in symbol:
        header.document_type = DECISION
    elif header.adopted or "/RES/" in symbol:
        header.document_type = RESOLUTION
    elif (
        header.sponsors
        or re.search(r"^draft\s+(?:resolution|decision)\b", text, re.I | re.M)
        or re.search(r":\s*(?:revised\s+)?draft\s+(?:resolution|decision)", text, re.I)
        or re.search(r"Distr\.:?\s*Limited", text, re.I)
        or re.search(r"/L\.\d", symbol)
    ):
        header.document_type = DRAFT
    elif (prefix := title_lines and _NUMBER_PREFIX.match(title_lines[0])) and not re.search(
        r"\.\.\.|…", prefix.group()
    ):
        # A numbered title ("70/291. ...") is an adopted text; "51/... " awaits its number.
        header.document_type = RESOLUTION
    else:
        header.document_type = DRAFT
        header.warnings.append("document type not stated in the header; assumed a draft")


def _find_symbol(
    zone: list[tuple[int, str]], lone_symbols: list[tuple[int, str]], title_index: int
) -> str | None:
    for _, line in zone:
        match = _SYMBOL_LINE.match(line)
        if match and "/" in match.group(1):
            return match.group(1)
    before = [symbol for index, symbol in lone_symbols if index < title_index]
    if before:
        return before[0]
    # Running headers repeat the document's own symbol on every page.
    counts = Counter(symbol for _, symbol in lone_symbols)
    if counts:
        symbol, count = counts.most_common(1)[0]
        if count >= 2:
            return symbol
    return None


def _find_title(lines: list[str], chain_start: int) -> tuple[list[str], int]:
    """The title's lines and the index of its first line ([] and chain_start when none)."""
    i = _previous_content(lines, chain_start - 1)
    # Skip recommendation sentences and addressed-to lines that precede the chain.
    while i is not None and (
        _RECOMMENDATION.search(lines[i])
        or addressed_line(lines[i])
        or lines[i].rstrip().endswith(":")
    ):
        i = _recommendation_begin(lines, i)
        i = _previous_content(lines, i - 1)
    if i is None or not _title_candidate(lines[i]):
        return [], chain_start
    title = [lines[i]]
    start = i
    # A title wrapped over lines stays in one block and has no sentence punctuation.
    while (
        len(title) < 5
        and start > 0
        and lines[start - 1]
        and lines[start - 1] != PAGE_BREAK
        and _title_candidate(lines[start - 1])
        and not lines[start - 1].rstrip().endswith((".", ":", ";", ","))
        and not _NUMBER_PREFIX.match(lines[start])
    ):
        start -= 1
        title.insert(0, lines[start])
    if PART_LETTER.match(title[0]) and start > 0:
        # A resolution in parts: "A" and the part's own title stand between the resolution's
        # title and the first preamble.
        return _find_title(lines, start)
    return title, start


def _title_candidate(line: str) -> bool:
    line = _strip_markers(line)
    if not line or _FURNITURE.match(line) or _SPONSOR_TAIL.match(line):
        return False
    if _SYMBOL_LINE.match(line) or (_SESSION.match(line) and len(line.split()) <= 8):
        return False
    if _AGENDA.match(line) or dates.is_date_line(line) or _PLACE_DATE.match(line):
        return False
    name = bodies.body_at_start(re.sub(r"^United\s+Nations\s+", "", line))
    if name and _only_furniture_after(re.sub(r"^United\s+Nations\s+", "", line), name):
        return False
    return not _RECOMMENDATION.search(line)


def _recommendation_start(lines: list[str], index: int) -> bool:
    return bool(re.match(r"^(?:Recommends|The\s.+\brecommends)\b", lines[index]))


def _recommendation_end(lines: list[str], index: int) -> int:
    """Last line of a (possibly wrapped) recommendation sentence starting at `index`."""
    j = index
    while not lines[j].rstrip().endswith(":") and j + 1 < len(lines) and lines[j + 1]:
        if lines[j + 1] == PAGE_BREAK or addressed_line(lines[j + 1]):
            break
        j += 1
    return j


def _recommendation_begin(lines: list[str], index: int) -> int:
    """First line of the recommendation sentence ending at `index` (wrapped PDF text)."""
    j = index
    while (
        j > 0
        and lines[j - 1]
        and lines[j - 1] != PAGE_BREAK
        and not _recommendation_start(lines, j)
        and not addressed_line(lines[j])
        and not lines[j - 1].rstrip().endswith((":", "."))
        and _title_candidate(lines[j - 1])
        and re.search(r"recommend", " ".join(lines[j - 1 : index + 1]), re.IGNORECASE)
    ):
        j -= 1
        if _recommendation_start(lines, j):
            break
    return j


def _opens_clause(line: str) -> bool:
    if not line or line == PAGE_BREAK:
        return False
    if re.match(r"^\d{1,3}\.\s+\S", line):
        return True
    opener = verbs.match_opener(line)
    return bool(
        opener and opener.kind and line[len(opener.phrase) : len(opener.phrase) + 1] in " ,"
    )


def _first_clause(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if not _opens_clause(line) or _RECOMMENDATION.search(line):
            continue
        opener = verbs.match_opener(line)
        # A lone preambular opener or a first numbered paragraph starts the text.
        if re.match(r"^1\.\s", line) or (opener and opener.kind == "preambular"):
            return i
    return len(lines)


def _next_content(lines: list[str], start: int) -> int | None:
    for j in range(start, len(lines)):
        if lines[j] and lines[j] != PAGE_BREAK:
            return j
    return None


def _previous_content(lines: list[str], start: int) -> int | None:
    for j in range(start, -1, -1):
        if lines[j] and lines[j] != PAGE_BREAK:
            return j
    return None


def _strip_markers(line: str) -> str:
    return _MARKERS.sub("", line).strip()
