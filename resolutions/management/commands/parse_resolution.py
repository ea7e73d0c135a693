"""Print how the parser reads a resolution file, as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions.parsing import ParseError, parse_file
from resolutions.serializers import parsed_to_dict


class Command(BaseCommand):
    help = "Parse a resolution text file and print the result as JSON (nothing is stored)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A .txt or .md resolution text.")
        parser.add_argument("--indent", type=int, default=2, help="JSON indentation (0: compact).")

    def handle(self, *args, path: Path, indent: int, **options):
        try:
            parsed = parse_file(path)
        except ParseError as exc:
            # The message says what is wrong (missing, binary, wrong encoding, not a resolution).
            raise CommandError(f"{path}: {exc}") from None
        self.stdout.write(
            json.dumps(parsed_to_dict(parsed), indent=indent or None, ensure_ascii=False)
        )
