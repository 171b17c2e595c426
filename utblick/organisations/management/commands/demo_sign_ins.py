from django.core.management.base import BaseCommand

from utblick.organisations.demo import DEMO_PASSWORD, sign_ins


class Command(BaseCommand):
    help = "Print the demo sign-ins (demo data only; never use these accounts in production)."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Demo-inloggningar (endast demodata) — lösenord för alla: " + DEMO_PASSWORD)
        width = max(len(email) for email, _ in sign_ins())
        for email, label in sign_ins():
            self.stdout.write(f"  {email.ljust(width)}  {label}")
        self.stdout.write("")
