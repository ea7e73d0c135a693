"""Build a synthetic corpus in bulk: deterministic for a seed, marked synthetic everywhere.

Resolutions are generated in date order, in batches: each batch is built in memory and written
with bulk_create (resolutions, then paragraphs, sponsorships and citations), never through the
per-file loader. The full-text index is built once at the end (see `bulk_index`).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, reset_queries, transaction
from django.utils.text import slugify

from resolutions.models import (
    Body,
    Citation,
    Paragraph,
    Resolution,
    Series,
    Sponsor,
    Sponsorship,
)
from resolutions.parsing.bodies import KNOWN_BODIES
from resolutions.parsing.states import MEMBER_STATES
from resolutions.services import topics
from resolutions.services.corpus import indexing
from resolutions.services.corpus.vocabulary import (
    BOILERPLATE,
    BOILERPLATE_WEIGHTS,
    GOALS,
    OPERATIVE_GROUPS,
    PREAMBULAR_TEMPLATES,
    PREAMBULAR_VERBS,
    SUBJECTS,
)

SYMBOL_PREFIX = "SYN/"
TITLE_PREFIX = "[Synthetic] "
SOURCE_PREFIX = "synthetic/"
SERIES_SLUG_PREFIX = "synthetic-"
FIRST_YEAR, LAST_YEAR = 1946, 2026
# Real subjects (the seeds are about terrorism and crime) borrow more of the real paragraphs.
SEED_HEAVY_SUBJECTS = {"terrorism", "crime", "corruption", "drugs", "trafficking"}

# body code -> (weight, first year, last year, document type mix)
BODIES: dict[str, tuple[int, int, int]] = {
    "GA": (45, 1946, LAST_YEAR),
    "SC": (14, 1946, LAST_YEAR),
    "ECOSOC": (10, 1946, LAST_YEAR),
    "CHR": (7, 1946, 2005),
    "HRC": (10, 2006, LAST_YEAR),
    "CCPCJ": (4, 1992, LAST_YEAR),
    "CND": (3, 1946, LAST_YEAR),
    "CSW": (3, 1947, LAST_YEAR),
}
BODY_NAMES = {code: name for name, code in KNOWN_BODIES.items()}
CITATION_KIND = {
    "GA": Citation.Kind.GA,
    "SC": Citation.Kind.SC,
    "ECOSOC": Citation.Kind.ECOSOC,
    "CHR": Citation.Kind.CHR,
    "HRC": Citation.Kind.HRC,
}
COMMISSION_SYMBOLS = {"CCPCJ": "E/CN.15", "CND": "E/CN.7", "CSW": "E/CN.6"}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(slots=True)
class SourceParagraph:
    """A real paragraph to recombine: its kind, and its text after the opening phrase."""

    kind: str
    rest: str


@dataclass(slots=True)
class GenerationReport:
    resolutions: int = 0
    paragraphs: int = 0
    citations: int = 0
    sponsorships: int = 0
    topic_links: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Made:
    """One generated resolution before it is written: the model and its children."""

    resolution: Resolution
    # (kind, number, order, anchor, verb_phrase, verb, text): rows, not models (see below)
    paragraphs: list[tuple]
    sponsor_names: list[str]
    subject: str
    series_key: str
    # (paragraph index, target id, target symbol, kind, start, end, text)
    citations: list[tuple[int, int, str, str, int, int, str]]


class CorpusGenerator:
    """Everything random is drawn from one `random.Random(seed)`, in a fixed order."""

    def __init__(self, seed: int, sources: list[SourceParagraph], body_ids: dict[str, int]) -> None:
        self.rng = random.Random(seed)
        self.sources = sources
        self.body_ids = body_ids
        self.code_of = {pk: code for code, pk in body_ids.items()}
        self.group_weights = [weight for _, _, weight in OPERATIVE_GROUPS]
        self.subject_names = list(SUBJECTS)
        self.subject_weights = [SUBJECTS[s][0] for s in self.subject_names]
        # Sponsorship is skewed: a few States table a large share of drafts.
        # The parser's list also has typographic-apostrophe spellings: one name per State.
        states = list(dict.fromkeys(s for s in MEMBER_STATES if "\u2019" not in s))
        self.rng.shuffle(states)
        self.states = states
        self.state_weights = [1.0 / (i + 1) ** 0.7 for i in range(len(states))]
        self.counters: dict[tuple[str, int], int] = {}
        self.sc_counter = 0
        # year -> [(id, symbol, body code, subject, title)] of what is already written
        self.by_year: dict[int, list[tuple[int, str, str, str, str]]] = {}
        self.series_last: dict[str, tuple[int, str, str, str, str]] = {}

    # -- the shape of the collection -------------------------------------------------------

    def years(self, n: int) -> list[int]:
        """`n` years in ascending order, weighted towards recent years as real output is."""
        span = list(range(FIRST_YEAR, LAST_YEAR + 1))
        weights = [1 + (y - FIRST_YEAR) * 0.06 for y in span]
        return sorted(self.rng.choices(span, weights, k=n))

    def body_for(self, year: int) -> str:
        codes = [c for c, (_, first, last) in BODIES.items() if first <= year <= last]
        return self.rng.choices(codes, [BODIES[c][0] for c in codes])[0]

    def symbol_for(self, code: str, year: int) -> tuple[str, str, str]:
        """(symbol, document type, session) for the next text of `code` in `year`."""
        key = (code, year)
        self.counters[key] = number = self.counters.get(key, 0) + 1
        document_type = Resolution.DocumentType.RESOLUTION
        if code == "GA":
            session = year - 1945
            if self.rng.random() < 0.08:
                document_type = Resolution.DocumentType.DECISION
                return f"{SYMBOL_PREFIX}A/DEC/{session}/{number}", document_type, f"{session}th"
            return f"{SYMBOL_PREFIX}A/RES/{session}/{number}", document_type, f"{session}th"
        if code == "SC":
            self.sc_counter += 1
            return f"{SYMBOL_PREFIX}S/RES/{self.sc_counter} ({year})", document_type, ""
        if code == "ECOSOC":
            return f"{SYMBOL_PREFIX}E/RES/{year}/{number}", document_type, f"{year} session"
        if code == "CHR":
            return f"{SYMBOL_PREFIX}E/CN.4/RES/{year}/{number}", document_type, f"{year - 1945}th"
        if code == "HRC":
            session = (year - 2006) * 3 + 1
            return f"{SYMBOL_PREFIX}A/HRC/RES/{session}/{number}", document_type, f"{session}th"
        document_type = Resolution.DocumentType.DRAFT
        return (
            f"{SYMBOL_PREFIX}{COMMISSION_SYMBOLS[code]}/{year}/L.{number}",
            document_type,
            f"{year - 1991 if code == 'CCPCJ' else year - 1945}th",
        )

    def subject(self) -> str:
        return self.rng.choices(self.subject_names, self.subject_weights)[0]

    def phrase(self, subject: str) -> str:
        return self.rng.choice(SUBJECTS[subject][1])

    # -- one resolution ---------------------------------------------------------------------

    def make(self, index: int, year: int, seed: int, series_ids: dict[str, int]) -> Made:
        rng = self.rng
        code = self.body_for(year)
        symbol, document_type, session = self.symbol_for(code, year)
        main = self.subject()
        second = self.subject()
        recurring = code in ("GA", "HRC", "CHR", "ECOSOC") and rng.random() < 0.5
        if recurring:
            # Recurring series: the same title comes back year after year.
            title = SUBJECTS[main][1][0]
            series_key = f"{code}-{main}"
        else:
            title = self.phrase(main)
            series_key = ""
        title = TITLE_PREFIX + title[0].upper() + title[1:]
        date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        resolution = Resolution(
            slug=slugify(symbol.replace("/", " ")),
            symbol=symbol,
            title=title,
            body_id=self.body_ids[code],
            document_type=document_type,
            session=session,
            agenda_item=f"Item {rng.randint(1, 180)}" if code != "SC" else "",
            date=date,
            year=year,
            addressed_to=BODY_NAMES.get(code, ""),
            series_id=series_ids.get(series_key) if series_key else None,
            is_synthetic=True,
            source_name=f"{SOURCE_PREFIX}{seed}/{index:07d}.txt",
            source_sha256=f"{seed:016x}{index:048x}"[-64:],
            raw_text=(
                f"{TITLE_PREFIX}Generated by generate_corpus --seed {seed} (text {index}); "
                "not a United Nations document."
            ),
        )
        sponsor_names: list[str] = []
        if document_type == Resolution.DocumentType.DRAFT or (
            code in ("GA", "HRC") and rng.random() < 0.5
        ):
            count = min(60, int(rng.paretovariate(1.1)))
            sponsor_names = list(
                dict.fromkeys(rng.choices(self.states, self.state_weights, k=count))
            )

        targets = self.cite_targets(year, main, series_key)
        paragraphs, citations = self.paragraphs(main, second, targets)
        return Made(resolution, paragraphs, sponsor_names, main, series_key, citations)

    def cite_targets(self, year: int, subject: str, series_key: str) -> list[tuple]:
        """Earlier texts to cite: the previous version of a series, then mostly recent texts."""
        rng = self.rng
        targets = []
        if series_key and series_key in self.series_last:
            targets.append(self.series_last[series_key])
        for _ in range(min(8, int(rng.expovariate(1 / 2.5)))):
            gap = min(int(rng.expovariate(1 / 3.0)), year - FIRST_YEAR)
            pool = self.by_year.get(year - gap)
            if pool:
                targets.append(rng.choice(pool))
        return list(dict.fromkeys(targets))

    def paragraphs(self, main: str, second: str, targets: list[tuple]) -> tuple[list, list]:
        rng = self.rng
        n_pre = rng.randint(5, 21)
        n_op = rng.randint(7, 27)
        borrow = 0.4 if main in SEED_HEAVY_SUBJECTS else 0.03
        paragraphs: list[tuple] = []
        citations: list[tuple] = []
        pending = list(targets)
        for i in range(n_pre + n_op):
            operative = i >= n_pre
            if operative:
                verbs, templates, _ = rng.choices(OPERATIVE_GROUPS, self.group_weights)[0]
            else:
                verbs, templates = PREAMBULAR_VERBS, PREAMBULAR_TEMPLATES
            verb_phrase, verb = rng.choice(verbs)
            kind = Paragraph.Kind.OPERATIVE if operative else Paragraph.Kind.PREAMBULAR
            cite = None
            if not operative and pending and (i > 0 or rng.random() < 0.7):
                # A citation stands in a preambular "Recalling" paragraph of its own.
                cite = pending.pop(0)
                verb_phrase, verb = (
                    ("Recalling", "recall") if i == 0 else ("Recalling also", "recall")
                )
                _, symbol, code, _, cited_title = cite
                shown = symbol.removeprefix(SYMBOL_PREFIX)
                head = f"{verb_phrase} its resolution {SYMBOL_PREFIX}"
                text = f"{head}{shown}, on {cited_title.removeprefix(TITLE_PREFIX).lower()},"
                start, end = len(head) - len(SYMBOL_PREFIX), len(head) + len(shown)
                citations.append(
                    (
                        i,
                        cite[0],
                        symbol,
                        CITATION_KIND.get(code, Citation.Kind.OTHER),
                        start,
                        end,
                        symbol,
                    )
                )
            elif self.sources and rng.random() < borrow:
                source = rng.choice(self.sources)
                if (source.kind == Paragraph.Kind.OPERATIVE) == operative:
                    text = f"{verb_phrase} {source.rest}"
                else:
                    text = self.clause(verb_phrase, templates, main, second, targets)
            else:
                text = self.clause(verb_phrase, templates, main, second, targets)
            number = i - n_pre + 1 if operative else None
            anchor = f"op{number}" if operative else f"pp{i + 1}"
            paragraphs.append((str(kind), number, i + 1, anchor, verb_phrase, verb, text))
        return paragraphs, citations

    def clause(self, verb_phrase: str, templates, main: str, second: str, targets) -> str:
        rng = self.rng
        template = rng.choice(templates)

        def subject() -> str:
            roll = rng.random()
            name = main if roll < 0.7 else second if roll < 0.9 else self.subject()
            return self.phrase(name)

        return template.format(
            verb=verb_phrase,
            subject=subject(),
            subject2=subject(),
            boiler=rng.choices(BOILERPLATE, BOILERPLATE_WEIGHTS)[0],
            boiler2=rng.choices(BOILERPLATE, BOILERPLATE_WEIGHTS)[0],
            goal=rng.choice(GOALS),
            citation=targets[0][1].removeprefix(SYMBOL_PREFIX) if targets else "1 (I)",
        )


def source_paragraphs() -> list[SourceParagraph]:
    """The real paragraphs to recombine: those loaded in the database, else the seed files."""
    rows = (
        Paragraph.objects.filter(resolution__is_synthetic=False)
        .order_by("resolution__source_name", "order")
        .values_list("kind", "verb_phrase", "text")
    )
    found = [
        SourceParagraph(kind, text[len(phrase) :].lstrip() if phrase else text)
        for kind, phrase, text in rows
    ]
    if found:
        return found
    from resolutions.services.loading import parse_directory

    for parsed, _ in parse_directory(Path(settings.RESOLUTIONS_SEED_DIR)):
        for p in parsed.paragraphs:
            rest = p.text[len(p.verb_phrase) :].lstrip() if p.verb_phrase else p.text
            found.append(SourceParagraph(p.kind, rest))
    return found


def ensure_bodies() -> dict[str, int]:
    ids = {}
    for code in BODIES:
        body, _ = Body.objects.get_or_create(code=code, defaults={"name": BODY_NAMES[code]})
        ids[code] = body.pk
    return ids


def ensure_series() -> dict[str, int]:
    """One series per (body, subject) that recurs; marked synthetic by name and slug."""
    ids = {}
    for code in ("GA", "HRC", "CHR", "ECOSOC"):
        for subject, (_, phrases) in SUBJECTS.items():
            key = f"{code}-{subject}"
            name = f"{TITLE_PREFIX}{phrases[0][0].upper()}{phrases[0][1:]} ({code})"
            series, _ = Series.objects.get_or_create(
                slug=f"{SERIES_SLUG_PREFIX}{slugify(key)}", defaults={"name": name}
            )
            ids[key] = series.pk
    return ids


def ensure_sponsors(names: set[str]) -> dict[str, int]:
    existing = dict(Sponsor.objects.filter(name__in=names).values_list("name", "pk"))
    taken = set(Sponsor.objects.values_list("slug", flat=True))
    new = []
    for name in sorted(names - set(existing)):
        base = slugify(name)[:180] or "sponsor"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        new.append(Sponsor(name=name, slug=slug))
    for sponsor in Sponsor.objects.bulk_create(new):
        existing[sponsor.name] = sponsor.pk
    if new and any(s.pk is None for s in new):  # engines without RETURNING
        existing = dict(Sponsor.objects.filter(name__in=names).values_list("name", "pk"))
    return existing


PARAGRAPH_COLUMNS = ("kind", "number", "order", "anchor", "verb_phrase", "verb", "text")
ORDER_AT, TEXT_AT = PARAGRAPH_COLUMNS.index("order"), PARAGRAPH_COLUMNS.index("text")


def insert_paragraphs(batch: list[Made]) -> dict[tuple[int, int], int]:
    """Insert the batch's paragraphs with executemany and return their ids by (resolution,
    order). Paragraphs are nearly all the rows: building a model instance per row and letting
    bulk_create prepare every value costs more than generating the text. Fields this does not
    set get their model default, so a field added to Paragraph later still gets a value."""
    fields = [
        f
        for f in Paragraph._meta.concrete_fields
        if not f.primary_key and f.column != "search_vector"
    ]
    constant = {
        f.column: f.get_db_prep_save(f.get_default(), connection)
        for f in fields
        if f.column not in PARAGRAPH_COLUMNS and f.column != "resolution_id"
    }
    columns = ["resolution_id", *PARAGRAPH_COLUMNS, *constant]
    tail = tuple(constant.values())
    rows = [(m.resolution.pk, *p, *tail) for m in batch for p in m.paragraphs]
    qn = connection.ops.quote_name
    table = qn(Paragraph._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        ids = [m.resolution.pk for m in batch]
        cursor.execute(
            f"SELECT id, resolution_id, {qn('order')} FROM {table} "
            "WHERE resolution_id >= %s AND resolution_id <= %s",
            [min(ids), max(ids)],
        )
        return {(rid, order): pk for pk, rid, order in cursor.fetchall()}


def write_batch(generator: CorpusGenerator, batch: list[Made], report: GenerationReport) -> None:
    with transaction.atomic():
        resolutions = Resolution.objects.bulk_create([m.resolution for m in batch])
        for made, resolution in zip(batch, resolutions, strict=True):
            entry = (
                resolution.pk,
                resolution.symbol,
                generator.code_of[resolution.body_id],
                made.subject,
                resolution.title,
            )
            generator.by_year.setdefault(resolution.year, []).append(entry)
            if made.series_key:
                generator.series_last[made.series_key] = entry
        paragraph_ids = insert_paragraphs(batch)
        # Tagged by the topic rules, as a loaded text is: most real paragraphs have a topic or
        # more, and the topic facet and filter are only measured if the corpus has links too.
        report.topic_links += topics.apply_rules_to_paragraphs(
            (
                (paragraph_ids[m.resolution.pk, p[ORDER_AT]], p[TEXT_AT])
                for m in batch
                for p in m.paragraphs
            ),
            new=True,
        )
        sponsor_ids = ensure_sponsors({name for m in batch for name in m.sponsor_names})
        sponsorships = [
            Sponsorship(resolution_id=m.resolution.pk, sponsor_id=sponsor_ids[name], order=order)
            for m in batch
            for order, name in enumerate(m.sponsor_names, start=1)
        ]
        Sponsorship.objects.bulk_create(sponsorships, batch_size=2000)
        citations = [
            Citation(
                resolution_id=m.resolution.pk,
                paragraph_id=paragraph_ids[m.resolution.pk, i + 1],
                order=order,
                target_symbol=symbol,
                kind=kind,
                text=text[:200],
                start=start,
                end=end,
                target_id=target_id,
            )
            for m in batch
            for order, (i, target_id, symbol, kind, start, end, text) in enumerate(
                m.citations, start=1
            )
        ]
        Citation.objects.bulk_create(citations, batch_size=2000)
    # With DEBUG on, Django keeps every statement (each a whole batch of rows): drop them.
    reset_queries()
    report.resolutions += len(batch)
    report.paragraphs += sum(len(m.paragraphs) for m in batch)
    report.sponsorships += len(sponsorships)
    report.citations += len(citations)


def generate_corpus(
    count: int,
    seed: int,
    *,
    batch_size: int = 500,
    progress: Callable[[GenerationReport], None] | None = None,
) -> GenerationReport:
    """Write `count` synthetic resolutions (and their paragraphs, sponsors, citations)."""
    started = time.perf_counter()
    report = GenerationReport()
    generator = CorpusGenerator(seed, source_paragraphs(), ensure_bodies())
    series_ids = ensure_series()
    years = generator.years(count)
    with indexing.bulk_index(connection):
        batch: list[Made] = []
        for index, year in enumerate(years):
            # Citations may only point at texts already written: flush before a new year.
            if batch and (len(batch) >= batch_size or batch[-1].resolution.year != year):
                write_batch(generator, batch, report)
                batch = []
                if progress:
                    progress(report)
            batch.append(generator.make(index, year, seed, series_ids))
        if batch:
            write_batch(generator, batch, report)
        report.seconds = time.perf_counter() - started
    report.index_seconds = time.perf_counter() - started - report.seconds
    report.seconds += report.index_seconds
    return report
