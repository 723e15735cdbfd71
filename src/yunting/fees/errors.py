"""Fee error codes and messages, shared by pages, the API and the payment callback."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.cases.errors import CaseError as FeeError  # same shape: code + message

ILLEGAL_TRANSITION = _("A fee order in status “%(current)s” cannot become “%(target)s”.")
NOT_STAFF = _("Only staff of the case's court can do this.")
NOT_JUDGE = _("Only the judge handling the case can do this.")
NOT_FINANCE = _("Only a finance officer of the court can do this.")
NOT_PAYER = _("Only the payer or their agent can do this.")
NOT_PAYABLE = _("This fee order cannot be paid now (it is “%(status)s”).")
NOTHING_DUE = _("Nothing is due on this order.")
AMOUNT_MISMATCH = _("The amount %(given)s does not match the %(due)s due on order %(reference)s.")
UNKNOWN_REFERENCE = _("No fee order has the payment reference “%(reference)s”.")
TXN_USED = _("Bank transaction %(txn)s has already been applied to a payment.")
REASON_REQUIRED = _("Give the reason.")
BAD_AMOUNT = _("Enter a positive amount in yuan with at most two decimals.")
FEE_KIND_NOT_APPLICATION = _("Only preservation and execution fees are assessed this way.")
PROVIDER_DISABLED = _("This payment channel is not available.")
RELIEF_NOT_OPEN = _("Deferral, reduction or waiver can be asked only while the fee is unpaid.")
RELIEF_TOO_LATE = _(
    "The prepayment period ended on %(date)s: apply within it (《诉讼费用交纳办法》第四十四条)."
)
RELIEF_PENDING = _("An application for this order is already waiting for the judge.")
REDUCTION_TOO_SMALL = _(
    "A reduction is at least 30 per cent of the fee (《诉讼费用交纳办法》第四十六条)."
)
REDUCTION_RANGE = _("A reduction is between 30 and 99 per cent; ask for a waiver to pay nothing.")
WAIVER_PERSON_ONLY = _(
    "Only a natural person can be fully exempted; an organisation may ask for a deferral or "
    "a reduction (《诉讼费用交纳办法》第四十五条)."
)
DEFERRAL_DATE = _("Give a date after the current deadline to defer payment to.")
PROOF_REQUIRED = _("Upload proof of the financial difficulty (PDF, JPEG or PNG).")
ALREADY_DECIDED = _("This application has already been decided.")
REFUND_TOO_LARGE = _(
    "A refund of %(amount)s is more than the %(refundable)s paid and not yet refunded."
)
REFUND_NOT_PAID = _("Only a paid order can be refunded.")
REFUND_NOT_ACCEPTANCE = _("Halving on withdrawal or mediation applies to the acceptance fee.")
NOT_OVERDUE = _("This fee order is not overdue.")
NO_RECEIPT_ISSUER = _("No finance officer or judge of the court can issue the receipt.")

__all__ = ["FeeError"]
