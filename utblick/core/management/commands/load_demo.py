"""Load the demo organisations and everything each app adds to them. Safe to run again."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo organisations (the five seed municipalities) and their data. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only load when no organisation exists yet.")

    def handle(self, *args, if_empty: bool = False, **options):
        # -v0 (make run) loads without a word: the sign-ins printed afterwards are what matters.
        stdout = self.stdout if options["verbosity"] else None
        if if_empty and apps.get_model("organisations", "Organisation").objects.exists():
            if stdout:
                stdout.write("Demo data already present; nothing loaded.")
            return
        with transaction.atomic():
            # Each app may ship a ``demo`` module; they load in INSTALLED_APPS order, so an
            # app's demo data can build on the apps before it.
            for config in apps.get_app_configs():
                if not config.name.startswith("utblick."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name == f"{config.name}.demo":
                        continue
                    raise
                module.load(stdout=stdout)
        if stdout:
            stdout.write(self.style.SUCCESS("Demo data loaded."))
