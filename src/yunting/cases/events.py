from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class CaseEvent(EventType):
    CREATED = "cases.created", _("Case accepted and numbered")
    STATUS_CHANGED = "cases.status_changed", _("Case status changed")
    ASSIGNED = "cases.assigned", _("Judge assigned")
    REASSIGNED = "cases.reassigned", _("Judge reassigned")
