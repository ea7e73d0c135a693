"""Delete every synthetic resolution (generate_corpus) and what depends on it."""

from django.core.management.base import BaseCommand

from resolutions.services.corpus.removal import remove_synthetic


class Command(BaseCommand):
    help = "Remove all synthetic data written by generate_corpus; real texts are untouched."

    def handle(self, *args, **options):
        removed = remove_synthetic()
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} synthetic resolutions."))
