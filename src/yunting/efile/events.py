from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class EfileEvent(EventType):
    ITEM_ADDED = "efile.item_added", _("Item added to the e-file")
    REORDERED = "efile.reordered", _("E-file volume re-ordered")
    RECLASSIFIED = "efile.reclassified", _("E-file item re-classified")
    SPLIT = "efile.split", _("E-file item split")
    MERGED = "efile.merged", _("E-file items merged")
    OCR_DONE = "efile.ocr_done", _("E-file item text recognised")
    VIEWED = "efile.viewed", _("E-file item viewed")
    DOWNLOADED = "efile.downloaded", _("E-file item downloaded")
    ARCHIVED = "efile.archived", _("E-file archived")
    BORROW_REQUESTED = "efile.borrow_requested", _("Archived e-file borrow requested")
    BORROW_APPROVED = "efile.borrow_approved", _("Archived e-file borrow approved")
    BORROW_RETURNED = "efile.borrow_returned", _("Borrowed e-file returned")
    STORAGE_DAMAGED = "efile.storage_damaged", _("E-file object missing or damaged")
