"""Court fees once a case exists: fee orders (one per payer and fee), payments against them,
relief applications (缓交、减交、免交) and refunds (退费).

Amounts are ``Decimal`` yuan with two decimals. An order's history is in the ledger; the rows
here hold only the present state, which the services change under a row lock."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")
MONEY = {"max_digits": 14, "decimal_places": 2}


class FeeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance fee")
    SUPPLEMENT = "supplement", _("Acceptance fee (difference after re-assessment)")
    PRESERVATION = "preservation", _("Preservation application fee")
    EXECUTION = "execution", _("Execution application fee")
    APPEAL = "appeal", _("Appeal acceptance fee")
    JOINED_CLAIM = "joined_claim", _("Acceptance fee of a counterclaim or third-party claim")


# Kinds that are the case's acceptance fee: prepaid within 7 days, or the case is treated as
# withdrawn (《诉讼费用交纳办法》第二十条, 第二十二条).
ACCEPTANCE_KINDS = frozenset({FeeKind.ACCEPTANCE, FeeKind.SUPPLEMENT})


class OrderStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    DEFERRED = "deferred", _("Payment deferred")
    REDUCED = "reduced", _("Reduced, unpaid")
    WAIVED = "waived", _("Waived")
    CANCELLED = "cancelled", _("Cancelled")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Paid, partly refunded")
    REFUNDED = "refunded", _("Refunded")


# The only transitions an order may make (fees.services refuses anything else). A re-assessment
# of an order still open changes its amount but not its status; of a paid one, it adds a
# supplementary order or a refund instead of reopening it.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.UNPAID: frozenset(
        {
            OrderStatus.PAID,
            OrderStatus.DEFERRED,
            OrderStatus.REDUCED,
            OrderStatus.WAIVED,
            OrderStatus.CANCELLED,
        }
    ),
    OrderStatus.DEFERRED: frozenset(
        {OrderStatus.PAID, OrderStatus.REDUCED, OrderStatus.WAIVED, OrderStatus.CANCELLED}
    ),
    OrderStatus.REDUCED: frozenset(
        {OrderStatus.PAID, OrderStatus.DEFERRED, OrderStatus.WAIVED, OrderStatus.CANCELLED}
    ),
    OrderStatus.PAID: frozenset({OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}),
    OrderStatus.PARTIALLY_REFUNDED: frozenset(
        {OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}
    ),
    OrderStatus.WAIVED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}
OPEN_STATUSES = frozenset({OrderStatus.UNPAID, OrderStatus.DEFERRED, OrderStatus.REDUCED})
PAID_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED})


class OverdueDecision(models.TextChoices):
    TREAT_AS_WITHDRAWN = "treat_as_withdrawn", _("Treat as withdrawn (按撤诉处理)")
    ALLOW_MORE_TIME = "allow_more_time", _("Allow more time to pay")


class FeeOrder(models.Model):
    """What one payer owes for one fee of one case (交费单)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(
        _("payment reference"),
        max_length=20,
        unique=True,
        help_text=_("Quote it on a bank transfer so the court can match the money."),
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="fee_orders"
    )
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    payer = models.ForeignKey(
        "cases.Party", verbose_name=_("payer"), on_delete=models.PROTECT, related_name="fee_orders"
    )
    kind = models.CharField(_("fee"), max_length=16, choices=FeeKind.choices)
    supplement_of = models.ForeignKey(
        "self",
        verbose_name=_("difference of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplements",
    )
    assessed_amount = models.DecimalField(
        _("assessed"), validators=[MinValueValidator(ZERO)], **MONEY
    )
    relief_percent = models.DecimalField(
        _("reduction (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    amount = models.DecimalField(_("amount due"), validators=[MinValueValidator(ZERO)], **MONEY)
    paid_amount = models.DecimalField(_("paid"), default=ZERO, **MONEY)
    refunded_amount = models.DecimalField(_("refunded"), default=ZERO, **MONEY)
    basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=OrderStatus.choices, default=OrderStatus.UNPAID
    )
    notice_date = models.DateField(_("notice issued on"), null=True, blank=True)
    due_date = models.DateField(_("pay by"), null=True, blank=True)
    deferred_until = models.DateField(_("deferred until"), null=True, blank=True)
    notice = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("payment notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overdue_decision = models.CharField(
        _("decision on late payment"), max_length=24, choices=OverdueDecision.choices, blank=True
    )
    overdue_note = models.TextField(_("note on late payment"), blank=True)
    overdue_decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fee order")
        verbose_name_plural = _("fee orders")
        indexes = [models.Index(fields=["court", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_order_amount_gte_0"),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("paid_amount")),
                name="fee_order_refund_lte_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} {self.amount}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("fees:order", args=[self.id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def pay_by(self):
        """The last day to pay: the deferral's end when one was approved."""
        return self.deferred_until or self.due_date

    @property
    def refundable(self) -> Decimal:
        return self.paid_amount - self.refunded_amount


class Provider(models.TextChoices):
    COUNTER = "counter", _("Bank transfer / counter")
    TEST = "test", _("Test provider (no real money)")


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Awaiting payment")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    DUPLICATE = "duplicate", _("Received twice: to be returned")


class Payment(models.Model):
    """One attempt to pay an order, and once it succeeds, the money received for it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(
        FeeOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    out_trade_no = models.CharField(_("payment number"), max_length=32, unique=True)
    # NULL until the provider names its transaction: unique when given, many may be unknown.
    provider_txn_id = models.CharField(  # noqa: DJ001
        _("provider transaction"), max_length=64, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("e-receipt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # A provider's transaction pays one thing once.
            models.UniqueConstraint(
                fields=["provider", "provider_txn_id"], name="fee_payment_provider_txn"
            ),
            # An order is paid by one payment, however many callbacks race.
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status="succeeded"),
                name="fee_payment_one_success_per_order",
            ),
        ]

    def __str__(self) -> str:
        return self.out_trade_no


class ReliefKind(models.TextChoices):
    DEFERRAL = "deferral", _("Deferral (缓交)")
    REDUCTION = "reduction", _("Reduction (减交)")
    WAIVER = "waiver", _("Waiver (免交)")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ReliefApplication(models.Model):
    """A payer's application for judicial aid on the fee (《诉讼费用交纳办法》第四十四条起)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(
        FeeOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="reliefs"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReliefKind.choices)
    reasons = models.TextField(_("reasons"))
    percent = models.DecimalField(
        _("reduction asked (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    until = models.DateField(_("defer until"), null=True, blank=True)
    proof_name = models.CharField(_("proof"), max_length=200)
    proof_path = models.CharField(max_length=200)
    proof_sha256 = models.CharField(max_length=64)
    proof_content_type = models.CharField(max_length=40)
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("relief application")
        verbose_name_plural = _("relief applications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.order.reference}"


class RefundReason(models.TextChoices):
    WITHDRAWAL = "withdrawal", _("Case withdrawn: half the acceptance fee (Art. 15)")
    MEDIATION = "mediation", _("Settled by mediation: half the acceptance fee (Art. 15)")
    REASSESSMENT = "reassessment", _("Difference after re-assessment (Art. 21)")
    LOSER_BEARS = "loser_bears", _("The losing party bears the fee")
    NO_FEE = (
        "no_fee",
        _("Suit not accepted or dismissed: no acceptance fee, refunded (Art. 8, 27)"),
    )
    OTHER = "other", _("Other")


class Refund(models.Model):
    """Money to give back on a paid order; the finance officer approves it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(
        FeeOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(ZERO)], **MONEY)
    reason = models.CharField(_("reason"), max_length=16, choices=RefundReason.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_refund_positive")
        ]

    def __str__(self) -> str:
        return f"{self.order.reference} −{self.amount}"
