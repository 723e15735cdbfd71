"""Writes for court fees: assessment, re-assessment, payment (counter and online callback),
e-receipts, deferral/reduction/waiver, refunds and the decision on unpaid fees.

Every function runs in ``transaction.atomic()``, locks the order row it changes
(``select_for_update``) and appends to the ledger in the same transaction, so two callbacks,
a callback racing a counter confirmation, or two finance officers approving the same refund
are applied once."""

from .assessment import (
    ReassessReason,
    fee_order_assess_appeal,
    fee_order_assess_application,
    fee_order_assess_joined_claim,
    fee_order_link_notice,
    fee_orders_assess_acceptance,
    fee_reassess,
    payment_notice_extra,
)
from .common import (
    acceptance_kind,
    acceptance_result,
    case_acceptance_result,
    case_fee_kind,
    money,
    split_evenly,
)
from .overdue import overdue_decide
from .payments import CallbackOutcome, payment_callback, payment_confirm_transfer, payment_start
from .receipts import RECEIPT_ITEMS, receipt_issue
from .refunds import refund_decide, refund_request
from .relief import relief_apply, relief_decide

__all__ = [
    "RECEIPT_ITEMS",
    "CallbackOutcome",
    "ReassessReason",
    "acceptance_kind",
    "acceptance_result",
    "case_acceptance_result",
    "case_fee_kind",
    "fee_order_assess_appeal",
    "fee_order_assess_application",
    "fee_order_assess_joined_claim",
    "fee_order_link_notice",
    "fee_orders_assess_acceptance",
    "fee_reassess",
    "money",
    "overdue_decide",
    "payment_callback",
    "payment_confirm_transfer",
    "payment_notice_extra",
    "payment_start",
    "receipt_issue",
    "refund_decide",
    "refund_request",
    "relief_apply",
    "relief_decide",
    "split_evenly",
]
