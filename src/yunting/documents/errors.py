"""Error codes of the documents app, shared by pages, the API and the command line."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DocumentErrorCode:
    UNKNOWN_TEMPLATE = "unknown_template"
    BAD_TEMPLATE = "bad_template"
    RECIPIENT_NOT_IN_CASE = "recipient_not_in_case"
    NOT_THE_JUDGE = "not_the_judge"
    NOT_COURT_STAFF = "not_court_staff"
    RENDER_FAILED = "render_failed"
    NO_FILE = "no_file"
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    NOT_PDF = "not_pdf"
    UNREADABLE_PDF = "unreadable_pdf"
    NO_SIGNATURE = "no_signature"
    NO_CASES = "no_cases"
    TOO_MANY_CASES = "too_many_cases"


MESSAGES = {
    DocumentErrorCode.UNKNOWN_TEMPLATE: _("There is no active document template with this code."),
    DocumentErrorCode.BAD_TEMPLATE: _("The template cannot be used: %(reason)s"),
    DocumentErrorCode.RECIPIENT_NOT_IN_CASE: _("The recipient must be a party to this case."),
    DocumentErrorCode.NOT_THE_JUDGE: _(
        "Only the judge handling the case can sign a document as judge."
    ),
    DocumentErrorCode.NOT_COURT_STAFF: _("Only staff of the case's court can issue its documents."),
    DocumentErrorCode.RENDER_FAILED: _("The document could not be rendered: %(reason)s"),
    DocumentErrorCode.NO_FILE: _("Choose a PDF file to verify."),
    DocumentErrorCode.EMPTY_FILE: _("The file is empty. Choose the PDF you received."),
    DocumentErrorCode.TOO_LARGE: _("The file is larger than %(limit)s MB; no court document is."),
    DocumentErrorCode.NOT_PDF: _("This is not a PDF file. Choose the PDF document you received."),
    DocumentErrorCode.UNREADABLE_PDF: _(
        "The PDF file is damaged and cannot be read, so it is not a valid court document."
    ),
    DocumentErrorCode.NO_SIGNATURE: _(
        "The PDF carries no electronic signature, so it cannot be verified as a court document."
    ),
    DocumentErrorCode.NO_CASES: _("Select at least one case."),
    DocumentErrorCode.TOO_MANY_CASES: _("Select at most %(limit)s cases for one batch."),
}


class DocumentError(Exception):
    """A refused document operation; ``code`` is one of :class:`DocumentErrorCode`."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(MESSAGES[self.code])
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message
