"""Filing error codes and messages, shared by pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class FilingErrorCode(ErrorCode):
    NOT_YOURS = "not_yours", _("You cannot change a filing made by someone else."), 404, True
    NOT_EDITABLE = "not_editable", _("This filing can no longer be changed."), 409
    ILLEGAL_TRANSITION = (
        "illegal_transition",
        _("A filing in status “%(current)s” cannot become “%(target)s”."),
        409,
    )
    NOT_OFFICER = "not_officer", _("Only a filing officer of this court can review this filing.")
    INCOMPLETE = "incomplete", _("The filing is not complete yet.")
    ITEMS_REQUIRED = "items_required", _("List everything that must be corrected, all at once.")
    REASON_REQUIRED = "reason_required", _("Give the reasons for not accepting.")
    BAD_ATTACHMENT_KIND = "bad_attachment_kind", _("Choose the kind of document from the list.")
    AGENT_NOT_IN_FILING = "agent_not_in_filing", _("That agent does not act in this filing.")
    NOT_GUIDED = "not_guided", _("This filing was not started with a questionnaire.")
    UNKNOWN_GUIDED_KIND = "unknown_guided_kind", _("There is no such questionnaire.")
    UNKNOWN_GUIDED_STEP = "unknown_guided_step", _("There is no such question.")
    GUIDED_INCOMPLETE = "guided_incomplete", _("The filing is not complete yet.")
    GUIDED_INVALID = "guided_invalid", _("The filing is not complete yet.")  # per field
    BATCH_EMPTY = "batch_empty", _("Select at least one filing to accept.")
    BATCH_TOO_LARGE = "batch_too_large", _("Accept at most %(limit)s filings at once.")
    BATCH_BAD_PROCEDURE = "batch_bad_procedure", _("Choose the procedure from the list.")
    BATCH_NOT_IN_QUEUE = (
        "batch_not_in_queue",
        _("Some of the selected filings are no longer waiting for your review; reload the queue."),
        409,
    )
    BATCH_ONE_COURT = "batch_one_court", _("A batch takes the filings of one court only.")
    NO_SERVICE_ADDRESS = "no_service_address", _("Give at least one address for service.")
    INVALID = "invalid", _("Correct the fields marked.")  # a model's own checks, per field


class FilingError(YuntingError):
    """A refused filing operation; ``code`` is one of :class:`FilingErrorCode`."""


# The items of an incomplete filing, listed all at once (code ``incomplete``).
MISSING_PLAINTIFF = _("Add at least one plaintiff.")
MISSING_DEFENDANT = _("Add at least one defendant.")
MISSING_CLAIM = _("Add at least one claim.")
MISSING_CAUSE = _("Choose the cause of action.")
MISSING_FACTS = _("Describe the facts and reasons.")
MISSING_COMPLAINT = _("Upload the complaint (起诉状).")
MISSING_POWER_OF_ATTORNEY = _("Upload the power of attorney for agent %(name)s.")
