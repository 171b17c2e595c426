"""Rebuild the partner network's records of this installation from the register (after bulk changes)."""

from django.core.management.base import BaseCommand

from utblick.network.services import records_rebuild


class Command(BaseCommand):
    help = "Rebuild the partner network's records of the shared engagements from the register."

    def handle(self, *args, **options):
        self.stdout.write(f"{records_rebuild()} shared engagements in the partner network.")
