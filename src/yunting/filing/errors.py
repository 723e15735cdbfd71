"""Filing error codes and messages, shared by pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.cases.errors import CaseError as FilingError  # same shape: code + message

NOT_EDITABLE = _("This filing can no longer be changed.")
ILLEGAL_TRANSITION = _("A filing in status “%(current)s” cannot become “%(target)s”.")
NOT_YOURS = _("You cannot change a filing made by someone else.")
NOT_OFFICER = _("Only a filing officer of this court can review this filing.")
INCOMPLETE = _("The filing is not complete yet.")
MISSING_PLAINTIFF = _("Add at least one plaintiff.")
MISSING_DEFENDANT = _("Add at least one defendant.")
MISSING_CLAIM = _("Add at least one claim.")
MISSING_CAUSE = _("Choose the cause of action.")
MISSING_FACTS = _("Describe the facts and reasons.")
MISSING_COMPLAINT = _("Upload the complaint (起诉状).")
MISSING_POWER_OF_ATTORNEY = _("Upload the power of attorney for agent %(name)s.")
CORRECTION_ITEMS_REQUIRED = _("List everything that must be corrected, all at once.")
REASON_REQUIRED = _("Give the reasons for not accepting.")
BAD_ATTACHMENT_KIND = _("Choose the kind of document from the list.")
AGENT_NOT_IN_FILING = _("That agent does not act in this filing.")

__all__ = ["FilingError"]
