"""The one exception the importer raises for documents it cannot read.

Every failure a user can cause (a broken, locked, scanned or oversized file) becomes a
`DocumentImportError` with a translated message, so the command and the upload page can show it as is.
"""

from django.utils.translation import gettext_lazy as _

from utblick.core import archives


class DocumentImportError(Exception):
    """A document could not be read; `message` is a translated, user-facing explanation."""

    MESSAGES = {
        "too_large": _("The file is larger than %(limit)s MB. Upload a smaller file."),
        "empty": _("The file is empty."),
        "corrupt_pdf": _("The PDF file is damaged and cannot be read. Export it again from the original program."),
        "encrypted_pdf": _("The PDF file is password-protected. Remove the password and upload it again."),
        "no_text_layer": _(
            "The PDF has no text layer (it looks like a scanned image), and text recognition (OCR) is not installed on this server. Run text recognition on it, or upload the original document."
        ),
        "not_docx": _("The file is not a Word document (.docx) although its name says so."),
        "corrupt_docx": _("The Word document is damaged and cannot be read."),
        # Why core.archives refuses a file before it is unpacked (a zip bomb, hostile XML).
        **archives.MESSAGES,
        "unsupported": _(
            "Unsupported file type. Upload a PDF, Word (.docx), saved web page (.html), text or Markdown file."
        ),
        "not_text": _("The text file could not be decoded. Save it as UTF-8 and upload it again."),
        "interrupted": _(
            "The reading stopped because the task worker stopped (for example when the server was restarted). Upload the document again."
        ),
    }

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code]) % self.params if self.params else str(self.MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message
