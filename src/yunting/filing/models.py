"""An online filing (网上立案) from draft to decision. Accepting it creates the Case."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunting.accounts.errors import ID_CHECK_MESSAGES, USCC_CHECK_MESSAGES
from yunting.cases.models import (
    PARTY_ROLE_ORDER,
    AgentDetails,
    ClaimDetails,
    PartyKind,
    PartyRole,
)
from yunting.rules.identity import check_citizen_id, check_uscc


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Not accepted")
    MEDIATING = "mediating", _("In pre-litigation mediation")


# The only transitions a filing may make (filing.services refuses anything else).
FILING_TRANSITIONS: dict[str, frozenset[str]] = {
    FilingStatus.DRAFT: frozenset({FilingStatus.SUBMITTED}),
    FilingStatus.SUBMITTED: frozenset(
        {
            FilingStatus.CORRECTION_REQUESTED,
            FilingStatus.ACCEPTED,
            FilingStatus.REFUSED,
            FilingStatus.MEDIATING,
        }
    ),
    # 诉前调解 with the plaintiff's consent: the filing waits, and comes back to review when
    # the mediation fails (the mediation app releases it with the pre-litigation record).
    FilingStatus.MEDIATING: frozenset({FilingStatus.SUBMITTED}),
    FilingStatus.CORRECTION_REQUESTED: frozenset({FilingStatus.SUBMITTED}),
    FilingStatus.ACCEPTED: frozenset(),
    FilingStatus.REFUSED: frozenset(),
}
EDITABLE_STATUSES = frozenset({FilingStatus.DRAFT, FilingStatus.CORRECTION_REQUESTED})


class FilingCounter(models.Model):
    """Daily serial of filing numbers per court (locked while a number is taken)."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT)
    day = models.DateField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "day"], name="filing_counter_day")]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day}: {self.last_serial}"


class Filing(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("filing number"), max_length=40, blank=True, db_index=True)
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="filings"
    )
    origin_court = models.ForeignKey(
        "courts.Court",
        verbose_name=_("received at (cross-region)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings_received",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="filings",
    )
    type_code = models.CharField(_("type of case"), max_length=8, default="民初")
    cause_code = models.CharField(_("cause of action code"), max_length=20, blank=True)
    cause_name = models.CharField(_("cause of action"), max_length=100, blank=True)
    cause_revision = models.CharField(_("catalogue revision"), max_length=20, blank=True)
    facts = models.TextField(_("facts and reasons"), blank=True)
    guided_kind = models.CharField(_("element-style complaint"), max_length=40, blank=True)
    guided_answers = models.JSONField(_("questionnaire answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=FilingStatus.choices, default=FilingStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_from = models.DateField(_("review period starts"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    correction_items = models.JSONField(_("corrections required"), default=list, blank=True)
    correction_note = models.TextField(_("correction note"), blank=True)
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    # The filer's own 送达地址确认书, given with the filing and applied when the case is
    # accepted: {"inbox", "mobile", "email", "postal", "consent": [...], "at"}.
    service_address = models.JSONField(_("address for service"), default=dict, blank=True)
    # What a failed pre-litigation mediation hands to the court (mediation app): the dispute's
    # number, 无争议事实记载, the evidence exchanged and the addresses for service confirmed.
    pre_litigation_record = models.JSONField(
        _("pre-litigation mediation record"), default=dict, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings_reviewed",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filing",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [models.Index(fields=["court", "status", "review_due"])]

    def __str__(self) -> str:
        return self.number or str(self.id)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def claim_total(self) -> Decimal:
        return sum((c.amount for c in self.claims.all() if c.amount is not None), Decimal("0"))


class FilingParty(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(_("ID number / credit code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    is_self = models.BooleanField(_("this is me"), default=False)
    abroad = models.BooleanField(
        _("no domicile in China"),
        default=False,
        help_text=_(
            "Periods run 30 days for a party without domicile in China (CPL Art. 285-286)."
        ),
    )

    class Meta:
        ordering = [PARTY_ROLE_ORDER, "position"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    def clean(self) -> None:
        self.id_number = (self.id_number or "").strip().upper()
        if self.role == PartyRole.PLAINTIFF and not self.id_number:
            raise ValidationError(
                {"id_number": _("A plaintiff must give an ID number or credit code.")}
            )
        if not self.id_number:
            return
        if self.kind == PartyKind.PERSON:
            check = check_citizen_id(self.id_number)
            messages = ID_CHECK_MESSAGES
        else:
            check = check_uscc(self.id_number)
            messages = USCC_CHECK_MESSAGES
        if not check.valid:
            raise ValidationError({"id_number": messages.get(check.code or "", check.reason)})

    @property
    def masked_id_number(self) -> str:
        """Shown on the review page until the officer asks for it in full."""
        n = self.id_number or ""
        return f"{n[:3]}{'*' * (len(n) - 7)}{n[-4:]}" if len(n) > 7 else n


class FilingAgent(AgentDetails):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(FilingParty, on_delete=models.CASCADE, related_name="agents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    power_of_attorney = models.ForeignKey(
        "FilingAttachment",
        verbose_name=_("power of attorney"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class FilingClaim(ClaimDetails):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="claims")


class AttachmentKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    EVIDENCE = "evidence", _("Evidence")
    IDENTITY = "identity", _("Identity document")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
    OTHER = "other", _("Other")


class FilingAttachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=24, choices=AttachmentKind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class AcceptanceBatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")


class AcceptanceBatch(models.Model):
    """Many filings accepted at once by one filing officer (e.g. a prison's batch of
    complaints). Each acceptance is still its own transaction and ledger event; a filing that
    cannot be accepted is reported on its row and the others go on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filing officer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure = models.CharField(_("procedure"), max_length=20, default="ordinary")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AcceptanceBatchStatus.choices,
        default=AcceptanceBatchStatus.PENDING,
    )
    total = models.PositiveIntegerField(_("filings"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("acceptance batch")
        verbose_name_plural = _("acceptance batches")

    def __str__(self) -> str:
        return f"{self.court_id} × {self.total}"

    @property
    def processed(self) -> int:
        return self.accepted + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.processed * 100 / self.total)


class AcceptanceBatchItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    FAILED = "failed", _("Not accepted")


class AcceptanceBatchItem(models.Model):
    batch = models.ForeignKey(AcceptanceBatch, on_delete=models.CASCADE, related_name="items")
    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AcceptanceBatchItemStatus.choices,
        default=AcceptanceBatchItemStatus.PENDING,
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("acceptance batch item")
        verbose_name_plural = _("acceptance batch items")

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.position}"
