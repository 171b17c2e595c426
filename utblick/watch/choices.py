from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    FEED = "feed", _("feed (RSS or Atom address)")
    FILE = "file", _("files uploaded or imported")
    # One per organisation, made when its first item is entered by hand (through the API); never imported into.
    MANUAL = "manual", _("items entered by hand")


class FileFormat(models.TextChoices):
    """The formats ``watch_import`` and the upload page read (docs/watch-formats.md)."""

    FT_SEARCH = "ft-search", _("EU Funding & Tenders portal: search result (JSON)")
    FT_BULK = "ft-bulk", _("EU Funding & Tenders portal: reference file of all calls (JSON)")
    CSV = "csv", _("CSV with a column for each field")
    XLSX = "xlsx", _("Excel workbook (XLSX) with a column for each field")
    RSS = "rss", _("RSS 2.0 feed")
    ATOM = "atom", _("Atom feed")


class ItemKind(models.TextChoices):
    CALL = "call", _("funding call")
    NEWS = "news", _("news")
    CONSULTATION = "consultation", _("consultation")


class ItemStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("forthcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


# The portal's status codes (metadata field ``status`` of the search result).
FT_STATUS_CODES = {
    "31094501": ItemStatus.FORTHCOMING,
    "31094502": ItemStatus.OPEN,
    "31094503": ItemStatus.CLOSED,
}


class Verdict(models.TextChoices):
    RELEVANT = "relevant", _("relevant")
    NOT_RELEVANT = "not_relevant", _("not relevant")


class RunKind(models.TextChoices):
    FILE = "file", _("file import")
    FETCH = "fetch", _("feed fetched")


class RunState(models.TextChoices):
    MAPPING = "mapping", _("waiting for the column mapping")
    WAITING = "waiting", _("waiting")
    RUNNING = "running", _("reading the file")
    WRITING = "writing", _("writing the items")
    DONE = "done", _("done")
    UNCHANGED = "unchanged", _("unchanged since last time")
    FAILED = "failed", _("failed; nothing was written")
