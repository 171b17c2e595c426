"""A task worker killed with SIGKILL in the middle of a job: the job ends failed, the user is told (issue 14).

These tests start real ``manage.py db_worker`` processes against a database they share with the
test (the test database itself on PostgreSQL, a file copy of it on SQLite), let them take a 5,000-row
import and a report, and kill them in the middle of the work.
"""

import copy
import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

ROOT = Path(django_settings.BASE_DIR)
# Committed transactions, which other processes see; on SQLite the fixture below adds the file.
pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def shared_database(django_db_blocker, tmp_path) -> Iterator[str]:
    """A database URL that worker processes and this test both use, tasks going to django-tasks-db.

    PostgreSQL: the test database, with committed transactions. SQLite: the test database is in
    memory, so a file copy of it (schema included) stands in for it during the test.
    """
    from django.db import connections

    if connections["default"].vendor == "postgresql":
        params = connections["default"].settings_dict
        yield f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"
        return
    with django_db_blocker.unblock():
        original = connections["default"]
        original.ensure_connection()
        path = tmp_path / "shared.sqlite3"
        target = sqlite3.connect(path)
        original.connection.backup(target)
        target.close()
        wrapper = type(original)({**copy.deepcopy(original.settings_dict), "NAME": str(path)}, "default")
        connections["default"] = wrapper
        try:
            yield f"sqlite:///{path}"
        finally:
            wrapper.close()
            connections["default"] = original


class Workers:
    """Worker processes started as systemd would start them; all are ended when the test ends."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url,
            "DJANGO_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "UTBLICK_WORKER_HEARTBEAT_SECONDS": "1",
            # Long, so that recovery within seconds can only come from seeing that the process is gone.
            "UTBLICK_WORKER_LOST_AFTER_SECONDS": "600",
        }
        self.folder = folder
        self.started: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        log = (self.folder / f"worker-{len(self.started)}.log").open("w")
        command = ["manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-startup-delay"]
        process = subprocess.Popen(
            [sys.executable, *command, "--no-reload", "-v", "2"], cwd=ROOT, env=self.env, stdout=log, stderr=log
        )
        self.started.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.folder.glob("worker-*.log")))

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 45) -> float:
        """Seconds until ``condition`` held; fails with the workers' logs after ``timeout``."""
        started = time.monotonic()
        while not condition():
            if time.monotonic() - started > timeout:
                pytest.fail(f"{what}: not within {timeout} s\n{self.logs()}")
            time.sleep(0.05)
        return time.monotonic() - started

    def kill_mid_job(self, process: subprocess.Popen, still_running: Callable[[], bool]) -> None:
        """Freeze the worker, make sure its job is still in the middle, then SIGKILL it."""
        os.kill(process.pid, signal.SIGSTOP)
        try:
            assert still_running(), f"the job ended before the worker could be killed\n{self.logs()}"
        finally:
            process.kill()
            process.wait(timeout=10)

    def end(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture
def workers(shared_database, settings, tmp_path) -> Iterator[Workers]:
    settings.TASKS = DATABASE_QUEUE
    started = Workers(shared_database, tmp_path)
    yield started
    started.end()


@pytest.fixture
def world(workers):
    """The personas, written to the shared database (the usual ``world`` lives in a test transaction)."""
    from utblick.organisations.testing import build_world

    return build_world()


def _training_csv(count: int) -> SimpleUploadedFile:
    rows = ["title;unit;status;starts_on;directions;topic;politicians;management;staff"]
    rows += [f"Utbildning {index};miljo;completed;2026-03-01;Profilering;EU-program;1;2;3" for index in range(count)]
    return SimpleUploadedFile("utbildningar.csv", ("\n".join(rows) + "\n").encode())


def _engagements(world, count: int) -> None:
    """Enough of a register that a yearly report's workbook takes a while to write."""
    from utblick.engagements.models import Engagement

    Engagement.objects.bulk_create(
        Engagement(
            organisation=world.org_a,
            owner_unit=world.unit_a,
            kind="training",
            title=f"Studieresa {index}",
            status="completed",
            starts_on=datetime.date(2026, 3, 1),
            description="Kompetensutveckling om EU:s program. " * 5,
        )
        for index in range(count)
    )


def test_a_worker_killed_in_the_middle_of_an_import_leaves_a_failed_import_the_user_can_start_again(world, workers):
    from django_tasks_db.models import DBTaskResult

    from utblick.core.jobs import WORKER_LOST
    from utblick.engagements.models import Engagement, EngagementImport
    from utblick.strategies.tests.factories import strategy_for

    strategy_for(world.org_a)
    client = Client()
    client.force_login(world.user("coordinator_a"))
    response = client.post(f"/o/{world.org_a.slug}/engagements/import/training/", {"file": _training_csv(5000)})
    job = EngagementImport.objects.get()
    upload = Path(job.file.path)
    assert response["Location"] == f"/o/{world.org_a.slug}/engagements/imports/{job.pk}/"
    assert upload.exists() and DBTaskResult.objects.get(id=job.task_id).status == "READY"

    worker = workers.start()
    workers.wait_until(
        lambda: EngagementImport.objects.get(pk=job.pk).rows_checked >= 250, "the worker checks the rows", timeout=60
    )
    workers.kill_mid_job(
        worker, lambda: EngagementImport.objects.get(pk=job.pk).state == EngagementImport.State.CHECKING
    )
    killed = time.monotonic()
    assert DBTaskResult.objects.get(id=job.task_id).status == "RUNNING"  # what the dead worker left

    # No worker runs now; the page the user polls finds out by itself.
    page = client.get(response["Location"]).content.decode()
    recovered_in = time.monotonic() - killed
    assert "avbröts eftersom bakgrundsprocessen stoppades" in page
    assert "Ladda upp filen igen" in page and 'hx-trigger="every 2s"' not in page
    job.refresh_from_db()
    assert job.state == EngagementImport.State.FAILED and job.interrupted_at is not None
    assert not job.file and not upload.exists()  # the upload is removed
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "FAILED" and task.exception_class_path == WORKER_LOST
    assert not Engagement.objects.exists()  # all or nothing
    assert recovered_in < 5, recovered_in
    print(f"import: failed on its page {recovered_in:.2f} s after the kill")


def test_a_restarted_worker_fails_the_report_its_killed_predecessor_was_writing_and_runs_the_next(world, workers):
    from django_tasks_db.models import DBTaskResult

    from utblick.core.jobs import WORKER_LOST
    from utblick.followup.models import ReportBuild

    _engagements(world, 3000)  # its workbook lists every one: seconds to write
    client = Client()
    client.force_login(world.user("coordinator_a"))
    start = f"/o/{world.org_a.slug}/reports/builds/"
    response = client.post(start, {"kind": "year", "year": "2026", "unit": "", "period": "", "format": "xlsx"})
    build = ReportBuild.objects.get()
    assert response["Location"] == f"{start}{build.pk}/"

    worker = workers.start()
    workers.wait_until(lambda: ReportBuild.objects.get(pk=build.pk).state == "running", "the worker starts the report")
    workers.kill_mid_job(worker, lambda: ReportBuild.objects.get(pk=build.pk).state == "running")
    killed = time.monotonic()

    workers.start()  # as systemd's Restart=always would
    recovered_in = workers.wait_until(
        lambda: ReportBuild.objects.get(pk=build.pk).state == "failed", "the restarted worker fails the report"
    )
    task = DBTaskResult.objects.get(id=build.task_id)
    assert task.status == "FAILED" and task.exception_class_path == WORKER_LOST
    page = client.get(response["Location"]).content.decode()
    assert "Arbetet med rapporten avbröts eftersom bakgrundsprocessen stoppades" in page
    assert "Skriv rapporten igen" in page
    print(f"report: failed {time.monotonic() - killed:.2f} s after the kill, {recovered_in:.2f} s after the restart")

    # The queue goes on: the next report (a summary, as PDF) is written by the new worker.
    again = client.post(start, {"kind": "year", "year": "2026", "unit": "", "period": "", "format": "pdf"})
    workers.wait_until(
        lambda: ReportBuild.objects.get(pk=int(again["Location"].rstrip("/").rsplit("/", 1)[-1])).state == "done",
        "the restarted worker writes the next report",
    )
