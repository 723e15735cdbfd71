"""Error codes for cases, shared by pages and API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CaseError(ValidationError):
    """A refused case operation: a stable ``code`` and a message people can act on."""

    def __init__(self, code: str, message) -> None:
        super().__init__(message, code=code)


ILLEGAL_TRANSITION = _("A case in status “%(current)s” cannot become “%(target)s”.")
NO_JUDGE_AVAILABLE = _("No judge of this department is available for assignment.")
NOT_DIVISION_HEAD = _("Only the head of the case's division can reassign it.")
REASON_REQUIRED = _("Give the reason for reassigning.")
NOT_IN_DEPARTMENT = _("That judge does not belong to the case's division.")
RECUSED = _("That judge is on the recusal list for a party of this case.")
