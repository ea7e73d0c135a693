"""Re-create the full-text search objects and re-index every paragraph."""

import time

from django.core.management.base import BaseCommand

from resolutions.search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Rebuild the full-text index (SQLite FTS5 tables and triggers, or PostgreSQL tsvectors "
        "and their GIN index) from the stored paragraphs. Safe to run at any time."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        backend = get_backend()
        count = backend.rebuild()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} paragraphs with the {backend.vendor} engine in {elapsed:.1f}s."
            )
        )
