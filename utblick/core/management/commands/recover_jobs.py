"""``manage.py recover_jobs``: fail the jobs and tasks whose worker died (every worker also does it)."""

from typing import Any

from django.core.management.base import BaseCommand

from utblick.core import jobs


class Command(BaseCommand):
    help = "Mark failed the background jobs and tasks that can no longer finish because their worker died."

    def handle(self, *args: Any, **options: Any) -> None:
        for job in jobs.jobs_recover():
            self.stdout.write(
                f"{type(job)._meta.label} {job.pk}: failed ({'worker lost' if job.interrupted_at else 'ended without finishing'})"
            )
