"""Load resolution texts into the archive, one transaction per file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from resolutions.services.loading import FileResult, Outcome, load_paths


class Command(BaseCommand):
    help = (
        "Load resolution text files (default: the seed texts in fixtures/seeds/). "
        "Unchanged files are skipped; changed ones are re-parsed. Each file is loaded in its "
        "own transaction: a bad file is reported and leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Files or directories.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report, write nothing."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help=(
                "Files loaded at once, each in its own transaction (default: one per CPU, "
                "at most 4, on PostgreSQL; 1 on SQLite, which takes one writer at a time)."
            ),
        )

        parser.add_argument(
            "--all-series",
            action="store_true",
            help=(
                "Regroup every text into series, not only the loaded ones and their series: "
                "also merges earlier suggestions that a new text links (minutes on an archive "
                "of tens of thousands of texts)."
            ),
        )

    def handle(
        self,
        *args,
        paths: list[Path],
        dry_run: bool,
        jobs: int | None,
        all_series: bool,
        **options,
    ):
        # With no paths: the seed texts, then the shipped curation files (fixtures/curation/).
        apply_curation = not paths
        paths = paths or [Path(settings.RESOLUTIONS_SEED_DIR)]
        verbosity = options["verbosity"]
        style = {
            Outcome.LOADED: self.style.SUCCESS,
            Outcome.UPDATED: self.style.SUCCESS,
            Outcome.UNCHANGED: str,
            Outcome.FAILED: self.style.ERROR,
        }

        def progress(result: FileResult) -> None:
            if result.outcome == Outcome.FAILED:
                self.stderr.write(style[result.outcome](f"failed     {result.message}"))
            elif verbosity >= 1:
                line = f"{result.outcome.value:<10} {result.path.name}"
                if result.message:
                    line += f"  ({result.message})"
                self.stdout.write(style[result.outcome](line))

        if jobs is not None and jobs < 1:
            raise CommandError("--jobs must be 1 or more.")
        report = load_paths(
            paths,
            dry_run=dry_run,
            apply_curation=apply_curation,
            progress=progress,
            jobs=jobs,
            all_series=all_series,
        )
        for note in report.notes:
            self.stdout.write(self.style.WARNING(f"note       {note}"))
        if report.curation_changes and verbosity >= 1:
            self.stdout.write(
                f"curation   {len(report.curation_changes)} change(s) applied from "
                f"{settings.RESOLUTIONS_CURATION_DIR.name}/ (-v 2 lists them)"
            )
            if verbosity >= 2:
                for change in report.curation_changes:
                    self.stdout.write(f"           {change}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        if verbosity >= 1 or report.failed:
            self.stdout.write(f"{prefix}{report.summary()}.")
        if not report.results:
            raise CommandError("No resolution files found (looked for .txt and .md files).")
        if report.failed:
            raise CommandError(f"{report.count(Outcome.FAILED)} file(s) could not be loaded.")
