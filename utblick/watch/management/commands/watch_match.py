from django.core.management.base import BaseCommand

from utblick.watch.services import matches_refresh


class Command(BaseCommand):
    help = "Recompute every watch profile's matches (after imports this happens by itself; run nightly too)."

    def handle(self, *args, **options):
        self.stdout.write(f"Matches stored: {matches_refresh()}")
