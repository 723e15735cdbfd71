"""Fee error codes and messages, shared by pages, the API and the payment callback."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class FeeErrorCode(ErrorCode):
    ILLEGAL_TRANSITION = (
        "illegal_transition",
        _("A fee order in status “%(current)s” cannot become “%(target)s”."),
        409,
    )
    BAD_FEE_KIND = "bad_fee_kind", _("Choose a kind of fee from the list.")
    NOT_STAFF = "not_staff", _("Only staff of the case's court can do this.")
    NOT_JUDGE = "not_judge", _("Only the judge handling the case can do this.")
    NOT_FINANCE = "not_finance", _("Only a finance officer of the court can do this.")
    NOT_PAYER = "not_payer", _("Only the payer or their agent can do this.")
    NOT_PAYABLE = "not_payable", _("This fee order cannot be paid now (it is “%(status)s”).")
    NOTHING_DUE = "nothing_due", _("Nothing is due on this order.")
    AMOUNT_MISMATCH = (
        "amount_mismatch",
        _("The amount %(given)s does not match the %(due)s due on order %(reference)s."),
    )
    UNKNOWN_REFERENCE = (
        "unknown_reference",
        _("No fee order has the payment reference “%(reference)s”."),
    )
    TRANSACTION_REUSED = (
        "transaction_reused",
        _("Bank transaction %(txn)s has already been applied to a payment."),
    )
    REASON_REQUIRED = "reason_required", _("Give the reason.")
    BAD_AMOUNT = "bad_amount", _("Enter a positive amount in yuan with at most two decimals.")
    NOT_APPLICATION = (
        "not_application",
        _("Only preservation and execution fees are assessed this way."),
    )
    PROVIDER_DISABLED = "provider_disabled", _("This payment channel is not available.")
    RELIEF_NOT_OPEN = (
        "relief_not_open",
        _("Deferral, reduction or waiver can be asked only while the fee is unpaid."),
    )
    BAD_KIND = (
        "bad_kind",
        _("Deferral, reduction or waiver can be asked only while the fee is unpaid."),
    )
    RELIEF_TOO_LATE = (
        "relief_too_late",
        _(
            "The prepayment period ended on %(date)s: apply within it (《诉讼费用交纳办法》第四十四条)."  # noqa: E501
        ),
    )
    RELIEF_PENDING = (
        "relief_pending",
        _("An application for this order is already waiting for the judge."),
    )
    REDUCTION_TOO_SMALL = (
        "reduction_too_small",
        _("A reduction is at least 30 per cent of the fee (《诉讼费用交纳办法》第四十六条)."),
    )
    REDUCTION_RANGE = (
        "reduction_range",
        _("A reduction is between 30 and 99 per cent; ask for a waiver to pay nothing."),
    )
    WAIVER_PERSON_ONLY = (
        "waiver_person_only",
        _(
            "Only a natural person can be fully exempted; an organisation may ask for a deferral "
            "or a reduction (《诉讼费用交纳办法》第四十五条)."
        ),
    )
    DEFERRAL_DATE = (
        "deferral_date",
        _("Give a date after the current deadline to defer payment to."),
    )
    PROOF_REQUIRED = (
        "proof_required",
        _("Upload proof of the financial difficulty (PDF, JPEG or PNG)."),
    )
    ALREADY_DECIDED = "already_decided", _("This application has already been decided.")
    REFUND_TOO_LARGE = (
        "refund_too_large",
        _("A refund of %(amount)s is more than the %(refundable)s paid and not yet refunded."),
    )
    REFUND_NOT_PAID = "refund_not_paid", _("Only a paid order can be refunded.")
    REFUND_NOT_ACCEPTANCE = (
        "refund_not_acceptance",
        _("Halving on withdrawal or mediation applies to the acceptance fee."),
    )
    NOT_OVERDUE = "not_overdue", _("This fee order is not overdue.")
    NO_ISSUER = "no_issuer", _("No finance officer or judge of the court can issue the receipt.")


class FeeError(YuntingError):
    """A refused fee operation; ``code`` is one of :class:`FeeErrorCode`."""


class CalculatorErrorCode(ErrorCode):
    """Bad input to the public fee calculator: the codes of ``rules.fees`` (a second enum,
    as these codes are the rules library's, not a refused operation's)."""

    UNKNOWN_KIND = "unknown_kind", _("Choose a kind of case from the list.")
    BAD_HALVE = "bad_halve", _("Halving applies only to mediation or withdrawal.")
    BAD_AMOUNT = "bad_amount", _("Enter the amount as a number, e.g. 150000 or 150000.50.")
    NEGATIVE_AMOUNT = "negative_amount", _("The amount cannot be negative.")
    TOO_MANY_DECIMALS = "too_many_decimals", _("Amounts have at most two decimals (fen).")
    AMOUNT_TOO_LARGE = "amount_too_large", _("The amount is too large.")
    AMOUNT_REQUIRED = "amount_required", _("This kind of case needs an amount.")
    UNEXPECTED_AMOUNT = (
        "unexpected_amount",
        _("This kind of case takes no amount: leave the field empty."),
    )
    INVALID = "invalid", ""  # a rule code without a message of its own: the rule's text


class FeeInputError(YuntingError):
    """Bad calculator input, with a message people can act on and the field it concerns."""

    def __init__(self, code: CalculatorErrorCode, /, *, field: str, message=None) -> None:
        self.field = field
        super().__init__(code, field=field, message=message)


class CallbackRejection(StrEnum):
    """Why a payment provider's notification was refused: recorded in the ledger and answered
    to the provider as ``fail: <code>`` (a protocol answer, not a message for people)."""

    UNKNOWN_PROVIDER = "unknown_provider"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_ORDER = "unknown_order"
    DIFFERENT_TRANSACTION = "different_transaction"
    AMOUNT_MISMATCH = "amount_mismatch"
    CURRENCY_MISMATCH = "currency_mismatch"
    BAD_TRANSACTION_ID = "bad_transaction_id"
    TRANSACTION_REUSED = "transaction_reused"
