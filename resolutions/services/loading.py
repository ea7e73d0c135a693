"""Load resolution files into the database: one transaction per file, idempotent by checksum."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils.text import slugify

from resolutions.models import (
    Body,
    Citation,
    Footnote,
    Paragraph,
    Resolution,
    Sponsor,
    SponsorAlias,
    Sponsorship,
)
from resolutions.parsing import ParseError, parse_resolution
from resolutions.parsing.bodies import KNOWN_BODIES, body_code, parent_code
from resolutions.parsing.reader import decode
from resolutions.parsing.structures import ParsedResolution
from resolutions.services import pipeline, workers
from resolutions.services.checkpoints import checkpoint_at_end
from resolutions.services.rows import (
    fetch_rows,
    in_placeholders,
    insert_linked_rows,
    insert_rows,
)

SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
ORDER_OFFSET = 10_000
SLUG_ATTEMPTS = 20
SPONSOR_FIELDS = ["id", "name", "slug"]


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
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LoadReport:
    results: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sources that disagree with curation
    curation_changes: list[str] = field(default_factory=list)  # applied from curation files

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


def load_file(
    path: Path, *, dry_run: bool = False, attempts: int = 1, side_by_side: bool = False
) -> FileResult:
    """Parse one file and store it; nothing is written for this file unless all of it succeeds.
    `attempts`: how often to try, when its transaction loses a race with another worker's
    (workers.lost_race): the next try sees what the other one wrote. `side_by_side`: other
    workers are storing texts at the same time (see store())."""
    parse: tuple[ParsedResolution, str] | None = None

    def load() -> FileResult:
        nonlocal parse
        # Without the source text: an unchanged file needs only its checksum, and a changed
        # one is read again, whole and locked, in its transaction (store_with_pipeline).
        existing = Resolution.objects.filter(source_name=path.name).defer("raw_text").first()
        if existing is not None and existing.source_sha256 == sha256:
            return FileResult(path, Outcome.UNCHANGED, resolution=existing)
        parsed, text = parse = parse or parse_source(path, data)
        outcome = Outcome.UPDATED if existing else Outcome.LOADED
        if dry_run:
            return FileResult(path, outcome, describe(parsed))
        try:
            resolution, notes = store_with_pipeline(
                parsed, sha256=sha256, raw_text=text, existing=existing, side_by_side=side_by_side
            )
        except IntegrityError as exc:
            if (owner := symbol_owner(parsed)) is not None:  # bad input, not a race
                raise LoadError(
                    f"{path}: symbol {parsed.symbol} already belongs to the resolution "
                    f"loaded from {owner.source_name}; not loaded"
                ) from exc
            raise
        return FileResult(path, outcome, describe(parsed), resolution, notes)

    try:
        data, sha256 = read_source(path)
        try:
            return workers.retrying(load, attempts=attempts)
        except DatabaseError as exc:
            # A race lost on every try, or a key the text itself breaks: this file is not
            # loaded, the others are, and the run ends as usual.
            raise LoadError(f"{path}: could not be stored ({exc}); not loaded") from exc
    except LoadError as exc:
        return FileResult(path, Outcome.FAILED, str(exc))


def parse_source(path: Path, data: bytes) -> tuple[ParsedResolution, str]:
    """The file's parse and its decoded text."""
    try:
        text = decode(data, path.name)
        return parse_resolution(text, source=path.name), text
    except ParseError as exc:
        raise LoadError(f"{path}: {exc}") from exc


def parse_directory(directory: Path) -> list[tuple[ParsedResolution, str]]:
    """The parse and decoded text of each resolution file in `directory`, in name order."""
    return [parse_source(path, path.read_bytes()) for path in iter_source_files([directory])]


def store_with_pipeline(
    parsed: ParsedResolution,
    *,
    sha256: str,
    raw_text: str,
    existing: Resolution | None,
    side_by_side: bool = False,
) -> tuple[Resolution, list[str]]:
    """store() and the per-text pipeline, in one transaction."""
    with transaction.atomic():
        if existing is not None:
            # Read again in the transaction, and locked: a curator's edit saved since the
            # file was read is kept, and no one else changes the text until it commits.
            existing = Resolution.objects.select_for_update().get(pk=existing.pk)
        resolution, notes = store(
            parsed,
            sha256=sha256,
            raw_text=raw_text,
            existing=existing,
            side_by_side=side_by_side,
        )
        pipeline.after_store(resolution)
    return resolution, notes


def describe(parsed: ParsedResolution) -> str:
    return (
        f"{parsed.symbol or parsed.document_type} {parsed.year or '----'}: "
        f"{len(parsed.preambular)} preambular, {len(parsed.operative)} operative, "
        f"{len(parsed.footnotes)} footnotes, {len(parsed.citations)} citations"
    )


def symbol_owner(parsed: ParsedResolution) -> Resolution | None:
    """The resolution of another file that already has this parse's symbol."""
    if not parsed.symbol:
        return None
    return (
        Resolution.objects.filter(symbol=parsed.symbol).exclude(source_name=parsed.source).first()
    )


def get_body(name: str | None, code: str | None) -> Body | None:
    """The body with this code, created (with its parent) if new; one query when both exist."""
    if not name:
        return None
    chain: dict[str, str] = {}  # code: name, the body first, then its ancestors
    code = code or body_code(name) or slugify(name).upper()[:20]
    while code and code not in chain:
        chain[code] = name
        if parent := parent_code(code):
            name = next((n for n, c in KNOWN_BODIES.items() if c == parent), parent)
        code = parent
    fields = ["id", "name", "code", "parent_id"]
    rows = fetch_rows(Body, ", ".join(fields), f"WHERE code IN {in_placeholders(chain)}", [*chain])
    found = {row[2]: Body.from_db(connection.alias, fields, row) for row in rows}
    parent_body = None
    for code, name in reversed(chain.items()):
        body = found.get(code)
        if body is None:
            body, _ = Body.objects.get_or_create(
                code=code, defaults={"name": name, "parent": parent_body}
            )
        parent_body = body
    return parent_body


def unique_slug(parsed: ParsedResolution, *, exclude_pk: int | None = None) -> str:
    # "E/RES/2013/32" -> "e-res-2013-32": slashes separate, they are not dropped.
    base = slugify(parsed.symbol.replace("/", " ")) if parsed.symbol else ""
    if not base:
        words = slugify(parsed.title or parsed.source.rsplit(".", 1)[0])
        if len(words) > 60:
            words = words[:61].rsplit("-", 1)[0]
        base = f"{parsed.year}-{words}" if parsed.year else words
    base = base[:120] or "resolution"
    # Candidates are checked a batch per query: a title loaded many times has many suffixes.
    batch = 10
    start = 1
    while True:
        candidates = [base if n == 1 else f"{base}-{n}" for n in range(start, start + batch)]
        where, params = f"WHERE slug IN {in_placeholders(candidates)}", list(candidates)
        if exclude_pk is not None:
            where, params = f"{where} AND id <> %s", [*params, exclude_pk]
        taken = {slug for (slug,) in fetch_rows(Resolution, "slug", where, params)}
        for slug in candidates:
            if slug not in taken:
                return slug
        start += batch
        batch = min(batch * 10, 1000)


def save_with_free_slug(resolution: Resolution, parsed: ParsedResolution) -> None:
    """Insert a new resolution; when another worker's transaction took its slug after it
    was chosen, choose again, seeing that one. (A savepoint: two statements more, paid only
    by files loaded side by side.)"""
    for _ in range(SLUG_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                resolution.save()
            return
        except IntegrityError:
            if not Resolution.objects.filter(slug=resolution.slug).exists():
                raise  # another key (a symbol loaded from another file): reported
            resolution.slug = unique_slug(parsed)
    resolution.save()


# Resolution fields the loader sets and a curator may override (Resolution.curated_fields).
CURATABLE_FIELDS = (
    "symbol", "title", "body", "document_type", "status", "session", "agenda_item",
    "date", "year", "year_inferred", "addressed_to", "sponsors",
)  # fmt: skip
PARAGRAPH_CURATABLE_FIELDS = ("kind", "verb_phrase", "verb")
# Paragraph fields the loader sets from the parse.
PARAGRAPH_COLUMNS = ("kind", "number", "order", "verb_phrase", "verb", "text", "footnote_refs")


def store(
    parsed: ParsedResolution,
    *,
    sha256: str,
    raw_text: str,
    existing: Resolution | None,
    side_by_side: bool = False,
) -> tuple[Resolution, list[str]]:
    """Write one parse; curated values are kept. Returns the resolution and notes on any
    source value that now disagrees with a curated one. What it wrote is handed, once, to
    the next `pipeline.after_store()` of this instance: call that in the same transaction.
    `side_by_side`: other transactions may take the slug chosen for a new text before this
    one commits, so its insert may have to choose again (a savepoint more)."""
    commit_without_waiting_for_disk()
    resolution = existing or Resolution(source_name=parsed.source)
    # A text never saved has no paragraphs, sponsorships, footnotes or citations to reconcile.
    new = resolution.pk is None
    if not resolution.slug:
        # A slug is a permalink: set once, never changed by a reload.
        resolution.slug = unique_slug(parsed)
    notes: list[str] = []
    parsed_values = {
        "symbol": parsed.symbol or None,
        "title": parsed.title,
        "body": get_body(parsed.body, parsed.body_code),
        "document_type": parsed.document_type,
        "status": parsed.status,
        "session": parsed.session,
        "agenda_item": parsed.agenda_item,
        "date": parsed.date,
        "year": parsed.year,
        "year_inferred": parsed.year_inferred,
        "addressed_to": parsed.addressed_to,
    }
    notes += assign_uncurated(resolution, parsed_values, label=parsed.source)
    resolution.source_sha256 = sha256
    resolution.raw_text = raw_text
    if new and side_by_side:
        save_with_free_slug(resolution, parsed)
    else:
        resolution.save()

    paragraphs = store_paragraphs(resolution, parsed, notes, new=new)
    store_sponsors(resolution, parsed, set(resolution.curated_fields or []), notes, new=new)
    store_footnotes_and_citations(resolution, parsed, {p.anchor: p.pk for p in paragraphs}, new=new)
    rows = [(p.pk, p.kind, p.text) for p in paragraphs]
    setattr(resolution, STORED_ATTRIBUTE, Stored(new=new, paragraphs=rows))
    return resolution, notes


def commit_without_waiting_for_disk() -> None:
    """PostgreSQL: the file's transaction commits without waiting for its WAL to reach the
    disk (`synchronous_commit = off` for this transaction only). A crash of the database
    server can lose the last loads committed in the fraction of a second before it (never
    part of one: the database stays consistent), which the next run of the loader loads
    again, since it finds no text with their checksum. The server writes them out within
    a fraction of a second (three times `wal_writer_delay` at most, 600 ms by default).
    This is what SQLite's WAL mode with `synchronous=NORMAL` promises every write. Waiting
    for the disk took about half a millisecond of a text's load (docs/operations.md)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


class StoredParagraph(NamedTuple):
    anchor: str
    pk: int
    kind: str
    text: str
    order: int


@dataclass(slots=True)
class Stored:
    """What `store` just wrote, for the pipeline that follows in the same transaction:
    `paragraphs` are (id, kind, text) in order; `new`: nothing existed before, so no old
    derived rows (topic links, mandates, lineage) can exist to be read or deleted."""

    new: bool
    paragraphs: list[tuple[int, str, str]]


STORED_ATTRIBUTE = "_loader_stored"


def take_stored(resolution: Resolution) -> Stored | None:
    """What `store` wrote for this instance, once (a later call reads the database)."""
    return resolution.__dict__.pop(STORED_ATTRIBUTE, None)


def assign_uncurated(obj, values: dict, *, label: str) -> list[str]:
    """Set `values` on `obj` except its curated fields; note where the source now disagrees."""
    notes = []
    curated = set(obj.curated_fields or [])
    for name, value in values.items():
        if name not in curated:
            setattr(obj, name, value)
        elif getattr(obj, name) != value:
            notes.append(
                f"{label}: kept the curated {name} {getattr(obj, name)!r}; "
                f"the source now says {value!r}"
            )
    return notes


def store_paragraphs(
    resolution: Resolution, parsed: ParsedResolution, notes: list[str], *, new: bool = False
) -> list[StoredParagraph]:
    """Update paragraphs in place, matched by anchor, so their ids (and what curators
    attached to them: topics, verbs) survive a reload. `new`: the resolution has none yet.
    Returns every paragraph as stored, in order."""
    # Unordered: the model's ordering joins the resolution for nothing here.
    old = {} if new else {p.anchor: p for p in resolution.paragraphs.order_by()}
    if old:
        # Orders are unique per resolution: move the old ones out of the way first.
        resolution.paragraphs.update(order=F("order") + ORDER_OFFSET)
    kept, created = [], []
    for p in parsed.paragraphs:
        values = {
            "kind": p.kind,
            "number": p.number,
            "order": p.order,
            "verb_phrase": p.verb_phrase,
            "verb": p.verb,
            "text": p.text,
            "footnote_refs": [[ref.marker, ref.offset] for ref in p.footnote_refs],
        }
        paragraph = old.pop(p.anchor, None)
        if paragraph is None:
            # New paragraphs stay plain rows: no model instance is needed to insert them.
            created.append({"resolution_id": resolution.pk, "anchor": p.anchor} | values)
            continue
        notes += assign_uncurated(paragraph, values, label=f"{parsed.source} {p.anchor}")
        kept.append(paragraph)
    if old:
        Paragraph.objects.filter(pk__in=[p.pk for p in old.values()]).delete()
    if kept:
        Paragraph.objects.bulk_update(kept, PARAGRAPH_COLUMNS)
    # Every paragraph in hand has its id: no need to read them back.
    stored = [StoredParagraph(p.anchor, p.pk, p.kind, p.text, p.order) for p in kept]
    keys = insert_rows(Paragraph, created, returning=True)
    stored += [
        StoredParagraph(row["anchor"], pk, row["kind"], row["text"], row["order"])
        for row, pk in zip(created, keys, strict=True)
    ]
    return sorted(stored, key=lambda p: p.order)


def store_sponsors(
    resolution: Resolution,
    parsed: ParsedResolution,
    curated: set[str],
    notes: list[str],
    *,
    new: bool = False,
) -> None:
    # Two printed names may stand for one sponsor (an alias): it is a sponsor once.
    sponsors = list(dict.fromkeys(sponsors_for_names(parsed.sponsors)))
    current = []
    if not new:
        current = [
            s.sponsor for s in resolution.sponsorships.select_related("sponsor").order_by("order")
        ]
    if "sponsors" in curated:
        if [s.pk for s in sponsors] != [s.pk for s in current]:
            names = ", ".join(s.name for s in sponsors) or "none"
            notes.append(
                f"{parsed.source}: kept the curated sponsors; the source now lists {names}"
            )
        return
    if [s.pk for s in sponsors] == [s.pk for s in current]:
        return
    if current:
        resolution.sponsorships.all().delete()
    insert_rows(
        Sponsorship,
        [
            {"resolution_id": resolution.pk, "sponsor_id": sponsor.pk, "order": order}
            for order, sponsor in enumerate(sponsors, start=1)
        ],
    )


def store_footnotes_and_citations(
    resolution: Resolution,
    parsed: ParsedResolution,
    paragraph_ids: dict[str, int],
    *,
    new: bool = False,
) -> None:
    """Footnotes and citations are rebuilt from the text; curated citation targets are kept.
    `paragraph_ids`: the resolution's paragraphs' ids by anchor. `new`: the resolution has
    none yet, so there is nothing to keep or delete."""
    curated_targets = {}
    if not new:
        curated_targets = {
            (c.paragraph_id, c.target_symbol): c.target_id
            for c in resolution.citations.filter(target_curated=True).order_by()
        }
        resolution.citations.all().delete()
        resolution.footnotes.all().delete()
    footnotes = [
        {
            "resolution_id": resolution.pk,
            "marker": f.marker,
            "anchor": footnote_anchor(f.marker, i, parsed),
            "order": i,
            "text": f.text,
            "paragraph_id": paragraph_ids.get(f.paragraph_anchor),
        }
        for i, f in enumerate(parsed.footnotes, start=1)
    ]
    # A citation in a footnote points at the last footnote with its marker, by the
    # footnote's order until the footnote has an id (insert_linked_rows).
    footnote_by_marker = {f.marker: i for i, f in enumerate(parsed.footnotes, start=1)}
    citations = []
    for i, c in enumerate(parsed.citations, start=1):
        key = (paragraph_ids.get(c.paragraph_anchor), c.symbol)
        footnote = footnote_by_marker.get(c.footnote_marker) if c.footnote_marker else None
        citations.append(
            {
                "resolution_id": resolution.pk,
                "paragraph_id": key[0],
                "footnote_id": footnote,
                "order": i,
                "target_symbol": c.symbol,
                "kind": c.kind,
                "text": c.text[:200],
                "date": c.date,
                "title": c.title,
                "start": c.start,
                "end": c.end,
                "target_id": curated_targets.get(key),
                "target_curated": key in curated_targets,
            }
        )
    insert_linked_rows(Footnote, footnotes, Citation, citations, link="footnote_id", key="order")


def footnote_anchor(marker: str, order: int, parsed: ParsedResolution) -> str:
    markers = [f.marker for f in parsed.footnotes]
    if marker.isalnum() and markers.count(marker) == 1:
        return f"fn{marker}"
    return f"fn-{order}"


def sponsors_for_names(names: list[str]) -> list[Sponsor]:
    """The sponsor each printed name stands for, through the curated aliases (which win
    over a sponsor of that name), in one query for the whole list; new sponsors are
    created. (Built with the ORM, the two look-ups took longer than running them.)"""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return []
    quote = connection.ops.quote_name
    sponsor, alias = quote(Sponsor._meta.db_table), quote(SponsorAlias._meta.db_table)
    placeholders = in_placeholders(wanted)
    found: dict[str, Sponsor] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.name, 0, s.id, s.name, s.slug FROM {sponsor} s "
            f"WHERE s.name IN {placeholders} "
            f"UNION ALL SELECT a.alias, 1, s.id, s.name, s.slug FROM {alias} a "
            f"JOIN {sponsor} s ON s.id = a.sponsor_id WHERE a.alias IN {placeholders} "
            # An alias's row comes after, and replaces, a same-named sponsor's.
            "ORDER BY 2",
            [*wanted, *wanted],
        )
        for name, _, *row in cursor.fetchall():
            found[name] = Sponsor.from_db(connection.alias, SPONSOR_FIELDS, row)
    # In sorted order: two loaders creating the same new sponsors wait for each other
    # instead of deadlocking.
    for name in sorted(set(wanted) - found.keys()):
        found[name] = Sponsor.objects.create(name=name, slug=unique_sponsor_slug(name))
    return [found[name] for name in names]


def sponsor_for_name(name: str) -> Sponsor:
    """The sponsor a printed name stands for, through the curated aliases."""
    return sponsors_for_names([name])[0]


def unique_sponsor_slug(name: str) -> str:
    base = slugify(name)[:180] or "sponsor"
    slug, n = base, 1
    while Sponsor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def load_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    apply_curation: bool = False,
    progress=None,
    jobs: int | None = None,
    all_series: bool = False,
) -> LoadReport:
    """Load every file under `paths`, then refresh what depends on them (citation links,
    series, lineage) and, with `apply_curation`, apply the shipped curation files; with
    `all_series`, every text is regrouped into series, not only the loaded ones.
    `progress` is called with each FileResult, in file order, as it finishes. `jobs`:
    files loaded at once (workers.worker_count); files with the same name (whose texts
    replace one another) are loaded one after another, in order."""
    report = LoadReport()
    found: list[Path | FileResult] = []
    for path in paths:
        if path.exists():
            found += iter_source_files([path])
        else:
            found.append(FileResult(path, Outcome.FAILED, f"{path}: no such file or directory"))
    jobs = workers.worker_count(jobs)

    def load(entry: Path | FileResult) -> FileResult:
        if isinstance(entry, FileResult):
            return entry
        return load_file(entry, dry_run=dry_run, attempts=workers.ATTEMPTS, side_by_side=jobs > 1)

    def name(entry: Path | FileResult) -> str:
        return entry.path.name if isinstance(entry, FileResult) else entry.name

    with checkpoint_at_end():
        for result in workers.in_workers(found, load, jobs=jobs, together=name):
            report.results.append(result)
            if progress:
                progress(result)
    for result in report.results:
        report.notes += result.notes
    if not dry_run:
        changed = [
            r.resolution
            for r in report.results
            if r.outcome in (Outcome.LOADED, Outcome.UPDATED) and r.resolution
        ]

        def refresh() -> list[str]:
            with transaction.atomic():
                return pipeline.after_load(
                    changed, apply_curation=apply_curation, all_series=all_series
                )

        # Another loader's run may end at the same time, suggesting the same series.
        report.curation_changes = workers.retrying(refresh, attempts=workers.ATTEMPTS)
    return report
