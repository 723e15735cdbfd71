"""The roles of DESIGN.md, in one place, so pages, permissions and tests speak the same names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LITIGANT = "litigant", _("Litigant")
    LAWYER = "lawyer", _("Lawyer / agent")
    INSTITUTION = "institution", _("Institution user")
    FILING_OFFICER = "filing_officer", _("Filing officer")
    JUDGE = "judge", _("Judge")
    JUDGE_ASSISTANT = "judge_assistant", _("Judge assistant")
    CLERK = "clerk", _("Clerk")
    SERVICE_OFFICER = "service_officer", _("Service officer")
    MEDIATOR = "mediator", _("Mediator")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    COURT_ADMIN = "court_admin", _("Court administrator")


# Staff roles are held at one court; the others are held by the person, court-independent.
STAFF_ROLES: frozenset[str] = frozenset(
    {
        Role.FILING_OFFICER,
        Role.JUDGE,
        Role.JUDGE_ASSISTANT,
        Role.CLERK,
        Role.SERVICE_OFFICER,
        Role.MEDIATOR,
        Role.FINANCE_OFFICER,
        Role.COURT_ADMIN,
    }
)
PUBLIC_ROLES: frozenset[str] = frozenset(Role.values) - STAFF_ROLES
