"""Fetch the configured peer installations' partner-network feeds and store them read-only (cron, nightly)."""

from django.core.management.base import BaseCommand, CommandError

from utblick.network.harvest import HarvestFailed, peer_harvest
from utblick.network.models import Peer


class Command(BaseCommand):
    help = "Harvest the partner-network feeds of the peer installations (admin: Peer installations)."

    def add_arguments(self, parser):
        parser.add_argument("--peer", help="Only the peer with this name.")

    def handle(self, *args, peer: str | None = None, **options):
        peers = Peer.objects.filter(is_active=True)
        if peer:
            peers = peers.filter(name=peer)
            if not peers.exists():
                raise CommandError(f"No active peer installation is called {peer!r}.")
        failed = 0
        for row in peers:
            try:
                result = peer_harvest(row)
            except HarvestFailed as error:
                failed += 1
                self.stderr.write(str(error))
            else:
                self.stdout.write(f"{row.name}: {result}")
        if failed:
            raise CommandError(f"{failed} feed(s) refused; their records were left as they were.")
