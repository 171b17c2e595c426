"""Fetch the feeds: ``manage.py watch_fetch [--source NAME]`` (schedule it, e.g. every morning)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utblick.watch.choices import RunState, SourceKind
from utblick.watch.fetching import source_fetch
from utblick.watch.models import Source
from utblick.watch.services import matches_refresh


class Command(BaseCommand):
    help = "Fetch every active feed source (or the one named), then recompute the profiles' matches."

    def add_arguments(self, parser):
        parser.add_argument("--source", default="", help="Only the source with this name.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the work to the task worker instead.")

    def handle(self, *args, source: str, enqueue: bool, **options):
        if enqueue:
            from utblick.watch.tasks import fetch_all_sources

            result = fetch_all_sources.enqueue()
            self.stdout.write(f"Enqueued task {result.id}")
            return
        sources = Source.objects.filter(kind=SourceKind.FEED, is_active=True)
        if source:
            sources = Source.objects.filter(kind=SourceKind.FEED, name=source)
            if not sources.exists():
                raise CommandError(_("No feed source is called %(name)s.") % {"name": source})
        failed = 0
        for found in sources.order_by("name"):
            run = source_fetch(source=found)
            if run.state == RunState.FAILED:
                failed += 1
                self.stderr.write(f"{found.name}: {run.message}")
            else:
                self.stdout.write(f"{found.name}: {run.get_state_display()}; {run.summary_line()}")
        matches_refresh()
        if failed:
            raise CommandError(
                _("%(count)s feeds could not be fetched; their items are unchanged.") % {"count": failed}
            )
