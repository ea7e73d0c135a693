"""Benchmark search, pages and the loader on the loaded corpus; print a table, write JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.serving import garbage_collector_as_served
from resolutions.services.corpus import benchmark


class Command(BaseCommand):
    help = (
        "Measure search (full view, raw SQL floor, naive icontains baseline), resolution and "
        "symbol pages, queries per page, loader throughput, database size and peak memory. "
        "Load a corpus first (generate_corpus). --compare FILE fails if any page runs more "
        "queries than in an earlier result (e.g. a smaller corpus)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30, help="Runs per search and page.")
        parser.add_argument("--naive-repeat", type=int, default=3, help="0 skips the baseline.")
        parser.add_argument("--pages", type=int, default=20, help="Resolutions to render.")
        parser.add_argument("--loader", type=int, default=100, help="Texts to store; 0 skips.")
        parser.add_argument("--json", type=Path, help="Where to write the results.")
        parser.add_argument("--compare", type=Path, help="An earlier JSON result.")

    def handle(self, *args, **options):
        def progress(message: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"  {message}")

        with garbage_collector_as_served():
            result = benchmark.run(
                repeat=options["repeat"],
                naive_repeat=options["naive_repeat"],
                pages=options["pages"],
                loader=options["loader"],
                progress=progress,
            )
        self.stdout.write(benchmark.format_table(result))
        corpus = result["corpus"]["resolutions"]
        path = options["json"] or (
            Path(settings.BASE_DIR)
            / "benchmarks"
            / "results"
            / f"bench-{connection.vendor}-{corpus}.json"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"Results written to {path}")
        if options["compare"]:
            self.compare(result, json.loads(options["compare"].read_text(encoding="utf-8")))

    def compare(self, result: dict, earlier: dict) -> None:
        now, then = benchmark.query_counts(result), benchmark.query_counts(earlier)
        grown = {
            name: (then[name], n) for name, n in now.items() if name in then and n > then[name]
        }
        sizes = f"{earlier['corpus']['resolutions']:,} -> {result['corpus']['resolutions']:,}"
        if grown:
            detail = ", ".join(f"{name}: {a} -> {b}" for name, (a, b) in grown.items())
            raise CommandError(f"Queries per page grew with the corpus ({sizes}): {detail}")
        self.stdout.write(f"Queries per page unchanged between corpus sizes {sizes}.")
