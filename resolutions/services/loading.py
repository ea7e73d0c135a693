"""Load resolution files into the database: one transaction per file, idempotent by checksum."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from resolutions.models import (
    Body,
    Citation,
    Footnote,
    Paragraph,
    Resolution,
    Sponsor,
    Sponsorship,
)
from resolutions.parsing import ParseError, parse_resolution
from resolutions.parsing.bodies import KNOWN_BODIES, body_code, parent_code
from resolutions.parsing.reader import decode
from resolutions.parsing.structures import ParsedResolution

SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


class Outcome(enum.StrEnum):
    LOADED = "loaded"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(slots=True)
class FileResult:
    path: Path
    outcome: Outcome
    message: str = ""
    resolution: Resolution | None = None


@dataclass(slots=True)
class LoadReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def failed(self) -> bool:
        return any(r.outcome == Outcome.FAILED for r in self.results)

    def summary(self) -> str:
        return ", ".join(f"{self.count(o)} {o.value}" for o in Outcome)


class LoadError(Exception):
    """A file that cannot be loaded; the message is for the person running the load."""


def iter_source_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named on the command line, and resolution files inside named directories."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
            )
        else:
            yield path


def read_source(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise LoadError(f"{path}: is a directory") from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror})") from exc
    return data, hashlib.sha256(data).hexdigest()


def load_file(path: Path, *, dry_run: bool = False) -> FileResult:
    """Parse one file and store it; nothing is written for this file unless all of it succeeds."""
    try:
        data, sha256 = read_source(path)
        existing = Resolution.objects.filter(source_name=path.name).first()
        if existing is not None and existing.source_sha256 == sha256:
            return FileResult(path, Outcome.UNCHANGED, resolution=existing)
        try:
            text = decode(data, path.name)
            parsed = parse_resolution(text, source=path.name)
        except ParseError as exc:
            raise LoadError(f"{path}: {exc}") from exc
        outcome = Outcome.UPDATED if existing else Outcome.LOADED
        if dry_run:
            return FileResult(path, outcome, describe(parsed))
        try:
            with transaction.atomic():
                resolution = store(parsed, sha256=sha256, raw_text=text, existing=existing)
        except IntegrityError as exc:
            raise LoadError(f"{path}: {explain_integrity_error(parsed, exc)}") from exc
        return FileResult(path, outcome, describe(parsed), resolution)
    except LoadError as exc:
        return FileResult(path, Outcome.FAILED, str(exc))


def describe(parsed: ParsedResolution) -> str:
    return (
        f"{parsed.symbol or parsed.document_type} {parsed.year or '----'}: "
        f"{len(parsed.preambular)} preambular, {len(parsed.operative)} operative, "
        f"{len(parsed.footnotes)} footnotes, {len(parsed.citations)} citations"
    )


def explain_integrity_error(parsed: ParsedResolution, exc: IntegrityError) -> str:
    if parsed.symbol:
        other = Resolution.objects.filter(symbol=parsed.symbol).first()
        if other is not None:
            return (
                f"symbol {parsed.symbol} already belongs to the resolution loaded from "
                f"{other.source_name}; not loaded"
            )
    return f"could not be stored ({exc}); not loaded"


def get_body(name: str | None, code: str | None) -> Body | None:
    if not name:
        return None
    code = code or body_code(name) or slugify(name).upper()[:20]
    parent = None
    if parent := parent_code(code):
        parent_name = next((n for n, c in KNOWN_BODIES.items() if c == parent), parent)
        parent = get_body(parent_name, parent)
    body, _ = Body.objects.get_or_create(code=code, defaults={"name": name, "parent": parent})
    return body


def unique_slug(parsed: ParsedResolution, *, exclude_pk: int | None = None) -> str:
    # "E/RES/2013/32" -> "e-res-2013-32": slashes separate, they are not dropped.
    base = slugify(parsed.symbol.replace("/", " ")) if parsed.symbol else ""
    if not base:
        words = slugify(parsed.title or parsed.source.rsplit(".", 1)[0])
        if len(words) > 60:
            words = words[:61].rsplit("-", 1)[0]
        base = f"{parsed.year}-{words}" if parsed.year else words
    base = base[:120] or "resolution"
    slug, n = base, 1
    while Resolution.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def store(
    parsed: ParsedResolution, *, sha256: str, raw_text: str, existing: Resolution | None
) -> Resolution:
    """Write one parse: the resolution row, then its paragraphs, footnotes, sponsors, citations."""
    resolution = existing or Resolution(source_name=parsed.source)
    if not resolution.slug:
        # A slug is a permalink: set once, never changed by a reload.
        resolution.slug = unique_slug(parsed)
    resolution.symbol = parsed.symbol or None
    resolution.title = parsed.title
    resolution.body = get_body(parsed.body, parsed.body_code)
    resolution.document_type = parsed.document_type
    resolution.status = parsed.status
    resolution.session = parsed.session
    resolution.agenda_item = parsed.agenda_item
    resolution.date = parsed.date
    resolution.year = parsed.year
    resolution.year_inferred = parsed.year_inferred
    resolution.addressed_to = parsed.addressed_to
    resolution.source_sha256 = sha256
    resolution.raw_text = raw_text
    resolution.save()

    if existing is not None:
        # Children are rebuilt from the new parse; citations and footnotes go with paragraphs.
        resolution.citations.all().delete()
        resolution.footnotes.all().delete()
        resolution.paragraphs.all().delete()
        resolution.sponsorships.all().delete()

    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            resolution=resolution,
            kind=p.kind,
            number=p.number,
            order=p.order,
            anchor=p.anchor,
            verb_phrase=p.verb_phrase,
            verb=p.verb,
            text=p.text,
            footnote_refs=[[ref.marker, ref.offset] for ref in p.footnote_refs],
        )
        for p in parsed.paragraphs
    )
    by_anchor = {p.anchor: p for p in paragraphs}

    footnotes = Footnote.objects.bulk_create(
        Footnote(
            resolution=resolution,
            marker=f.marker,
            anchor=footnote_anchor(f.marker, i, parsed),
            order=i,
            text=f.text,
            paragraph=by_anchor.get(f.paragraph_anchor) if f.paragraph_anchor else None,
        )
        for i, f in enumerate(parsed.footnotes, start=1)
    )
    footnote_by_marker = {f.marker: f for f in footnotes}

    for order, name in enumerate(parsed.sponsors, start=1):
        sponsor, _ = Sponsor.objects.get_or_create(
            name=name, defaults={"slug": unique_sponsor_slug(name)}
        )
        Sponsorship.objects.get_or_create(
            resolution=resolution, sponsor=sponsor, defaults={"order": order}
        )

    Citation.objects.bulk_create(
        Citation(
            resolution=resolution,
            paragraph=by_anchor.get(c.paragraph_anchor) if c.paragraph_anchor else None,
            footnote=footnote_by_marker.get(c.footnote_marker) if c.footnote_marker else None,
            order=i,
            target_symbol=c.symbol,
            kind=c.kind,
            text=c.text[:200],
            date=c.date,
            title=c.title,
            start=c.start,
            end=c.end,
        )
        for i, c in enumerate(parsed.citations, start=1)
    )
    return resolution


def footnote_anchor(marker: str, order: int, parsed: ParsedResolution) -> str:
    markers = [f.marker for f in parsed.footnotes]
    if marker.isalnum() and markers.count(marker) == 1:
        return f"fn{marker}"
    return f"fn-{order}"


def unique_sponsor_slug(name: str) -> str:
    base = slugify(name)[:180] or "sponsor"
    slug, n = base, 1
    while Sponsor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def load_paths(paths: Iterable[Path], *, dry_run: bool = False, progress=None) -> LoadReport:
    """Load every file under `paths`; `progress` is called with each FileResult as it finishes."""
    report = LoadReport()
    for path in paths:
        if not path.exists():
            result = FileResult(path, Outcome.FAILED, f"{path}: no such file or directory")
            report.results.append(result)
            if progress:
                progress(result)
            continue
        for file_path in iter_source_files([path]):
            result = load_file(file_path, dry_run=dry_run)
            report.results.append(result)
            if progress:
                progress(result)
    return report
