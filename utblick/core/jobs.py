"""Background jobs that end, even when their worker is killed (ADR 0019).

A long job (a bulk import, a report, a strategy document being read, a watch import) has a record
its page polls (``core.models.BackgroundJob``) and a django-tasks-db task that does the work. A
worker killed with SIGKILL (the kernel's out-of-memory killer, a deploy, a crash) used to leave both
"running" for ever: django-tasks-db records which worker claimed a task but never notices that the
worker is gone, and a restarted worker only takes tasks that are still waiting.

So:
- every ``db_worker`` registers a ``WorkerHeartbeat`` and beats it from a thread while it lives
  (``Heartbeat``; the project's ``db_worker`` command does this around django-tasks-db's worker);
- ``jobs_recover`` marks the running tasks of lost workers failed, and every unfinished record
  whose task can no longer finish it (lost, failed, finished without it, or gone) failed as well,
  removing its upload. It runs when a worker starts, every half ``LOST_AFTER`` in every worker,
  from ``manage.py recover_jobs``, and for one job whenever its page is read (``job_check``), so
  the user is told even when no worker runs at all;
- ``guarded`` marks a job failed on any exception its task lets escape.

A worker is lost when it stopped, when it has not beaten for ``UTBLICK_WORKER_LOST_AFTER_SECONDS``,
or, seen from the same machine, when its process no longer exists (then at once).

A lost job is not run again by itself: the user starts it again from its page (ADR 0019).
"""

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, models, transaction
from django.tasks import Task, task_backends
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import BackgroundJob, WorkerHeartbeat

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded on a task whose worker died while it ran the task."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
_own_worker_ids: set[str] = set()  # the workers this process runs (a reused pid is not one of them)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "UTBLICK_WORKER_HEARTBEAT_SECONDS", 10))


def lost_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "UTBLICK_WORKER_LOST_AFTER_SECONDS", 120)))


def uses_database_queue(task: Any = None) -> bool:
    """Whether tasks go to django-tasks-db's table, where they can be followed (tests run them at once)."""
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend() if task is not None else task_backends["default"]
    return isinstance(backend, DatabaseBackend)


def job_models() -> list[type[BackgroundJob]]:
    return [model for model in apps.get_models() if issubclass(model, BackgroundJob)]


# -- Starting and ending a job ----------------------------------------------------------------


def task_named(path: str) -> Task:
    """The task at ``path`` (``"utblick.<app>.tasks.<name>"``), found as the task worker finds it.

    An app's tasks call its services, so the services queue them by name instead of importing the
    tasks module back (no import cycle: ``core/tests/test_import_graph.py``).
    """
    found = import_string(path)
    if not isinstance(found, Task):
        raise TypeError(f"{path} is not a task")
    return found


def job_enqueue(job: BackgroundJob, task: Any, *args: Any) -> None:
    """Queue ``task(*args)`` to do ``job`` and remember the task on the record.

    ``task`` is a task or its dotted path (``task_named``).

    With the database queue the task's row is written in the caller's transaction, so a record never
    waits for a task that was never queued; other backends (tests run tasks at once) are handed the
    task when the transaction commits.
    """
    if isinstance(task, str):
        task = task_named(task)
    if not uses_database_queue(task):
        transaction.on_commit(lambda: task.enqueue(*args))
        return
    with transaction.atomic():
        result = task.enqueue(*args)
        type(job)._default_manager.filter(pk=job.pk).update(task_id=result.id)
    job.task_id = uuid.UUID(str(result.id))


def current_task_id(context: Any) -> uuid.UUID | None:
    """The id of the database task running now (``@task(takes_context=True)``), for records a task creates."""
    if context is None or not uses_database_queue():
        return None
    return uuid.UUID(str(context.task_result.id))


def job_fail(job: BackgroundJob, *, interrupted: bool) -> bool:
    """Mark an unfinished job failed and remove its upload; False when it had finished meanwhile.

    One conditional UPDATE, so a job that its worker finishes at the same moment keeps its result.
    """
    model = type(job)
    now = timezone.now()
    values: dict[str, Any] = {
        model.job_state_field: model.job_failed_state,
        **job.job_failure_values(interrupted=interrupted),
    }
    if interrupted:
        values["interrupted_at"] = now
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = now
    unfinished = model._default_manager.filter(
        pk=job.pk, **{f"{model.job_state_field}__in": model.job_unfinished_states}
    )
    if not unfinished.update(**values):
        return False
    if model.job_upload_field:
        field = model._meta.get_field(model.job_upload_field)
        assert isinstance(field, models.FileField)
        name = model._default_manager.filter(pk=job.pk).values_list(field.name, flat=True).first()
        if name:
            field.storage.delete(name)
            model._default_manager.filter(pk=job.pk).update(**{field.name: ""})
    job.refresh_from_db()
    logger.warning("%s %s failed%s", model.__name__, job.pk, " (its worker was lost)" if interrupted else "")
    return True


@contextlib.contextmanager
def guarded(job: BackgroundJob) -> Iterator[None]:
    """Whatever escapes a job's work leaves the job failed with its upload removed, never running.

    An error is failed as an error; the worker being stopped in the middle (a second Ctrl-C, which
    raises SystemExit inside the task) as an interruption. The exception goes on to the task's result.
    """
    try:
        yield
    except BaseException as error:
        try:
            if job_fail(job, interrupted=not isinstance(error, Exception)):  # not when the job had said why
                logger.error("%s %s stopped", type(job).__name__, job.pk, exc_info=error)
        except Exception:  # a broken connection: the next sweep fails it from the task's result
            logger.exception("%s %s could not be marked failed", type(job).__name__, job.pk)
        raise


# -- Finding what can no longer finish ----------------------------------------------------------


def this_machine() -> str:
    """This machine and process namespace; a worker's pid says something only where this is the same.

    Empty where it cannot be told (no /proc): then only the heartbeat's age counts.
    """
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{socket.gethostname()} {boot} {namespace}"[:300]


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"  # killed, not yet reaped by its parent


def worker_is_lost(worker: WorkerHeartbeat | None, *, now: datetime, claimed_at: datetime | None) -> bool:
    """Whether the worker that claimed a task at ``claimed_at`` can no longer finish it."""
    if worker is None:  # a worker that never beat (started before heartbeats existed) gets LOST_AFTER
        return claimed_at is None or claimed_at < now - lost_after()
    if worker.stopped_at is not None or worker.beat_at < now - lost_after():
        return True
    machine = this_machine()
    if machine and worker.machine == machine:
        if worker.pid == os.getpid():
            return worker.worker_id not in _own_worker_ids
        return _process_gone(worker.pid)
    return False


def _fail_lost_tasks(now: datetime, task_ids: set[uuid.UUID] | None = None) -> set[uuid.UUID]:
    """Mark running tasks whose worker is lost failed (``WorkerLost``); returns their ids."""
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if task_ids is not None:
        running = running.filter(id__in=task_ids)
    claims = list(running.values_list("id", "worker_ids", "started_at"))
    if not claims:
        return set()
    claimants = {worker_ids[-1] for _id, worker_ids, _started in claims if worker_ids}
    workers = {worker.worker_id: worker for worker in WorkerHeartbeat.objects.filter(worker_id__in=claimants)}
    lost = {
        task_id
        for task_id, worker_ids, started_at in claims
        if worker_is_lost(workers.get(worker_ids[-1]) if worker_ids else None, now=now, claimed_at=started_at)
    }
    if lost:
        DBTaskResult.objects.filter(id__in=lost, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_LOST,
            traceback=f"{WORKER_LOST}: the worker running this task stopped before the task finished.\n",
        )
        logger.warning("Tasks whose worker was lost, marked failed: %s", ", ".join(sorted(map(str, lost))))
    return lost


def jobs_recover(*, job: BackgroundJob | None = None) -> list[BackgroundJob]:
    """Mark failed whatever can no longer finish; returns the jobs it failed.

    Without ``job``: every running task whose worker is lost, and every unfinished job whose task is
    lost, failed, finished or gone. With ``job``: that job (and its task) only, for its page.
    """
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    if job is not None:
        candidates = [job] if job.job_is_unfinished and job.task_id else []
    else:
        candidates = [
            record
            for model in job_models()
            for record in model._default_manager.filter(
                **{f"{model.job_state_field}__in": model.job_unfinished_states}, task_id__isnull=False
            ).only("pk", "task_id", model.job_state_field)
        ]
    task_ids = {candidate.task_id for candidate in candidates if candidate.task_id}
    _fail_lost_tasks(now, task_ids if job is not None else None)
    # Read after the records: a task that finished by now had finished its record before.
    tasks = {
        task_id: (status, exception)
        for task_id, status, exception in DBTaskResult.objects.filter(id__in=task_ids).values_list(
            "id", "status", "exception_class_path"
        )
    }
    failed = []
    for candidate in candidates:
        status, exception = tasks.get(candidate.task_id, (None, ""))  # type: ignore[arg-type]
        if status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
            continue
        if job_fail(candidate, interrupted=status is None or exception == WORKER_LOST):
            failed.append(candidate)
    if job is None:
        _forget_lost_workers(now)
    return failed


def _forget_lost_workers(now: datetime) -> None:
    """Remove the heartbeats of lost workers once none of their tasks is still taken for running."""
    from django_tasks_db.models import DBTaskResult

    busy = {
        worker_ids[-1]
        for worker_ids in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
            "worker_ids", flat=True
        )
        if worker_ids
    }
    gone = [
        worker.pk
        for worker in WorkerHeartbeat.objects.all()
        if worker.worker_id not in busy and worker_is_lost(worker, now=now, claimed_at=now)
    ]
    WorkerHeartbeat.objects.filter(pk__in=gone).delete()


def job_check[JobT: BackgroundJob](job: JobT) -> JobT:
    """For a job's page: a job whose worker is gone shows failed now, instead of running for ever."""
    if job.job_is_unfinished and job.task_id and uses_database_queue():
        jobs_recover(job=job)
    return job


# -- The worker's heartbeat ---------------------------------------------------------------------


class Heartbeat:
    """Registers a worker and beats for it from a thread while the process lives; sweeps now and then.

    The thread writes one row every ``UTBLICK_WORKER_HEARTBEAT_SECONDS``; a write that waits on a
    long import's transaction (SQLite has one writer) is tried again at the next beat, which is why
    ``LOST_AFTER`` is many beats long.
    """

    def __init__(self, worker_id: str, *, sweep: Callable[[], Any] | None = None) -> None:
        self.worker_id = worker_id
        self.sweep = sweep or jobs_recover
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id[:8]}", daemon=True)

    def register(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "machine": this_machine(),
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
                "stopped_at": None,
            },
        )

    def start(self) -> None:
        _own_worker_ids.add(self.worker_id)
        self.register()
        self._thread.start()

    def beat(self) -> None:
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker_id, stopped_at=None).update(beat_at=timezone.now()):
            logger.warning("Worker %s was taken for lost while it ran; registering it again", self.worker_id)
            self.register()

    def _run(self) -> None:
        every = heartbeat_seconds()
        sweep_every = max(every, lost_after().total_seconds() / 2)
        next_sweep = time.monotonic() + sweep_every
        while not self._stopped.wait(every):
            try:
                self.beat()
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + sweep_every
                    self.sweep()
            except DatabaseError:
                logger.warning("Worker %s: heartbeat not written this time", self.worker_id, exc_info=True)
            finally:
                close_old_connections()
        connection.close()

    def stop(self) -> None:
        """A clean end: a task this worker still holds (a reload cut it short) is lost from now on."""
        self._stopped.set()
        self._thread.join(timeout=heartbeat_seconds() + 5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(stopped_at=timezone.now())
        _own_worker_ids.discard(self.worker_id)
