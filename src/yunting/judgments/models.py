"""Judgments and rulings from draft to effect, the panel, closing, trial-limit records,
withdrawal and appeal. State machines are listed here, next to their states."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunting.rules.trial_limits import EXCLUDED_PERIODS

USER = settings.AUTH_USER_MODEL


class DecisionKind(models.TextChoices):
    """What is drafted; each is a template code of the documents app."""

    JUDGMENT = "judgment", _("Judgment (民事判决书)")
    WITHDRAWAL_RULING = "withdrawal_ruling", _("Ruling permitting withdrawal (准予撤诉)")
    TREATED_WITHDRAWN_RULING = (
        "treated_withdrawn_ruling",
        _("Ruling treating the suit as withdrawn (按撤诉处理)"),
    )
    DISMISSAL_RULING = "dismissal_ruling", _("Ruling dismissing the suit (驳回起诉)")
    NOT_ACCEPTED_RULING = "not_accepted_ruling", _("Ruling not to accept the suit (不予受理)")
    TRANSFER_RULING = "transfer_ruling", _("Ruling transferring the case (移送管辖)")


RULING_KINDS = frozenset(
    {
        DecisionKind.WITHDRAWAL_RULING,
        DecisionKind.TREATED_WITHDRAWN_RULING,
        DecisionKind.DISMISSAL_RULING,
        DecisionKind.NOT_ACCEPTED_RULING,
        DecisionKind.TRANSFER_RULING,
    }
)
# Rulings a party may appeal (CPL Art. 157 second paragraph: 不予受理, 管辖权异议, 驳回起诉), within
# 10 days of its own service (30 without domicile in China; Art. 171, 286); the others take
# effect on issue.
APPEALABLE_RULING_KINDS = frozenset(
    {DecisionKind.DISMISSAL_RULING, DecisionKind.NOT_ACCEPTED_RULING}
)
EFFECTIVE_ON_ISSUE_KINDS = RULING_KINDS - APPEALABLE_RULING_KINDS
# What a party can appeal against: judgments and the appealable rulings.
APPEALABLE_KINDS = frozenset({DecisionKind.JUDGMENT}) | APPEALABLE_RULING_KINDS
# What the judge drafts (the withdrawal rulings come from their own flows, issued by the
# system from the application or the unpaid fee: ``outcome._ruling``). Each disposes of the
# case, so where a panel tries it (``panel_required``) the panel decides it and every member
# signs the current version before issue (CPL Art. 40, Art. 155, Art. 157 third paragraph).
DRAFTED_KINDS = (
    DecisionKind.JUDGMENT,
    DecisionKind.DISMISSAL_RULING,
    DecisionKind.NOT_ACCEPTED_RULING,
    DecisionKind.TRANSFER_RULING,
)
PANEL_DECIDED_KINDS = frozenset(DRAFTED_KINDS)


class DraftStatus(models.TextChoices):
    DRAFTING = "drafting", _("Being drafted")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved for issue")
    ISSUED = "issued", _("Signed, sealed and issued")


DRAFT_TRANSITIONS: dict[str, frozenset[str]] = {
    DraftStatus.DRAFTING: frozenset({DraftStatus.AWAITING_APPROVAL, DraftStatus.ISSUED}),
    DraftStatus.AWAITING_APPROVAL: frozenset({DraftStatus.APPROVED, DraftStatus.DRAFTING}),
    DraftStatus.APPROVED: frozenset({DraftStatus.ISSUED, DraftStatus.DRAFTING}),
    DraftStatus.ISSUED: frozenset(),
}


class Draft(models.Model):
    """A judgment or ruling being written; ``sections`` are the editable parts in order,
    ``version`` the number of the last saved text (a save names the version it edited)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(_("kind"), max_length=32, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DraftStatus.choices, default=DraftStatus.DRAFTING
    )
    sections = models.JSONField(_("sections"), default=dict)
    legal_bases = models.JSONField(_("legal bases"), default=list, blank=True)
    fee_burden = models.JSONField(_("fee burden"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    needs_approval = models.BooleanField(_("needs the division head's approval"), default=False)
    flag_reason = models.CharField(_("why (major or difficult)"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} v{self.version}"


class DraftVersion(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField(default=dict)
    legal_bases = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class PanelRole(models.TextChoices):
    PRESIDING = "presiding", _("Presiding judge (审判长)")
    JUDGE = "judge", _("Judge (审判员)")


class PanelMember(models.Model):
    """A member of the collegiate panel (合议庭) of an ordinary-procedure case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=PanelRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="panel_member_once")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.user}"


class Deliberation(models.Model):
    """The panel's deliberation record (合议笔录), filed in the internal volume (副卷)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deliberations")
    held_on = models.DateField(_("held on"))
    opinions = models.JSONField(_("opinions"), default=list)  # [{"member", "opinion"}]
    conclusion = models.TextField(_("conclusion"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    efile_item = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"合议笔录 {self.held_on}"


class ApprovalStage(models.TextChoices):
    PANEL = "panel", _("Panel member sign-off")
    DIVISION_HEAD = "division_head", _("Division head's approval")


class Approval(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="approvals")
    version = models.PositiveIntegerField()
    stage = models.CharField(max_length=16, choices=ApprovalStage.choices)
    approver = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.stage} {self.approver} {self.approved}"


class Decision(models.Model):
    """An issued judgment or ruling: its copies (one served on each party) and its effect."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions")
    draft = models.OneToOneField(Draft, on_delete=models.PROTECT, related_name="decision")
    kind = models.CharField(max_length=32, choices=DecisionKind.choices)
    documents = models.ManyToManyField("documents.IssuedDocument", related_name="+")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    appealed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @property
    def appeal_clock_kind(self) -> str:
        return "appeal_ruling" if self.kind in RULING_KINDS else "appeal_judgment"


class ClosingMethod(models.TextChoices):
    JUDGMENT = "judgment", _("Judgment (判决)")
    MEDIATION = "mediation", _("Mediation (调解)")
    WITHDRAWAL = "withdrawal", _("Withdrawal permitted (准予撤诉)")
    TREATED_WITHDRAWN = "treated_withdrawn", _("Treated as withdrawn (按撤诉处理)")
    DISMISSED = "dismissed", _("Suit dismissed (驳回起诉)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (不予受理)")
    TRANSFERRED = "transferred", _("Transferred to another court (移送管辖)")


# The fee rule (rules.fee_burden outcome) each closing method follows.
METHOD_OUTCOME = {
    ClosingMethod.JUDGMENT: "judgment",
    ClosingMethod.MEDIATION: "mediation",
    ClosingMethod.WITHDRAWAL: "withdrawal",
    ClosingMethod.TREATED_WITHDRAWN: "treated_withdrawn",
    ClosingMethod.DISMISSED: "dismissed",
    ClosingMethod.NOT_ACCEPTED: "not_accepted",
}


class Closing(models.Model):
    """结案: how, when, by which document, and the fee settlement that followed."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="closing")
    method = models.CharField(_("method"), max_length=20, choices=ClosingMethod.choices)
    closed_on = models.DateField(_("closed on"))
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT)
    settlement = models.JSONField(_("fee settlement"), default=dict, blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.case} {self.get_method_display()}"


class SuspensionKind(models.TextChoices):
    PUBLIC_NOTICE = "public_notice", _("Public notice (公告)")
    APPRAISAL = "appraisal", _("Appraisal (鉴定)")
    SETTLEMENT = "settlement", _("Parties' settlement (和解)")
    JURISDICTION_OBJECTION = "jurisdiction_objection", _("Jurisdiction objection (管辖权异议)")
    JURISDICTION_DISPUTE = (
        "jurisdiction_dispute",
        _("Jurisdiction dispute between courts (管辖争议)"),
    )
    AUDIT_VALUATION = "audit_valuation", _("Audit or valuation (审计、评估)")
    SUSPENSION = "suspension", _("Suspension of the action (中止诉讼)")


assert set(SuspensionKind.values) == set(EXCLUDED_PERIODS)


class Suspension(models.Model):
    """A period not counted in the trial limit (``end`` empty while it lasts)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField(_("kind"), max_length=24, choices=SuspensionKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """An extension of the trial limit; counts only once the president approved it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="extensions")
    length = models.PositiveSmallIntegerField(_("length"), validators=[MinValueValidator(1)])
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"+{self.length} {self.status}"


class ProcedureChange(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="procedure_changes"
    )
    from_procedure = models.CharField(max_length=16)
    to_procedure = models.CharField(max_length=16)
    on = models.DateField()
    reason = models.CharField(max_length=200)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on"]

    def __str__(self) -> str:
        return f"{self.from_procedure}→{self.to_procedure}"


class CourtPresident(models.Model):
    """Who approves extensions at a court (院长, or the vice-president in charge)."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "user"], name="court_president_once")
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.user}"


class LimitReminder(models.Model):
    """One reminder sent to a case's judge about its limit (once per state and day)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12)
    sent_on = models.DateField()
    end = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "state", "sent_on"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.state} {self.sent_on}"


class Withdrawal(models.Model):
    """A plaintiff's application to withdraw (撤诉), decided by the judge."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="withdrawals")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    applied_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    applied_on = models.DateField()
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case} 撤诉 {self.status}"


class AppealStatus(models.TextChoices):
    FILED = "filed", _("Appeal lodged")
    TRANSMITTED = "transmitted", _("Sent to the court of appeal")
    DOCKETED = "docketed", _("Docketed at the court of appeal")


APPEAL_TRANSITIONS: dict[str, frozenset[str]] = {
    AppealStatus.FILED: frozenset({AppealStatus.TRANSMITTED}),
    AppealStatus.TRANSMITTED: frozenset({AppealStatus.DOCKETED}),
    AppealStatus.DOCKETED: frozenset(),
}


class Appeal(models.Model):
    """An appeal (上诉) lodged online by a party within its own period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="appeals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField()
    deadline = models.DateField()
    amount = models.DecimalField(
        _("amount appealed"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    requests = models.TextField(_("appeal requests"))
    grounds = models.TextField(_("facts and reasons"))
    fee_order = models.ForeignKey(
        "fees.FeeOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.FILED
    )
    court_of_appeal = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="appeals_received"
    )
    transmitted_at = models.DateTimeField(null=True, blank=True)
    appeal_case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="appeal_origin"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case} 上诉 {self.party}"
