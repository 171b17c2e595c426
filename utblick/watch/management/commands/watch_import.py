"""Import a file of funding calls or news: ``manage.py watch_import FILE [--format F] [--source NAME]``."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utblick.organisations.models import Organisation
from utblick.watch import formats
from utblick.watch.choices import FileFormat, SourceKind
from utblick.watch.imports import ImportFailed, import_path
from utblick.watch.models import Source
from utblick.watch.services import matches_refresh_for


def nothing_written() -> str:
    return _("Nothing was written.")


DEFAULT_SOURCES: dict[str, str] = {
    FileFormat.FT_SEARCH: "EU Funding & Tenders",
    FileFormat.FT_BULK: "EU Funding & Tenders",
}


class Command(BaseCommand):
    help = (
        "Import funding calls, news or consultations from a file (docs/watch-formats.md). The format is "
        "recognised when not given. The last line says: new N, updated N, unchanged N, rejected N."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FileFormat.values, default="", dest="file_format")
        parser.add_argument(
            "--source", default="", help="The source's name; created when missing (default: after the format)."
        )
        parser.add_argument(
            "--organisation", default="", help="Slug of the organisation whose source it is; empty: shared by all."
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="For CSV and XLSX: which column holds a field, e.g. --map title=Name --map deadline=Deadline.",
        )
        parser.add_argument("--no-match", action="store_true", help="Do not recompute the profiles' matches.")

    def handle(self, *args, file: Path, file_format: str, source: str, organisation: str, map: list, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        mapping = {}
        targets = {target.name for target in formats.targets()}
        for pair in map:
            field, _sep, column = pair.partition("=")
            if field not in targets or not column:
                raise CommandError(f"--map {pair}: use FIELD=COLUMN with FIELD one of {', '.join(sorted(targets))}")
            mapping[field] = column
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(_("No organisation has the short name %(slug)s.") % {"slug": organisation})
        if not file_format:
            with file.open("rb") as stream:
                try:
                    file_format = formats.detect_format(stream.read(65536), file.name)
                except formats.FormatError as error:
                    raise CommandError(f"{file}: {error} {nothing_written()}") from error
        name = source or DEFAULT_SOURCES.get(file_format) or file.stem
        found, _created = Source.objects.get_or_create(
            organisation=owner, name=name, defaults={"kind": SourceKind.FILE, "file_format": file_format}
        )
        if not found.accepts_imports:
            raise CommandError(
                _("The source %(name)s holds the items entered by hand; import into another source.") % {"name": name}
            )
        self.stderr.write(f"Importing {file} ({file_format}) into the source {found.name}…")
        try:
            run = import_path(path=file, source=found, file_format=file_format, mapping=mapping)
        except ImportFailed as error:
            for problem in error.problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(f"{file}: {error} {nothing_written()}") from error
        for rejection in run.rejections[:20]:
            self.stderr.write(f"rejected {rejection['at']}: {rejection['reason']}")
        if not options["no_match"]:
            matches_refresh_for(owner)
        sys.stdout.flush()
        self.stdout.write(run.summary_line())
