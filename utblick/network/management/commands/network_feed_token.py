"""Make a token for a peer installation to read this installation's shared partner-network feed."""

from django.core.management.base import BaseCommand

from utblick.network.models import FeedToken


class Command(BaseCommand):
    help = "Make a feed token for a peer installation; it is shown once. Revoke tokens in the admin."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The peer installation, e.g. 'Region Skåne'.")

    def handle(self, *args, name: str, **options):
        _row, token = FeedToken.issue(name=name)
        self.stdout.write(token)
        self.stderr.write("Give this token to the peer's administrator; it is not shown again.")
