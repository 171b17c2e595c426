"""``manage.py db_worker``: django-tasks-db's worker, with a heartbeat and the recovery of lost jobs.

It takes the command's name because ``utblick.core`` comes before ``django_tasks_db`` in
INSTALLED_APPS; every option is django-tasks-db's (ADR 0019).
"""

import logging
import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from utblick.core import jobs

logger = logging.getLogger("django_tasks_db")


class Command(db_worker.Command):
    help = "Run the task worker: it beats a heartbeat and fails the jobs of workers that died."

    def handle(self, *args: Any, **options: Any) -> None:
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, **options)  # the reloader's child process works and beats
        self.configure_logging(options["verbosity"])
        heartbeat = jobs.Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            for job in jobs.jobs_recover():
                logger.warning("Recovered %s %s: its worker was lost", type(job).__name__, job.pk)
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
