"""Propose archived sources for references that no archived text answers to yet."""

from django.core.management.base import BaseCommand

from resolutions.citations.suggestions import MIN_SCORE, suggest_citation_links


class Command(BaseCommand):
    help = (
        "Suggest the archived resolution an unresolved reference probably names, from the "
        "title and date given with it and from recitals quoting archived paragraphs. "
        "Suggestions wait for a curator in the admin; decided ones are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-score",
            type=float,
            default=MIN_SCORE,
            help=f"Only store suggestions scoring at least this (0..1, default {MIN_SCORE}).",
        )

    def handle(self, *args, min_score: float, **options):
        report = suggest_citation_links(min_score=min_score)
        if options["verbosity"] >= 2:
            for s in report.suggestions:
                reasons = ", ".join(s.evidence.get("reasons", []))
                self.stdout.write(
                    f"{s.citation.resolution.label} {s.citation.text!r} -> "
                    f"{s.suggested.label} ({s.score:.2f}: {reasons})"
                )
        self.stdout.write(
            f"{report.considered} unresolved references considered: {report.created} new "
            f"suggestions, {report.updated} updated, {report.kept} already decided."
        )
