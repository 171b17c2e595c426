"""CSV and XLSX exports of exactly what a list shows, and import templates."""

import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from utblick.core.spreadsheets import CsvWriter, new_workbook, xlsx_bytes

from .choices import Kind
from .imports import columns_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(queryset: Any) -> tuple[list[str], list[list[Any]]]:
    # Confidential engagements are in the file for those who may see them, and the file says which
    # they are: whoever receives the file must know what not to pass on.
    header = [
        _("Id"), _("Title"), _("Kind"), _("Status"), _("Unit"), _("Starts"), _("Ends"),
        _("Directions"), _("Countries"), _("Case number"), _("Confidentiality"), _("Legal ground for confidentiality"),
        _("Expected results"), _("Achieved results"),
    ]  # fmt: skip
    kinds = dict(Kind.choices)
    rows = [
        [
            engagement.pk,
            engagement.title,
            str(kinds.get(engagement.kind, engagement.kind)),
            engagement.get_status_display(),
            engagement.owner_unit.name,
            engagement.starts_on,
            engagement.ends_on,
            "; ".join(direction.name for direction in engagement.directions.all()),
            ", ".join(engagement.countries or []),
            engagement.case_number,
            engagement.get_confidentiality_display(),
            engagement.confidentiality_ground,
            engagement.expected_results,
            engagement.achieved_results,
        ]
        for engagement in queryset
    ]
    return [str(h) for h in header], rows


def engagements_response(queryset: Any, *, file_format: str, organisation: Any) -> HttpResponse:
    header, rows = _rows(queryset)
    name = f"engagemang-{organisation.slug}"
    if file_format == "xlsx":
        workbook = new_workbook()
        sheet = workbook.active
        sheet.title = _("Engagements")[:31]
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet["F"][1:] + sheet["G"][1:]:
            cell.number_format = "yyyy-mm-dd"
        response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    # A byte-order mark makes Excel read the file as UTF-8 (å, ä, ö).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def template_response(kind: str) -> HttpResponse:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = kind
    sheet.append([column.name for column in columns_for(kind)])
    notes = workbook.create_sheet(_("Columns"))
    notes.append([_("Column"), _("Required"), _("Meaning")])
    for column in columns_for(kind):
        notes.append([column.name, _("yes") if column.required else _("no"), str(column.help)])
    response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mall-{kind}.xlsx"'
    return response
