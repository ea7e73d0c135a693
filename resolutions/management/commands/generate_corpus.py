"""Generate (or, with --remove, delete) a synthetic corpus for benchmarks."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from resolutions.models import Resolution
from resolutions.services.corpus.generate import GenerationReport, generate_corpus
from resolutions.services.corpus.removal import remove_synthetic


class Command(BaseCommand):
    help = (
        "Write N synthetic resolutions (is_synthetic, symbols starting SYN/, titles starting "
        "[Synthetic]) recombined from the loaded texts and a vocabulary of UN subjects; "
        "deterministic for a seed. --remove deletes all synthetic data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resolutions", type=int, default=1000, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--replace", action="store_true", help="Remove existing synthetic data first."
        )
        parser.add_argument("--remove", action="store_true", help="Only remove all synthetic data.")

    def handle(self, *args, **options):
        existing = Resolution.objects.filter(is_synthetic=True).exists()
        if options["remove"] or (existing and options["replace"]):
            removed = remove_synthetic()
            self.stdout.write(f"Removed {removed} synthetic resolutions.")
            if options["remove"]:
                return
        elif existing:
            raise CommandError(
                "Synthetic data is already loaded: use --replace to generate afresh, "
                "or --remove to delete it."
            )
        if options["resolutions"] < 1:
            raise CommandError("--resolutions must be at least 1.")

        def progress(report: GenerationReport) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(
                    f"  {report.resolutions} resolutions, {report.paragraphs} paragraphs"
                )

        report = generate_corpus(
            options["resolutions"],
            options["seed"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.resolutions} synthetic resolutions, {report.paragraphs} "
                f"paragraphs, {report.citations} citations, {report.sponsorships} sponsorships, "
                f"{report.topic_links} topic links in {report.seconds:.1f}s "
                f"(index built in {report.index_seconds:.1f}s)."
            )
        )
