"""One problem in an uploaded file, where it is and what is wrong: the one way the validators of files
report (the register's bulk import, the scanning desk's call lists, strategy files), and the one way
pages (``core/row_problems.html``), commands and the API (``as_dict``) show it."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowProblem:
    """``row``: the row of a table (the header is row 1) or the line of a text file; None or 0 when the
    problem is the whole file's. ``column``: the table's column or the file's key (``versions[0].label``);
    empty when the whole row is meant. ``message``: what is wrong, in the user's language."""

    row: int | None
    column: str
    message: Any

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row and self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % values
        if self.row:
            return _("Row %(row)s: %(message)s") % values
        if self.column:
            return _("%(column)s: %(message)s") % values
        return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        """As the API answers and job records store it."""
        return {"row": self.row or None, "column": self.column, "message": str(self.message)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RowProblem":
        return cls(data.get("row") or None, data.get("column") or "", data.get("message") or "")
