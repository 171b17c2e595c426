"""``manage.py media_check [--delete-orphans]``: the uploaded files against the database.

Lists every file a record points to that storage lacks (missing) and every stored file no record
points to (orphaned); exits non-zero when anything is missing, or orphaned and not deleted. The
lines are the same in every language, so that scripts and monitoring can read them.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from utblick.core.media import media_check


class Command(BaseCommand):
    help = "Check the uploaded files against the database: files missing, files orphaned (after a restore, or weekly)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--delete-orphans", action="store_true", help="Delete the orphaned files it lists.")
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=60,
            help="Unreferenced files younger than this are left alone: an upload may be on its way in (default 60).",
        )

    def handle(self, *args: Any, delete_orphans: bool, grace_minutes: int, **options: Any) -> None:
        report = media_check(grace=timedelta(minutes=grace_minutes))
        for reference in report.missing:
            self.stdout.write(f"missing: {reference}")
        for storage, name in report.orphans:
            if delete_orphans:
                storage.delete(name)
                self.stdout.write(f"orphan deleted: {name}")
            else:
                self.stdout.write(f"orphan: {name}")
        summary = (
            f"referenced {report.references}, stored {report.stored}, missing {len(report.missing)}, "
            f"orphaned {len(report.orphans)}{' (deleted)' if delete_orphans and report.orphans else ''}"
            + (f", too recent to judge {report.recent}" if report.recent else "")
        )
        if report.missing or (report.orphans and not delete_orphans):
            raise CommandError(summary)
        self.stdout.write(summary)
