"""Service-of-documents error codes, shared by pages, the API and the recipient links."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class ServiceErrorCode(ErrorCode):
    NOT_YOURS = "not_yours", _("This service task is not yours."), 404, True
    NOT_STAFF = "not_staff", _("Only staff of the case's court can do this."), 403
    ALREADY_SERVED = "already_served", _("The document was already served."), 409
    ALREADY_OPEN = (
        "already_open",
        _("%(document)s already has an open service task for %(name)s."),
        409,
    )
    NO_ADDRESS = "no_address", _("Confirm an address for %(name)s by %(channel)s first.")
    NO_CONSENT = (
        "no_consent",
        _("%(name)s has not consented to electronic service by %(channel)s."),
        409,
    )
    NO_CHANNEL = "no_channel", _("Choose at least one channel.")
    NO_REASON = "no_reason", _("Give the reason for withdrawing the service.")
    BAD_CHANNEL = "bad_channel", _("Choose a channel from the list.")
    BAD_SOURCE = "bad_source", _("Say how the party consented (choose from the list).")
    BAD_EMAIL = "bad_email", _("Enter a valid e-mail address.")
    BAD_MOBILE = "bad_mobile", _("Enter an 11-digit mainland mobile number.")
    NOTHING_CONFIRMED = "nothing_confirmed", _("Give at least one address for service.")
    NO_TASKS = "no_tasks", _("Choose at least one service task.")
    NOT_OFFICER = "not_officer", _("Only a service officer of the court can take tasks.")
    TASK_CLOSED = (
        "task_closed",
        _("“%(document)s” for %(name)s is no longer open: only open tasks can be assigned."),
        409,
    )
    WRONG_STATE = (
        "wrong_state",
        _("A service task that is “%(current)s” cannot become “%(target)s”."),
        409,
    )
    LINK_INVALID = "link_invalid", _("This link is not valid. Use the link exactly as sent."), 404
    LINK_EXPIRED = (
        "link_expired",
        _("This link has expired. Ask the court to send the document again."),
        410,
    )
    LINK_LOCKED = (
        "link_locked",
        _("Too many wrong codes: this link is locked. Ask the court for a new one."),
        423,
    )
    WRONG_IDENTITY = (
        "wrong_identity",
        _("The code is not right. %(left)s attempts left."),
        403,
    )
    CODE_NOT_SENT = "code_not_sent", _("Ask for an SMS code first."), 409
    NO_MOBILE = "no_mobile", _("No confirmed mobile number: use the last 6 ID digits."), 409
    CSV_INVALID = "csv_invalid", _("The file has errors; nothing was applied."), 400
    CSV_UNREADABLE = "csv_unreadable", _("Upload a UTF-8 CSV file with a header row."), 400
    NOT_POSTAL = "not_postal", _("This batch has no postal service."), 409
    BAD_DATE = "bad_date", _("Enter a valid date (YYYY-MM-DD)."), 400
    NO_ISSUER = (
        "no_issuer",
        _("The court has no clerk, judge or service officer to seal the confirmation yet."),
        409,
    )


class ServiceError(YuntingError):
    """A refused service-of-documents operation."""
