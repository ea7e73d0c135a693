"""Put the pieces together: text in, ParsedResolution out."""

from __future__ import annotations

import re

from . import bodies, citations, verbs
from . import body as body_module
from . import footnotes as fn
from . import header as header_module
from .normalize import PAGE_BREAK, clean
from .structures import (
    OPERATIVE,
    PREAMBULAR,
    RESOLUTION,
    ParsedCitation,
    ParsedFootnote,
    ParsedParagraph,
    ParsedResolution,
    ParseError,
    Reference,
)


def parse_resolution(text: str, source: str = "") -> ParsedResolution:
    """Parse the text of a UN resolution, draft or decision; raise ParseError when hopeless."""
    if not text or not text.strip():
        raise ParseError(f"{source or 'The text'} is empty: there is no resolution to read.")
    warnings: list[str] = []
    cleaned = clean(text)
    lines, raw_notes = fn.split_footnotes(cleaned.lines, cleaned.footnote_rules)

    start = header_module.locate_body(lines)
    if not start.addressed_to:
        warnings.append('no line naming the speaking body (such as "The General Assembly,")')
    head, _title_index = header_module.parse_header(lines, start, cleaned.lone_symbols)
    warnings.extend(head.warnings)
    body_lines = _drop_running_heads(lines[start.body_start :], head.symbol, head.title)
    split = body_module.split_body(body_lines)
    warnings.extend(split.warnings)

    raw_paragraphs = _promote_unnumbered_operatives(split.paragraphs, warnings)
    if not any(p.kind == OPERATIVE for p in raw_paragraphs):
        raise ParseError(
            f"No operative paragraphs found in {source or 'the text'}: a resolution needs at "
            'least one numbered paragraph such as "1. Requests ...".'
        )

    paragraphs = _build_paragraphs(raw_paragraphs, raw_notes, head.marker_lines, warnings)
    footnotes = _build_footnotes(raw_notes, paragraphs, warnings)

    body_name = head.body
    code = bodies.body_code(body_name)
    symbol = head.symbol or _security_council_symbol(code, head.marker_lines)
    trailer_date = body_module.trailer_date(split.trailer)
    document_type = head.document_type
    if trailer_date and not head.adopted and document_type != RESOLUTION and head.warnings:
        document_type = RESOLUTION  # a closing "47th plenary meeting" line means adopted
    date = head.adoption_date or trailer_date or head.printed_date

    speaker = bodies.body_code(start.addressed_to) or code
    cites = _build_citations(head.cited_lines, paragraphs, footnotes, speaker, symbol, warnings)

    year: int | None = date.year if date else None
    year_inferred = False
    if year is None:
        year = _latest_year(cites)
        year_inferred = year is not None

    return ParsedResolution(
        source=source,
        symbol=symbol,
        body=body_name,
        body_code=code,
        document_type=document_type,
        date=date,
        year=year,
        year_inferred=year_inferred,
        title=head.title,
        status=head.status,
        session=head.session,
        agenda_item=head.agenda_item,
        addressed_to=start.addressed_to,
        sponsors=head.sponsors,
        paragraphs=paragraphs,
        footnotes=footnotes,
        citations=cites,
        warnings=warnings,
    )


def _drop_running_heads(lines: list[str], symbol: str | None, title: str) -> list[str]:
    """PDF pages repeat "A/RES/70/291 <title>" (or the reverse) at the top; drop those lines."""
    if not symbol and not title:
        return lines
    folded_title = title.casefold()
    result = []
    for line in lines:
        rest = line
        if symbol and (line.startswith(symbol) or line.endswith(symbol)):
            rest = line.replace(symbol, "", 1).strip()
        elif not title or line.casefold() != folded_title:
            result.append(line)
            continue
        folded = rest.casefold()
        if not rest or (folded_title and (folded in folded_title or folded_title in folded)):
            result.append(PAGE_BREAK)
        else:
            result.append(line)
    return result


def _promote_unnumbered_operatives(
    raw: list[body_module.RawParagraph], warnings: list[str]
) -> list[body_module.RawParagraph]:
    """A short resolution may have one unnumbered operative clause ("Decides to ...")."""
    if any(p.kind == OPERATIVE for p in raw):
        return raw
    for index, paragraph in enumerate(raw):
        opener = verbs.match_opener(paragraph.lines[0]) if paragraph.lines else None
        if opener and opener.kind == OPERATIVE:
            for later in raw[index:]:
                later.kind = OPERATIVE
            warnings.append("operative paragraphs are not numbered")
            break
    return raw


def _build_paragraphs(
    raw: list[body_module.RawParagraph],
    notes: list[fn.RawFootnote],
    header_lines: list[str],
    warnings: list[str],
) -> list[ParsedParagraph]:
    note_markers = {note.marker for note in notes}
    raw_texts = ["\n".join(p.lines) for p in raw]
    superscripted = set().union(*(fn.superscript_markers(t) for t in [*raw_texts, *header_lines]))
    # A plain digit counts as a marker only for a footnote no superscript already points to.
    plain = {m for m in note_markers if m.isdigit() and m not in superscripted}
    symbols = {m for m in note_markers if not m.isdigit()}

    paragraphs: list[ParsedParagraph] = []
    seen_anchors: set[str] = set()
    preambular = 0
    unnumbered = 0
    part: str | None = None
    for order, (paragraph, raw_text) in enumerate(zip(raw, raw_texts, strict=True), start=1):
        scan = fn.strip_markers(raw_text, plain, symbols)
        text = "\n".join(" ".join(line.split()) for line in scan.text.split("\n")).strip()
        if paragraph.part != part:
            part, preambular, unnumbered = paragraph.part, 0, 0
        prefix = f"{part.lower()}-" if part else ""
        if paragraph.kind == PREAMBULAR:
            preambular += 1
            anchor = f"{prefix}pp{preambular}"
        else:
            unnumbered += 1
            number = paragraph.number if paragraph.number is not None else unnumbered
            anchor = f"{prefix}op{number}"
        if anchor in seen_anchors:
            warnings.append(f"paragraph anchor {anchor} repeats")
            anchor = f"{anchor}-{order}"
        seen_anchors.add(anchor)
        opener = verbs.match_opener(text)
        if opener is None:
            opener = verbs.guess_opener(text)
            warnings.append(f"{anchor}: opening words {opener.phrase!r} are not in the lexicon")
        elif opener.kind != paragraph.kind:
            warnings.append(f"{anchor}: {opener.phrase!r} usually opens a {opener.kind} clause")
        for ref in scan.refs:
            if ref.marker not in note_markers:
                warnings.append(f"{anchor}: footnote marker {ref.marker} has no footnote text")
        paragraphs.append(
            ParsedParagraph(
                kind=paragraph.kind,
                number=paragraph.number,
                order=order,
                anchor=anchor,
                verb_phrase=opener.phrase,
                verb=opener.verb,
                text=text,
                footnote_refs=_adjust_refs(scan, text),
            )
        )
    return paragraphs


def _adjust_refs(scan: fn.MarkerScan, text: str) -> list[fn.FootnoteRef]:
    """Offsets were taken before spaces were squeezed; map them onto the final text."""
    if scan.text == text:
        return scan.refs
    adjusted = []
    for ref in scan.refs:
        before = "\n".join(" ".join(x.split()) for x in scan.text[: ref.offset].split("\n"))
        offset = min(len(before.lstrip()), len(text))
        adjusted.append(fn.FootnoteRef(marker=ref.marker, offset=offset))
    return adjusted


def _build_footnotes(
    notes: list[fn.RawFootnote], paragraphs: list[ParsedParagraph], warnings: list[str]
) -> list[ParsedFootnote]:
    first_anchor: dict[str, str] = {}
    for paragraph in paragraphs:
        for ref in paragraph.footnote_refs:
            first_anchor.setdefault(ref.marker, paragraph.anchor)
    result: list[ParsedFootnote] = []
    seen: set[str] = set()
    for note in notes:
        if note.marker in seen:
            warnings.append(f"footnote {note.marker} is printed twice")
        seen.add(note.marker)
        text = " ".join(note.text.split())
        anchor = first_anchor.get(note.marker)
        if anchor is None and note.marker.isdigit():
            warnings.append(f"footnote {note.marker} is not referenced from any paragraph")
        result.append(ParsedFootnote(marker=note.marker, text=text, paragraph_anchor=anchor))
    return result


def _build_citations(
    header_lines: list[str],
    paragraphs: list[ParsedParagraph],
    footnotes: list[ParsedFootnote],
    speaker: str | None,
    own_symbol: str | None,
    warnings: list[str],
) -> list[ParsedCitation]:
    cites: list[ParsedCitation] = []

    def add(text: str, anchor: str | None, marker: str | None, where: str) -> None:
        try:
            found: list[Reference] = citations.extract_references(text, speaker=speaker)
        except Exception as error:  # a bug there must not lose the whole parse
            warnings.append(f"citation extraction failed in {where}: {error!r}")
            return
        for ref in found:
            if own_symbol and ref.symbol == own_symbol:
                continue
            cites.append(
                ParsedCitation(
                    symbol=ref.symbol,
                    kind=ref.kind,
                    text=ref.text,
                    date=ref.date,
                    title=ref.title,
                    paragraph_anchor=anchor,
                    footnote_marker=marker,
                    start=ref.start,
                    end=ref.end,
                )
            )

    for line in header_lines:
        add(line, None, None, "the header")
    # Header footnotes (on the agenda item) first, then paragraphs with their footnotes.
    for note in footnotes:
        if note.paragraph_anchor is None and not note.marker.isdigit():
            add(note.text, None, note.marker, f"footnote {note.marker}")
    done: set[int] = set()
    for paragraph in paragraphs:
        add(paragraph.text, paragraph.anchor, None, paragraph.anchor)
        for index, note in enumerate(footnotes):
            if note.paragraph_anchor == paragraph.anchor and index not in done:
                done.add(index)
                add(note.text, note.paragraph_anchor, note.marker, f"footnote {note.marker}")
    for index, note in enumerate(footnotes):
        if index not in done and (note.paragraph_anchor is not None or note.marker.isdigit()):
            add(note.text, note.paragraph_anchor, note.marker, f"footnote {note.marker}")
    return cites


def _latest_year(cites: list[ParsedCitation]) -> int | None:
    years = [c.date.year for c in cites if c.date]
    for cite in cites:
        match = re.search(r"\((\d{4})\)", cite.symbol)
        if match:
            years.append(int(match.group(1)))
    return max(years) if years else None


def _security_council_symbol(code: str | None, header_lines: list[str]) -> str | None:
    """An SC resolution prints "Resolution 2178 (2014)"; its symbol is S/RES/2178 (2014)."""
    if code != "SC":
        return None
    for line in header_lines:
        match = re.fullmatch(r"Resolution\s+(\d{1,5})\s*\((\d{4})\)", line.strip(" *"))
        if match:
            return f"S/RES/{match.group(1)} ({match.group(2)})"
    return None


__all__ = ["parse_resolution"]
