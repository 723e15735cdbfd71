"""E-receipts (电子票据): sealed fee receipts issued through the documents app."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import court_staff
from yunting.core.tasks import enqueue_on_commit
from yunting.ledger.services import record_event
from yunting.rules.amounts import to_uppercase_rmb

from .. import events
from ..errors import FeeError, FeeErrorCode
from ..models import (
    FeeKind,
    FeeOrder,
    Payment,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.documents.models import IssuedDocument

from .common import PAYMENT_METHOD_CN, staff_at

logger = logging.getLogger(__name__)


def _receipt_issuer(order: FeeOrder, preferred: User | None) -> User | None:
    """Who the receipt is issued by: the confirming officer, else a finance officer of the
    court, else the case's judge (documents are issued by court staff only)."""
    if preferred is not None and staff_at(preferred, order.court_id):
        return preferred
    finance = court_staff(court=order.court).filter(role=Role.FINANCE_OFFICER).first()
    if finance is not None:
        return finance.user
    return order.case.judge


# How each kind of fee reads on the receipt (票据项目、依据、备注).
RECEIPT_ITEMS: dict[str, dict[str, str]] = {
    FeeKind.ACCEPTANCE: {
        "item_name": "案件受理费",
        "item_basis": "按标的额分段累计",
        "item_note": "预交",
    },
    FeeKind.SUPPLEMENT: {
        "item_name": "案件受理费",
        "item_basis": "重新核定差额",
        "item_note": "补交",
    },
    FeeKind.PRESERVATION: {
        "item_name": "申请保全费",
        "item_basis": "按保全金额分段累计",
        "item_note": "预交",
    },
    FeeKind.JOINED_CLAIM: {
        "item_name": "案件受理费",
        "item_basis": "反诉、第三人请求减半交纳",
        "item_note": "预交",
    },
    FeeKind.EXECUTION: {
        "item_name": "申请执行费",
        "item_basis": "按执行金额分段累计",
        "item_note": "执行后交纳",
    },
}


def receipt_issue_safely(payment: Payment, actor: User | None) -> None:
    """Issue the receipt now if we can; a failure must not undo the payment (the money has
    arrived), so it is logged and retried in the background."""
    try:
        with transaction.atomic():
            payment.receipt = receipt_issue(payment=payment, actor=actor)
    except Exception:
        logger.exception("Receipt for payment %s not issued; retrying later", payment.pk)
        from ..tasks import receipt_issue_task

        enqueue_on_commit(receipt_issue_task, payment_id=str(payment.pk))


@transaction.atomic
def receipt_issue(*, payment: Payment, actor: User | None = None) -> IssuedDocument:
    """The 诉讼费电子票据: a sealed, signed PDF with a verification code, recorded in the
    ledger by the documents app and linked here."""
    from yunting.documents.dates import chinese_date
    from yunting.documents.services import document_issue

    payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
    if payment.receipt_id is not None:
        return payment.receipt
    order = payment.order
    issuer = _receipt_issuer(order, actor)
    if issuer is None:
        raise FeeError(FeeErrorCode.NO_ISSUER)
    paid_on = timezone.localdate(payment.paid_at or timezone.now())
    document = document_issue(
        template_code="fee_receipt",
        case=order.case,
        actor=issuer,
        recipient=order.payer,
        extra={
            "receipt_number": payment.out_trade_no,
            "payer": order.payer.name,
            "paid_on": chinese_date(paid_on),
            "amount": f"{payment.amount:,.2f}",
            "amount_upper": to_uppercase_rmb(payment.amount),
            "payment_method": PAYMENT_METHOD_CN.get(payment.provider, payment.provider),
            "cashier": issuer.name,
            "order_reference": order.reference,
            **RECEIPT_ITEMS.get(order.kind, {}),
        },
    )
    payment.receipt = document
    payment.save(update_fields=["receipt"])
    record_event(
        events.receipt_issued(order=order, actor=issuer, payment=payment, document=document)
    )
    return document
