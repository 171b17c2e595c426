from django.core.management.base import BaseCommand

from utblick.followup.digests import digests_send


class Command(BaseCommand):
    help = "Send the weekly digest to contact persons and EU contacts (schedule weekly)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Hand the work to the task worker instead.")

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            from utblick.followup.digests import send_weekly_digests

            result = send_weekly_digests.enqueue()
            self.stdout.write(f"Enqueued task {result.id}")
            return
        self.stdout.write(f"Digests sent: {digests_send()}")
