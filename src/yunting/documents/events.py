from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class DocumentEvent(EventType):
    ISSUED = "documents.issued", _("Court document issued")
    TEMPLATE_SAVED = "documents.template_saved", _("Document template saved")
    BATCH_STARTED = "documents.batch_started", _("Document batch started")
    BATCH_FINISHED = "documents.batch_finished", _("Document batch finished")
