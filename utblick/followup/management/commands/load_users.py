"""Users for the load test (make load): members of the largest organisations, each with an API token.

Writes their e-mail addresses, the shared password and the tokens' secrets to a JSON file for locust.
Only for a benchmark database: the accounts are made up and their password is public.
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from utblick.api.models import ApiToken
from utblick.api.services import api_token_create
from utblick.core.models import User
from utblick.organisations.choices import Role
from utblick.organisations.models import Membership, Organisation

PASSWORD = "load-test-password-2026"


class Command(BaseCommand):
    help = "Create N users (load-NN@utblick.example) in the largest organisations, with API tokens, for make load."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--organisations", type=int, default=5, help="Spread the users over this many.")
        parser.add_argument("--output", default="var/load-users.json")

    @transaction.atomic
    def handle(self, *args, users: int, organisations: int, output: str, **options):
        largest = list(Organisation.objects.annotate(n=Count("engagements")).order_by("-n")[:organisations])
        rows = []
        for number in range(users):
            organisation = largest[number % len(largest)]  # the largest gets its share and more
            email = f"load-{number:03d}@utblick.example"
            user, created = User.objects.get_or_create(email=email, defaults={"name": f"Lasttest {number}"})
            if created or not user.check_password(PASSWORD):
                user.set_password(PASSWORD)
                user.save()
            role = Role.COORDINATOR if number % 3 == 0 else Role.READER
            Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
            ApiToken.objects.filter(user=user, name="load test").delete()
            token = api_token_create(
                user=user, name="load test", expires_on=timezone.localdate() + datetime.timedelta(days=7)
            )
            rows.append({"email": email, "organisation": organisation.slug, "token": token.secret})
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(json.dumps({"password": PASSWORD, "users": rows}, indent=2))
        self.stdout.write(f"{len(rows)} users in {len(largest)} organisations written to {output}")
