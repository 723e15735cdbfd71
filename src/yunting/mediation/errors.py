"""Mediation error codes, shared by pages and the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class MediationErrorCode(ErrorCode):
    NOT_YOURS = "not_yours", _("This dispute is not yours."), 404, True
    NOT_IN_THREAD = "not_in_thread", _("You are not in this conversation."), 404, True
    NOT_COORDINATOR = (
        "not_coordinator",
        _("Only the court's mediation coordinator can do this."),
        403,
    )
    NOT_MEDIATOR = "not_mediator", _("Only the dispute's mediator can do this."), 403
    NOT_JUDGE = "not_judge", _("Only a judge of the court can rule on the application."), 403
    NOT_OFFICER = "not_officer", _("Only a filing officer of the court can do this."), 403
    WRONG_STATE = (
        "wrong_state",
        _("A dispute that is “%(status)s” cannot do this."),
        409,
    )
    RESOLVED = (
        "resolved",
        _("This dispute was resolved by agreement (%(status)s): it cannot become a lawsuit."),
        409,
    )
    REQUIRED = "required", _("Fill in %(what)s.")
    BAD_CHOICE = "bad_choice", _("Choose %(what)s from the list.")
    BAD_AMOUNT = "bad_amount", _("Enter the amount in yuan, e.g. 12000 or 12000.50.")
    BAD_PHONE = "bad_phone", _("Enter an 11-digit mainland mobile number.")
    NO_RESPONDENT = "no_respondent", _("Name the other side (at least one respondent).")
    NO_MEDIATOR = "no_mediator", _("No active mediator of this court can take the dispute.")
    CHOICE_CLOSED = (
        "choice_closed",
        _("The parties' joint choice closed on %(due)s: the court designates the mediator now."),
        409,
    )
    ALREADY_ANSWERED = "already_answered", _("%(name)s has already answered the invitation."), 409
    NO_AGREEMENT = "no_agreement", _("Draft the agreement first."), 409
    ALREADY_SIGNED = "already_signed", _("%(name)s has already signed this version."), 409
    STALE_TEXT = (
        "stale_text",
        _(
            "The agreement changed after you opened it (you saw %(seen)s, it is now %(now)s). "
            "Read the new version and sign again."
        ),
        409,
    )
    NOT_ALL_SIGNED = "not_all_signed", _("Every party must sign the agreement first."), 409
    EXCLUDED = (
        "excluded",
        _("The agreement cannot be judicially confirmed: %(reason)s"),
        409,
    )
    BAD_DAYS = "bad_days", _("Enter the extension as a whole number of days (1 to 30).")
    FILING_NOT_WAITING = (
        "filing_not_waiting",
        _("Only a submitted filing awaiting review can be guided to mediation."),
        409,
    )


class MediationError(YuntingError):
    """A refused mediation operation."""
