"""Fee event types: every change to an order, payment, relief or refund lands in the ledger
under one of these names, so the timeline, the reconciliation and the tests agree."""

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class FeeEvent(EventType):
    ORDER_CREATED = "fees.order_created", _("Fee assessed")
    ORDER_REASSESSED = "fees.order_reassessed", _("Fee re-assessed")
    ORDER_STATUS_CHANGED = "fees.order_status_changed", _("Fee order status changed")
    NOTICE_LINKED = "fees.notice_linked", _("Payment notice linked to fee order")
    PAYMENT_CREATED = "fees.payment_created", _("Online payment started")
    PAYMENT_CONFIRMED = "fees.payment_confirmed", _("Fee paid")
    PAYMENT_FAILED = "fees.payment_failed", _("Online payment failed")
    PAYMENT_DUPLICATE = "fees.payment_duplicate", _("Fee received twice")
    CALLBACK_REJECTED = "fees.callback_rejected", _("Payment notification rejected")
    RECEIPT_ISSUED = "fees.receipt_issued", _("E-receipt issued")
    RELIEF_APPLIED = "fees.relief_applied", _("Deferral, reduction or waiver applied for")
    RELIEF_APPROVED = "fees.relief_approved", _("Deferral, reduction or waiver approved")
    RELIEF_REFUSED = "fees.relief_refused", _("Deferral, reduction or waiver refused")
    REFUND_REQUESTED = "fees.refund_requested", _("Refund requested")
    REFUND_APPROVED = "fees.refund_approved", _("Refund approved")
    REFUND_REFUSED = "fees.refund_refused", _("Refund refused")
    OVERDUE_DECIDED = "fees.overdue_decided", _("Decision on unpaid fee recorded")
