"""Error codes of the documents app, shared by pages, the API and the command line."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class DocumentErrorCode(ErrorCode):
    UNKNOWN_TEMPLATE = (
        "unknown_template",
        _("There is no active document template with this code."),
    )
    BAD_TEMPLATE = "bad_template", _("The template cannot be used: %(reason)s")
    RECIPIENT_NOT_IN_CASE = (
        "recipient_not_in_case",
        _("The recipient must be a party to this case."),
    )
    NOT_THE_JUDGE = (
        "not_the_judge",
        _("Only the judge handling the case can sign a document as judge."),
    )
    NOT_THE_CLERK = (
        "not_the_clerk",
        _("Only the clerk of the case can certify a copy of its document."),
    )
    NOT_COURT_STAFF = (
        "not_court_staff",
        _("Only staff of the case's court can issue its documents."),
    )
    RENDER_FAILED = "render_failed", _("The document could not be rendered: %(reason)s")
    NO_FILE = "no_file", _("Choose a PDF file to verify.")
    EMPTY_FILE = "empty_file", _("The file is empty. Choose the PDF you received.")
    TOO_LARGE = "too_large", _("The file is larger than %(limit)s MB; no court document is.")
    UNACCEPTABLE_FILE = "unacceptable_file", _("The file cannot be accepted.")
    NOT_PDF = "not_pdf", _("This is not a PDF file. Choose the PDF document you received.")
    UNREADABLE_PDF = (
        "unreadable_pdf",
        _("The PDF file is damaged and cannot be read, so it is not a valid court document."),
    )
    NO_SIGNATURE = (
        "no_signature",
        _("The PDF carries no electronic signature, so it cannot be verified as a court document."),
    )
    NO_CASES = "no_cases", _("Select at least one case.")
    TOO_MANY_CASES = "too_many_cases", _("Select at most %(limit)s cases for one batch.")
    NOT_TEMPLATE_ADMIN = (
        "not_template_admin",
        _(
            "Only the court's administrator edits its templates; the platform defaults belong to "
            "a platform administrator."
        ),
    )
    NOT_ISSUABLE = (
        "not_issuable",
        _("This document is issued by the system (finance issues the e-receipt on payment)."),
    )
    REQUEST_NOT_FAILED = (
        "request_not_failed",
        _("Only a document that could not be made can be sent again."),
        409,
    )
    UNKNOWN_CODE = (
        "unknown_code",
        _(
            "No document carries this verification code. Check the code printed at the foot of "
            "the page (ten letters and digits, e.g. 7K3QW-9XM2P)."
        ),
        404,
    )


class DocumentError(YuntingError):
    """A refused document operation; ``code`` is one of :class:`DocumentErrorCode`."""
