"""Import a strategy document (PDF, DOCX, text, Markdown) into a draft strategy (issue 8, X-7).

Model-independent: `read_document()` returns a `Draft` whose elements carry offsets into the repaired
text; the command `strategy_from_document` and the upload page build on it. `check_document()` refuses
unreadable files quickly, before an upload is stored.
"""

from .errors import DocumentImportError
from .reader import check_document, read_document
from .structure import Draft

__all__ = ["DocumentImportError", "Draft", "check_document", "read_document"]
