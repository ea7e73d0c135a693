"""Measure the archive on whatever is loaded: search through the full view and through its SQL
alone, a naive `icontains` baseline, page render times, queries per page, loader throughput,
database size and peak memory. The `benchmark` command prints and saves what this returns.

Definitions (docs/performance.md explains them):
- *view*: a GET through Django's test client, middleware and templates included;
- *floor*: the same page's SQL statements (captured from one view run) replayed on a raw
  cursor, rows fetched: the database work alone, with no ORM, view or template; timed in
  turn with the view, run by run;
- *naive*: what a toy would do: `icontains` per word, COUNT(*) of every match, OFFSET paging,
  a year facet over all matches.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import platform
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from resolutions.filters import ParagraphFilter
from resolutions.models import Paragraph, Resolution
from resolutions.search.query import Phrase, parse
from resolutions.search.service import PAGE_SIZE
from resolutions.services.checkpoints import checkpoint_at_end

HOST = "localhost"


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    params: dict[str, Any]


# The fixed query mix. Words are chosen for their document frequency in a UN collection:
# "kidnapping" is rare, "States" is in most paragraphs, "Member States" in about a third.
MIX: tuple[Case, ...] = (
    Case("rare word", {"q": "kidnapping"}),
    Case("common word", {"q": "States"}),
    Case("phrase", {"q": '"Member States"'}),
    Case("OR", {"q": "refugees OR migrants"}),
    Case("exclusion", {"q": "climate -adaptation"}),
    Case("prefix", {"q": "disarm*"}),
    Case("filters alone", {"kind": "operative", "verb": "urge", "year_min": 2000}),
    Case("filters with a query", {"q": "peacekeeping", "body": "GA", "year_min": 1990}),
    Case("deep page", {"q": '"Member States"', "page": 400}),
    Case("newest first", {"q": "United Nations", "sort": "newest"}),
    Case("facet clicked", {"q": "development", "body": "GA", "verb": "request"}),
    Case("grouped", {"q": "refugees", "group": "resolution"}),
)


@dataclass(slots=True)
class Timing:
    samples_ms: list[float] = field(default_factory=list)

    def pct(self, p: float) -> float:
        if not self.samples_ms:
            return 0.0
        ordered = sorted(self.samples_ms)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]

    def summary(self) -> dict[str, float]:
        return {
            "n": len(self.samples_ms),
            "p50": round(self.pct(50), 2),
            "p95": round(self.pct(95), 2),
            "p99": round(self.pct(99), 2),
        }


def timed(fn: Callable[[], Any], repeat: int) -> Timing:
    return timed_in_turn([fn], repeat)[0]


def timed_in_turn(fns: list[Callable[[], Any]], repeat: int) -> list[Timing]:
    """Each of `fns` timed `repeat` times, one after the other in every round, so that a
    change in the machine's speed during the rounds weighs on all of them alike."""
    timings = [Timing() for _ in fns]
    for _ in range(repeat):
        for fn, timing in zip(fns, timings, strict=True):
            started = time.perf_counter()
            fn()
            timing.samples_ms.append((time.perf_counter() - started) * 1000)
    return timings


class StatementRecorder:
    """An execute wrapper that keeps each statement with its parameters, for replaying."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def get(client: Client, url: str) -> None:
    response = client.get(url, HTTP_HOST=HOST)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    response.content  # noqa: B018 (render it all)


def replay(statements: list[tuple[str, Any]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()


def search_case(client: Client, case: Case, repeat: int) -> dict[str, Any]:
    url = f"{reverse('resolutions:search')}?{urlencode(case.params, doseq=True)}"
    get(client, url)  # warm caches, as a running server would be
    recorder = StatementRecorder()
    with connection.execute_wrapper(recorder):
        get(client, url)
    # In turn: the ratio of the two is the measure, and timed one phase after the other
    # they met the machine at different speeds (docs/performance.md, design point 19).
    view, floor = timed_in_turn(
        [lambda: get(client, url), lambda: replay(recorder.statements)], repeat
    )
    return {
        "name": case.name,
        "url": url,
        "queries": len(recorder.statements),
        "view_ms": view.summary(),
        "floor_ms": floor.summary(),
        "view_over_floor_p50": round(view.pct(50) / max(floor.pct(50), 1e-6), 2),
    }


def naive_page(params: dict[str, Any]) -> None:
    """The toy search: `icontains` per word (no stemming, no ranking), exact COUNT(*),
    OFFSET paging and a year facet over every match."""
    filterset = ParagraphFilter(params, queryset=Paragraph.objects.all())
    filterset.form.is_valid()
    qs: QuerySet = filterset.filter_queryset(Paragraph.objects.all())
    query = parse(str(params.get("q", "")))

    def cond(atom) -> Q:
        return Q(text__icontains=" ".join(atom.words) if isinstance(atom, Phrase) else atom.word)

    for clause in query.clauses:
        either = Q()
        for atom in clause:
            either |= cond(atom)
        qs = qs.filter(either)
    for atom in query.excluded:
        qs = qs.exclude(cond(atom))
    page = int(params.get("page", 1))
    qs.count()
    list(qs.select_related("resolution").order_by("-pk")[(page - 1) * PAGE_SIZE :][:PAGE_SIZE])
    list(qs.order_by().values("resolution__year").annotate(n=Count("pk")))


def naive_case(case: Case, repeat: int) -> dict[str, Any]:
    timing = timed(lambda: naive_page(case.params), repeat)
    return {"name": case.name, "naive_ms": timing.summary()}


def sample_resolutions(count: int) -> list[Resolution]:
    """Resolutions spread evenly over the table, by source name: the same texts whatever
    order they were stored in (the loader's workers commit in no fixed order)."""
    ids = list(Resolution.objects.order_by("source_name", "pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    return list(Resolution.objects.filter(pk__in=ids[::step][:count]).order_by("pk"))


def symbol_url(resolution: Resolution) -> str | None:
    """/symbols/<symbol>/ when another part of the site provides it."""
    if not resolution.symbol:
        return None
    url = f"/symbols/{resolution.symbol}/"
    try:
        resolve(url)
    except Resolver404:
        return None
    return url


def page_case(client: Client, name: str, urls: list[str], repeat: int) -> dict[str, Any]:
    if not urls:
        return {"name": name, "skipped": "no such page on this site yet"}
    answered = {url: client.get(url, HTTP_HOST=HOST).status_code for url in urls}
    failing = [f"{url} ({status})" for url, status in answered.items() if status != 200]
    urls = [url for url, status in answered.items() if status == 200]
    if not urls:
        return {"name": name, "skipped": "every page failed", "failing": failing}
    query_counts = []
    for url in urls:
        recorder = StatementRecorder()
        with connection.execute_wrapper(recorder):
            get(client, url)
        query_counts.append(len(recorder.statements))
    timing = Timing()
    for _ in range(repeat):
        for url in urls:
            started = time.perf_counter()
            get(client, url)
            timing.samples_ms.append((time.perf_counter() - started) * 1000)
    return {
        "name": name,
        "pages": len(urls),
        "failing": failing,
        "queries": max(query_counts),
        "view_ms": timing.summary(),
    }


def loader_throughput(count: int, jobs: int | None = None) -> dict[str, Any]:
    """store() of the seeds' parses, re-sourced under synthetic names, as load_resolutions
    stores files (one transaction each, with the per-text pipeline, by as many workers);
    removed afterwards."""
    from resolutions.services import workers
    from resolutions.services.corpus.removal import purge
    from resolutions.services.loading import parse_directory, store_with_pipeline

    parses = parse_directory(Path(settings.RESOLUTIONS_SEED_DIR))
    if not parses:
        return {"skipped": "no seed files"}
    jobs = workers.worker_count(jobs)

    def store_copy(i: int) -> int:
        parsed, text = parses[i % len(parses)]
        copy = dataclasses.replace(
            parsed,
            source=f"synthetic/loader-benchmark/{i:05d}-{parsed.source}",
            symbol=f"SYN/LOADER/{i}/{parsed.symbol}" if parsed.symbol else None,
        )
        stored = workers.retrying(
            lambda: store_with_pipeline(
                copy, sha256=f"{i:064x}", raw_text=text, existing=None, side_by_side=jobs > 1
            ),
            attempts=workers.ATTEMPTS,
        )
        return stored[0].pk

    started = time.perf_counter()
    with checkpoint_at_end():  # as load_paths stores files; its last checkpoint is timed
        stored = list(workers.in_workers(range(count), store_copy, jobs=jobs))
    elapsed = time.perf_counter() - started
    Resolution.objects.filter(pk__in=stored).update(is_synthetic=True)
    with transaction.atomic():
        purge(Resolution.objects.filter(pk__in=stored))
    paragraphs = sum(len(p.paragraphs) for p, _ in parses) * count / len(parses)
    return {
        "resolutions": count,
        "jobs": jobs,
        "seconds": round(elapsed, 2),
        "resolutions_per_second": round(count / elapsed, 1),
        "paragraphs_per_second": round(paragraphs / elapsed, 1),
    }


def database_size() -> int:
    """Bytes the database takes: PostgreSQL's own count, or SQLite's pages."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return int(pages * cursor.fetchone()[0])


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = line.split(":", 1)[1].strip()
    except OSError:
        pass
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "load_average": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "engine": connection.vendor,
        "engine_version": engine_version(),
    }


def engine_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        return str(cursor.fetchone()[0]).split(" on ")[0]


def run(
    *,
    repeat: int = 30,
    naive_repeat: int = 3,
    pages: int = 20,
    loader: int = 100,
    cases: tuple[Case, ...] = MIX,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run every measurement; returns a JSON-ready dict."""
    say = progress or (lambda message: None)
    client = Client()
    result: dict[str, Any] = {
        "machine": machine(),
        "corpus": {
            "resolutions": Resolution.objects.count(),
            "synthetic_resolutions": Resolution.objects.filter(is_synthetic=True).count(),
            "paragraphs": Paragraph.objects.count(),
        },
        "settings": {
            "repeat": repeat,
            "naive_repeat": naive_repeat,
            "pages": pages,
            "gc_threshold": list(gc.get_threshold()),
            "gc_frozen_objects": gc.get_freeze_count(),
        },
        "search": [],
        "naive": [],
        "pages": [],
    }
    for case in cases:
        say(f"search: {case.name}")
        result["search"].append(search_case(client, case, repeat))
    if naive_repeat:
        for case in cases:
            say(f"naive: {case.name}")
            result["naive"].append(naive_case(case, naive_repeat))
    sample = sample_resolutions(pages)
    say("pages")
    result["pages"] = [
        page_case(client, "resolution page", [r.get_absolute_url() for r in sample], repeat),
        page_case(client, "symbol page", [u for r in sample if (u := symbol_url(r))], repeat),
        # Whole-archive pages, measured fewer times: informative, not budgeted.
        page_case(
            client, "resolution list", [reverse("resolutions:resolution-list")], max(3, repeat // 5)
        ),
        page_case(client, "home", [reverse("resolutions:home")], max(3, repeat // 5)),
    ]
    if loader:
        say("loader")
        result["loader"] = loader_throughput(loader)
    result["database_bytes"] = database_size()
    # ru_maxrss is in kilobytes on Linux.
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def query_counts(result: dict[str, Any]) -> dict[str, int]:
    """Queries per page, by page name: what CI compares between corpus sizes."""
    counts = {f"search: {s['name']}": s["queries"] for s in result["search"]}
    counts.update({p["name"]: p["queries"] for p in result["pages"] if "queries" in p})
    return counts


def format_table(result: dict[str, Any]) -> str:
    naive = {n["name"]: n["naive_ms"] for n in result.get("naive", [])}
    corpus = result["corpus"]
    lines = [
        f"{result['machine']['engine']} {result['machine']['engine_version']}: "
        f"{corpus['resolutions']:,} resolutions, {corpus['paragraphs']:,} paragraphs; "
        f"load {result['machine']['load_average']} -> {result['machine']['load_average_after']}",
        "",
        f"{'search (ms)':<22}{'view p50':>9}{'p95':>9}{'p99':>9}{'floor p50':>10}{'p95':>8}"
        f"{'ratio':>7}{'naive p50':>11}{'queries':>9}",
    ]
    for s in result["search"]:
        v, f = s["view_ms"], s["floor_ms"]
        n = naive.get(s["name"], {}).get("p50")
        lines.append(
            f"{s['name']:<22}{v['p50']:>9.1f}{v['p95']:>9.1f}{v['p99']:>9.1f}{f['p50']:>10.1f}"
            f"{f['p95']:>8.1f}{s['view_over_floor_p50']:>7.2f}"
            f"{(f'{n:.0f}' if n is not None else '-'):>11}{s['queries']:>9}"
        )
    lines += ["", f"{'page (ms)':<22}{'p50':>9}{'p95':>9}{'p99':>9}{'queries':>9}"]
    for p in result["pages"]:
        if "skipped" in p:
            lines.append(f"{p['name']:<22}  skipped: {p['skipped']}")
            continue
        v = p["view_ms"]
        lines.append(
            f"{p['name']:<22}{v['p50']:>9.1f}{v['p95']:>9.1f}{v['p99']:>9.1f}{p['queries']:>9}"
            + (
                f"  ({len(p['failing'])} pages failed, e.g. {p['failing'][0]})"
                if p["failing"]
                else ""
            )
        )
    if (loader := result.get("loader")) and "resolutions_per_second" in loader:
        lines += [
            "",
            f"loader: {loader['resolutions_per_second']} resolutions/s "
            f"({loader['paragraphs_per_second']} paragraphs/s, {loader['resolutions']} stored"
            f" by {loader.get('jobs', 1)} worker(s))",
        ]
    lines.append(
        f"database: {result['database_bytes'] / 2**20:,.0f} MiB; "
        f"peak memory: {result['peak_memory_mb']} MiB"
    )
    return "\n".join(lines)
