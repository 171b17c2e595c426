"""`manage.py strategy_from_document FILE [--json] [--output PATH]`: read a strategy document (X-7)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.strategies.importer import DocumentImportError, read_document
from utblick.strategies.importer.draft import draft_to_toml


class Command(BaseCommand):
    help = "Read a strategy document (PDF, DOCX, text, Markdown) into a draft: JSON or a strategy file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print the extracted draft as one JSON object.")
        parser.add_argument("--output", "-o", help="Where to write the strategy file (default: FILE.strategy.toml).")
        parser.add_argument("--organisation", metavar="SLUG", help="The owner's short name in the strategy file.")

    def handle(
        self, *args, file, json: bool = False, output: str | None = None, organisation: str | None = None, **options
    ):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            draft = read_document(path)
        except DocumentImportError as exc:
            raise CommandError(f"{path.name}: {exc.message}") from exc
        if json:
            self.stdout.write(_dumps(draft.to_json()))
            return
        target = Path(output) if output else path.with_name(path.stem + ".strategy.toml")
        target.write_text(draft_to_toml(draft, organisation), encoding="utf-8")
        self.stdout.write(str(target))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
