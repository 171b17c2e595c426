"""Check every organisation's switched-on rules now (for cron or a systemd timer). Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from utblick.followup.evaluation import evaluate_all
from utblick.organisations.models import Organisation


class Command(BaseCommand):
    help = "Evaluate the strategies' rules and update deviations (all organisations, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation.")

    def handle(self, *args, organisation: str | None = None, **options):
        organisations = Organisation.objects.filter(is_active=True)
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation with the short name {organisation!r}.")
        for org, summary in evaluate_all(organisations=organisations):
            self.stdout.write(
                f"{org.slug}: opened {summary.opened}, resolved {summary.resolved}, still open {summary.still_open}"
            )
