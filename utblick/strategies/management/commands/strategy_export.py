from django.core.management.base import BaseCommand, CommandError

from utblick.organisations.models import Organisation
from utblick.strategies.files import strategy_export
from utblick.strategies.models import Strategy


class Command(BaseCommand):
    help = (
        "Write an organisation's strategy as a strategy file (TOML) to standard output: what the organisation "
        "sees of it, as its page's download gives it. --all-owners writes a shared strategy whole, every "
        "owner's own parts, documents and reviews included (the system administrator's backup)."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", metavar="ORG_SLUG")
        parser.add_argument("--strategy", metavar="SLUG", help="When the organisation owns several strategies.")
        parser.add_argument("--all-owners", action="store_true", help="Every owner's parts of a shared strategy.")

    def handle(self, *args, organisation: str, strategy: str | None = None, all_owners: bool = False, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        strategies = Strategy.objects.in_organisation(org)
        if strategy:
            strategies = strategies.filter(slug=strategy)
        found = list(strategies)
        if not found:
            raise CommandError(f"{org} owns no strategy.")
        if len(found) > 1:
            raise CommandError(
                "The organisation owns several strategies; choose one with --strategy: "
                + ", ".join(s.slug for s in found)
            )
        self.stdout.write(strategy_export(found[0], organisation=None if all_owners else org), ending="")
