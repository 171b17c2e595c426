"""Serving an uploaded file through a permission-checked view."""

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import render


def file_response(request: HttpRequest, file: FieldFile, *, back: str = "", **context: Any) -> HttpResponseBase:
    """The file as a download; a file the record names but storage lacks (a restore without the
    uploads, see docs/operations.md) answers 404 with a page that says so, instead of a server error.
    """
    filename = file.name.rsplit("/", 1)[-1] if file.name else ""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the record has no file at all
        return render(request, "core/file_missing.html", {"filename": filename, "back": back, **context}, status=404)
    return FileResponse(handle, as_attachment=True, filename=filename)
