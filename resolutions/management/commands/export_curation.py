"""Write what curators decided to a curation file that load_resolutions applies."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from resolutions.services.curation import export_curation, write_curation


class Command(BaseCommand):
    help = (
        "Export curated values, sponsor aliases, topics, series and accepted citation links "
        "to a JSON curation file (default: fixtures/curation/curated.json, which "
        "`load_resolutions` with no arguments applies after loading the seeds). "
        "Use --output - to print it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=str,
            default=None,
            help="File to write (default: curated.json in the curation directory); - for stdout.",
        )

    def handle(self, *args, output: str | None, **options):
        if output == "-":
            self.stdout.write(json.dumps(export_curation(), ensure_ascii=False, indent=2))
            return
        path = Path(output) if output else Path(settings.RESOLUTIONS_CURATION_DIR) / "curated.json"
        data = write_curation(path)
        if options["verbosity"] >= 1:
            counts = ", ".join(
                f"{len(data[key])} {key.replace('_', ' ')}"
                for key in ("resolutions", "paragraphs", "sponsor_aliases", "topics", "series")
            )
            links = len(data["citation_links"])
            self.stdout.write(f"Wrote {path}: {counts}, {links} citation links.")
