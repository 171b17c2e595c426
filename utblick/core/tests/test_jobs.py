"""Background jobs end failed, with their uploads removed, when their worker is lost (core.jobs, issue 14).

The worker processes really killed with SIGKILL are in ``followup/tests/test_worker_killed.py``;
here the rules, one case at a time, with django-tasks-db's table and heartbeats written directly.
"""

import datetime
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.utils import timezone

from utblick.core import jobs
from utblick.core.models import WorkerHeartbeat

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.UTBLICK_WORKER_LOST_AFTER_SECONDS = 60


def _import(world):
    from utblick.engagements.imports import engagement_import_start

    rows = "title;unit;status\n" + "".join(f"Utbildning {n};miljo;planned\n" for n in range(10))
    return engagement_import_start(
        upload=SimpleUploadedFile("utbildningar.csv", rows.encode()),
        kind="training",
        organisation=world.org_a,
        user=world.user("coordinator_a"),
    )


def _claimed_by(job, worker_id: str):
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(id=job.task_id)
    task.claim(worker_id)
    return task


def _gone_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_is_queued_with_its_task_in_one_transaction(world, queue):
    from django_tasks_db.models import DBTaskResult

    job = _import(world)
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert jobs.jobs_recover() == []  # a queued job waits for a worker
    job.refresh_from_db()
    assert job.state == "waiting" and Path(job.file.path).exists()


def test_a_job_whose_worker_stopped_beating_is_failed_and_its_upload_removed(world, queue):
    from utblick.engagements.models import EngagementImport

    job = _import(world)
    upload = Path(job.file.path)
    task = _claimed_by(job, "worker-elsewhere")
    EngagementImport.objects.filter(pk=job.pk).update(state="checking")
    WorkerHeartbeat.objects.create(
        worker_id="worker-elsewhere", machine="another machine", pid=4321, beat_at=timezone.now()
    )
    assert jobs.jobs_recover() == []  # it beats: it is working

    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=61))
    assert [failed.pk for failed in jobs.jobs_recover()] == [job.pk]
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.state == "failed" and job.interrupted_at is not None and not job.file and not upload.exists()
    assert task.status == "FAILED" and task.exception_class_path == jobs.WORKER_LOST
    assert not WorkerHeartbeat.objects.exists()  # the lost worker is forgotten once its task is settled


def test_on_the_same_machine_a_worker_whose_process_is_gone_is_lost_at_once(world, queue):
    job = _import(world)
    _claimed_by(job, "worker-killed")
    WorkerHeartbeat.objects.create(
        worker_id="worker-killed", machine=jobs.this_machine(), pid=_gone_pid(), beat_at=timezone.now()
    )
    assert [failed.pk for failed in jobs.jobs_recover()] == [job.pk]


def test_a_worker_that_stopped_cleanly_loses_a_task_it_still_held(world, queue):
    job = _import(world)
    _claimed_by(job, "worker-reloaded")
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="worker-reloaded", machine="x", pid=1, beat_at=now, stopped_at=now)
    assert [failed.pk for failed in jobs.jobs_recover()] == [job.pk]


def test_a_job_whose_task_ended_without_finishing_it_is_failed_as_an_error(world, queue, client_for):
    from django_tasks_db.models import DBTaskResult

    job = _import(world)
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED", exception_class_path="builtins.MemoryError")
    page = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/engagements/imports/{job.pk}/").content.decode()
    assert "Inläsningen avbröts av ett fel; ingenting lästes in." in page and "Ladda upp filen igen" in page
    job.refresh_from_db()
    assert job.state == "failed" and job.interrupted_at is None and not job.file


def test_a_job_whose_task_row_is_gone_is_failed(world, queue):
    from django_tasks_db.models import DBTaskResult

    job = _import(world)
    DBTaskResult.objects.all().delete()
    assert [failed.pk for failed in jobs.jobs_recover()] == [job.pk]


def test_any_exception_in_a_job_leaves_it_failed_with_its_upload_removed(world, client_for):
    """Tasks run at once here; the upload vanished before the worker read it (a restore without the files)."""
    from utblick.engagements.models import EngagementImport
    from utblick.engagements.tasks import run_engagement_import

    rows = "title;unit;status\nUtbildning;miljo;planned\n"
    job = EngagementImport(organisation=world.org_a, kind="training", requested_by=world.user("coordinator_a"))
    job.file.save("utbildningar.csv", SimpleUploadedFile("utbildningar.csv", rows.encode()), save=False)
    job.save()
    Path(job.file.path).unlink()
    with pytest.raises(FileNotFoundError):
        run_engagement_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and not job.file


def test_a_file_import_of_the_command_that_cannot_read_its_file_ends_failed(world, tmp_path):
    from utblick.watch.imports import import_path
    from utblick.watch.models import ImportRun, Source

    source = Source.objects.create(organisation=world.org_a, name="Utlysningar", kind="file")
    with pytest.raises(FileNotFoundError):
        import_path(path=tmp_path / "finns-inte.csv", source=source, file_format="csv")
    run = ImportRun.objects.get()
    assert run.state == "failed" and run.finished_at is not None


def test_each_job_page_says_its_worker_stopped_and_offers_to_start_again(world, queue, client_for):
    from utblick.followup.services import report_build_start
    from utblick.strategies.services import document_import_start
    from utblick.watch.models import ImportRun, Source

    client = client_for("coordinator_a")
    org = world.org_a.slug
    build = report_build_start(
        organisation=world.org_a,
        user=world.user("coordinator_a"),
        parameters={"kind": "year", "year": "2026", "unit": "", "period": ""},
        file_format="pdf",
    )
    document = document_import_start(
        organisation=world.org_a,
        upload=SimpleUploadedFile("strategi.txt", b"Internationell strategi"),
        user=world.user("coordinator_a"),
    )
    source = Source.objects.create(organisation=world.org_a, name="Utlysningar", kind="file")
    run = ImportRun.objects.create(source=source, file_name="utlysningar.csv", file_format="csv")
    run.file.save("utlysningar.csv", SimpleUploadedFile("utlysningar.csv", b"a;b\n1;2\n"))
    from utblick.watch.tasks import import_uploaded_file

    jobs.job_enqueue(run, import_uploaded_file, run.pk)
    for job in (build, document, run):
        _claimed_by(job, "worker-killed")
    WorkerHeartbeat.objects.create(
        worker_id="worker-killed", machine=jobs.this_machine(), pid=_gone_pid(), beat_at=timezone.now()
    )

    page = client.get(f"/o/{org}/reports/builds/{build.pk}/").content.decode()
    assert "Arbetet med rapporten avbröts eftersom bakgrundsprocessen stoppades" in page
    assert "Skriv rapporten igen" in page
    again = client.post(f"/o/{org}/reports/builds/", {**build.parameters, "format": "pdf"})
    assert again.status_code == 302 and again["Location"] != f"/o/{org}/reports/builds/{build.pk}/"

    page = client.get(f"/o/{org}/strategy/from-document/{document.pk}/").content.decode()
    assert "Inläsningen avbröts eftersom bakgrundsprocessen stoppades" in page and "Ladda upp dokumentet igen" in page
    document.refresh_from_db()
    assert document.status == "failed" and not document.file

    page = client.get(f"/o/{org}/watch/imports/{run.pk}/").content.decode()
    assert "Inläsningen avbröts eftersom bakgrundsprocessen stoppades" in page and "Ladda upp filen igen" in page
    run.refresh_from_db()
    assert run.state == "failed" and run.finished_at is not None and not run.file


def test_the_api_answers_failed_for_a_report_whose_worker_was_lost(world, queue):
    from rest_framework.test import APIClient

    from utblick.followup.services import report_build_start

    build = report_build_start(
        organisation=world.org_a,
        user=world.user("reader_a"),
        parameters={"kind": "year", "year": "2026", "unit": "", "period": ""},
        file_format="docx",
    )
    _claimed_by(build, "worker-killed")
    WorkerHeartbeat.objects.create(
        worker_id="worker-killed", machine=jobs.this_machine(), pid=_gone_pid(), beat_at=timezone.now()
    )
    client = APIClient()
    client.force_authenticate(world.user("reader_a"))
    answer = client.get(f"/api/v1/organisations/{world.org_a.slug}/reports/{build.pk}/").json()
    assert answer["state"] == "failed" and answer["download"] is None
    assert "stoppades innan rapporten var skriven" in answer["error"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_beats_while_it_lives_and_a_clean_stop_is_seen(settings):
    settings.UTBLICK_WORKER_HEARTBEAT_SECONDS = 0.1
    heartbeat = jobs.Heartbeat("worker-test", sweep=lambda: None)
    heartbeat.start()
    try:
        first = WorkerHeartbeat.objects.get(worker_id="worker-test").beat_at
        deadline = time.monotonic() + 10
        while WorkerHeartbeat.objects.get(worker_id="worker-test").beat_at == first:
            assert time.monotonic() < deadline, "no heartbeat within 10 s"
            time.sleep(0.05)
        worker = WorkerHeartbeat.objects.get()
        assert not jobs.worker_is_lost(worker, now=timezone.now(), claimed_at=None)
    finally:
        heartbeat.stop()
    assert jobs.worker_is_lost(WorkerHeartbeat.objects.get(), now=timezone.now(), claimed_at=None)


def test_the_worker_command_is_the_one_with_the_heartbeat_and_recover_jobs_reports(world, queue):
    assert get_commands()["db_worker"] == "utblick.core"
    job = _import(world)
    _claimed_by(job, "worker-killed")
    WorkerHeartbeat.objects.create(
        worker_id="worker-killed", machine="x", pid=1, beat_at=timezone.now(), stopped_at=timezone.now()
    )
    from io import StringIO

    out = StringIO()
    call_command("recover_jobs", stdout=out)
    assert out.getvalue() == f"engagements.EngagementImport {job.pk}: failed (worker lost)\n"
