"""Error codes for cases, shared by pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class CaseErrorCode(ErrorCode):
    ILLEGAL_TRANSITION = (
        "illegal_transition",
        _("A case in status “%(current)s” cannot become “%(target)s”."),
        409,
    )
    NO_DEPARTMENT = "no_department", _("No judge of this department is available for assignment.")
    NO_JUDGE_AVAILABLE = (
        "no_judge_available",
        _("No judge of this department is available for assignment."),
    )
    NOT_DIVISION_HEAD = (
        "not_division_head",
        _("Only the head of the case's division can reassign it."),
    )
    REASON_REQUIRED = "reason_required", _("Give the reason for reassigning.")
    NOT_IN_DEPARTMENT = "not_in_department", _("That judge does not belong to the case's division.")
    RECUSED = "recused", _("That judge is on the recusal list for a party of this case.")
    PARTY_NOT_THIS_PERSON = (
        "party_not_this_person",
        _(
            "This party's ID number is not the account holder's: a party is linked only to the "
            "person it names."
        ),
    )
    CLOCK_NEEDS_DUE_DATE = (
        "clock_needs_due_date",
        _("The court sets this time limit: give its last day."),
    )
    CLOCK_DUE_BEFORE_START = (
        "clock_due_before_start",
        _("A period cannot end before it starts."),
    )
    CLOCK_PARTY_NOT_IN_CASE = "clock_party_not_in_case", _("That party is not in this case.")


class CaseError(YuntingError):
    """A refused case operation; ``code`` is one of :class:`CaseErrorCode`."""
