"""Self-describing ZIP packages: the retention archive package and the register extract.

A package says what it holds: ``manifest.json`` lists every file with its size, SHA-256 and, for
tables, every column with its type and meaning (taken from the model's own labels and help
texts), and ``README.txt`` says the same in words. Tables are CSV: UTF-8, comma-separated, the
first row naming the columns, one file per database table (docs/personal-data.md).
"""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from utblick.core.spreadsheets import CsvWriter

from . import scan
from .selectors import is_secret, plain

FORMAT_VERSION = 1

# The columns django-simple-history adds to every history table.
HISTORY_COLUMNS = {
    "history_id": gettext_noop("Number of the history row."),
    "history_date": gettext_noop("When the change was made."),
    "history_change_reason": gettext_noop("Why, when the change gave a reason."),
    "history_type": gettext_noop("+ created, ~ changed, - removed."),
    "history_user_id": gettext_noop("The user who made the change (a number in core_user), empty for the system."),
}


def column_description(model_field: models.Field) -> str:
    if model_field.attname in HISTORY_COLUMNS:
        return _(HISTORY_COLUMNS[model_field.attname])
    text = str(model_field.verbose_name).capitalize()
    if model_field.is_relation and model_field.related_model is not None:
        text += " – " + _("a number in %(table)s") % {"table": model_field.related_model._meta.db_table}
    if model_field.help_text:
        text += f". {model_field.help_text}"
    return text


def columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not is_secret(f.attname)]


def table_description(model: type[models.Model]) -> str:
    if scan.is_history(model):
        original = model.instance_type._meta.verbose_name_plural  # type: ignore[attr-defined]
        return _("Change history of %(records)s: every saved version.") % {"records": original}
    if model._meta.auto_created:
        return _("Links between records (%(table)s).") % {"table": model._meta.db_table}
    return str(model._meta.verbose_name_plural).capitalize()


@dataclass
class Package:
    """A ZIP being written in memory, with the manifest of what it holds."""

    kind: str
    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    files: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.zip = zipfile.ZipFile(self.buffer, "w", compression=zipfile.ZIP_DEFLATED)

    def add(self, path: str, data: bytes, description: str, **extra: Any) -> dict[str, Any]:
        self.zip.writestr(path, data)
        entry = {
            "path": path,
            "description": description,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            **extra,
        }
        self.files.append(entry)
        return entry

    def add_table(self, model: type[models.Model], rows: list[models.Model], folder: str = "data") -> dict[str, Any]:
        fields = columns(model)
        text = io.StringIO()
        writer = CsvWriter(text, lineterminator="\r\n")  # a text that looks like a formula stays text
        writer.writerow([f.attname for f in fields])
        for row in rows:
            writer.writerow(["" if (value := plain(getattr(row, f.attname))) is None else value for f in fields])
        table = model._meta.db_table
        return self.add(
            f"{folder}/{table}.csv",
            text.getvalue().encode("utf-8"),
            table_description(model),
            table=table,
            model=model._meta.label_lower,
            rows=len(rows),
            columns=[
                {"name": f.attname, "type": f.get_internal_type(), "description": column_description(f)} for f in fields
            ],
        )

    def close(self, *, title: str, readme_intro: str, **manifest: Any) -> bytes:
        created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        content = {"format": self.kind, "format_version": FORMAT_VERSION, "created": created, **manifest}
        content["files"] = self.files
        self.zip.writestr("manifest.json", json.dumps(content, ensure_ascii=False, indent=2, default=str))
        self.zip.writestr("README.txt", readme(title, readme_intro, self.files))
        self.zip.close()
        return self.buffer.getvalue()


def readme(title: str, intro: str, files: list[dict[str, Any]]) -> str:
    lines = [title, "=" * len(title), "", intro, ""]
    lines += [
        _("manifest.json lists the same files in a machine-readable form, with their SHA-256 checksums."),
        _("Tables are CSV files: UTF-8, comma-separated, the first row naming the columns."),
        "",
    ]
    for entry in files:
        lines.append(f"{entry['path']} ({entry['bytes']} bytes)")
        lines.append(f"    {entry['description']}")
        if "rows" in entry:
            lines.append("    " + _("%(rows)s rows. Columns:") % {"rows": entry["rows"]})
            lines += [f"      {column['name']}: {column['description']}" for column in entry["columns"]]
        lines.append("")
    return "\r\n".join(lines)
