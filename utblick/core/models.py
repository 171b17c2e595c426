"""Base models shared by every app: the user, audit history and edit versions."""

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Identified by e-mail; a superuser is the system administrator."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


# django-simple-history names the user's history model after the app ("utblick.core") rather than
# this module, where it lives, because the app's label ("core") differs from its name; put it right
# so that `manage.py shell` and pickling find it.
User.history.model.__module__ = __name__

#: Whoever makes a request (``request.user``): a signed-in user, or an anonymous visitor on the public pages.
type Visitor = User | AnonymousUser


class AuditedModel(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """Every domain model: creation and change times, and a full change history (X-4)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class VersionedModel(AuditedModel):
    """A model edited by several people: each save bumps ``version`` so stale edits are refused."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # The field that counts the edits (see RevisionedModel).
    version_field: ClassVar[str] = "version"

    class Meta:
        abstract = True

    @property
    def edit_version(self) -> int:
        """The row's edit count, whatever its field is called."""
        return getattr(self, self.version_field)


class RevisionedModel(VersionedModel):
    """A versioned model whose field ``version`` means something else — a strategy part's version of the
    strategy, which the part overrides with a foreign key — so its edits are counted in ``revision``."""

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    version_field: ClassVar[str] = "revision"

    class Meta:
        abstract = True


class BackgroundJob(models.Model):
    """A record of work the task worker does while a page follows it (an import, a report, a reading).

    ``task_id`` is the django-tasks-db task that does the work; ``core.jobs`` follows it and marks the
    record failed when the work can no longer finish (its worker died, or the task ended without
    finishing the record). ``interrupted_at`` says the worker was lost, so the page can say so.
    Each kind names its state field, its unfinished states, its failed state and its upload.
    """

    task_id = models.UUIDField(null=True, blank=True, editable=False)
    interrupted_at = models.DateTimeField(_("interrupted"), null=True, blank=True, editable=False)

    job_state_field: str = "state"
    job_unfinished_states: tuple[str, ...] = ()
    job_failed_state: str = "failed"
    job_upload_field: str | None = None

    class Meta:
        abstract = True

    @property
    def job_is_unfinished(self) -> bool:
        return getattr(self, self.job_state_field) in self.job_unfinished_states

    def job_failure_values(self, *, interrupted: bool) -> dict[str, object]:
        """Further fields a kind sets when it fails (an error code, a finishing time)."""
        return {}


class WorkerHeartbeat(models.Model):
    """A running ``db_worker`` process: it writes ``beat_at`` every few seconds while it lives.

    A task the worker claimed (django-tasks-db records the worker id on the task) is lost when its
    worker stopped beating, stopped, or, on the same machine, no longer exists.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    machine = models.CharField(max_length=300, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.pid})"
