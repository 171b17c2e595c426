"""Carry out the organisations' retention rules (gallring): archive, then remove. Schedule it nightly."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from utblick.organisations.models import Organisation
from utblick.privacy.models import RetentionRule
from utblick.privacy.retention import retention_run


class Command(BaseCommand):
    help = (
        "Apply each organisation's retention rules: write what is due to an archive package, check it, "
        "then remove it (with its history where the rule says so). --dry-run only lists what is due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation.")
        parser.add_argument("--dry-run", action="store_true", help="List what is due; write and remove nothing.")
        parser.add_argument("--date", help="Apply the rules as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, organisation=None, dry_run=False, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"--date must be a day written YYYY-MM-DD, not {date!r}.") from error
        organisations = Organisation.objects.filter(is_active=True)
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No active organisation {organisation!r}.")
        with_rules = RetentionRule.objects.filter(years__isnull=False).values("organisation")
        for org in organisations.filter(pk__in=with_rules).order_by("slug"):
            run, removals = retention_run(organisation=org, today=today, dry_run=dry_run)
            for removal in removals:
                self.stdout.write(
                    f"{org.slug}: {removal.rule.record_kind}: {len(removal.roots)} due (ended before "
                    f"{removal.cutoff}), {removal.row_count} rows, {removal.history_count} history rows"
                )
                if options["verbosity"] > 1:
                    for root in removal.roots:
                        self.stdout.write(f"    {root._meta.label_lower} {root.pk}: {root}")
            if not removals:
                self.stdout.write(f"{org.slug}: nothing due")
            elif run is None:
                self.stdout.write(f"{org.slug}: dry run, nothing written or removed")
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{org.slug}: {run.total} records removed, archived in {run.archive.path} "
                        f"(SHA-256 {run.archive_sha256})"
                    )
                )
