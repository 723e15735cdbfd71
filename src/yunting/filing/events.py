from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class FilingEvent(EventType):
    CREATED = "filing.created", _("Filing draft started")
    SUBMITTED = "filing.submitted", _("Filing submitted")
    UPDATED = "filing.updated", _("Filing details changed")
    PARTY_ADDED = "filing.party_added", _("Party added to filing")
    PARTY_REMOVED = "filing.party_removed", _("Party removed from filing")
    CLAIM_ADDED = "filing.claim_added", _("Claim added to filing")
    CLAIM_REMOVED = "filing.claim_removed", _("Claim removed from filing")
    ATTACHMENT_ADDED = "filing.attachment_added", _("Filing attachment uploaded")
    ATTACHMENT_REMOVED = "filing.attachment_removed", _("Filing attachment removed")
    CORRECTION_REQUESTED = "filing.correction_requested", _("Correction requested")
    RESUBMITTED = "filing.resubmitted", _("Corrected filing resubmitted")
    ACCEPTED = "filing.accepted", _("Filing accepted")
    REFUSED = "filing.refused", _("Filing refused")
