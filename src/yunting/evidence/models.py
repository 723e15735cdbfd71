"""The written preparation of a case: pleadings of the defendant's side, the evidence
exchange (mode, consents, time limits, lists, rounds, opinions, points in dispute, report)
and mediation proposals made during it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yunting.rules import evidence as rules

USER = settings.AUTH_USER_MODEL


class PleadingKind(models.TextChoices):
    DEFENCE = "defence", _("Defence (答辩状)")
    COUNTERCLAIM = "counterclaim", _("Counterclaim (反诉状)")
    THIRD_PARTY_CLAIM = "third_party_claim", _("Third party's independent claim")


class Pleading(models.Model):
    """A defence, counterclaim or third party's claim, filed online by the party's side."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="pleadings")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="pleadings")
    kind = models.CharField(_("kind"), max_length=20, choices=PleadingKind.choices)
    text = models.TextField(_("text"), blank=True)
    claim_amount = models.DecimalField(
        _("amount claimed (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    efile_item = models.ForeignKey(
        "efile.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fee_order = models.ForeignKey(
        "fees.FeeOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("pleading")
        verbose_name_plural = _("pleadings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party.name}"


class Mode(models.TextChoices):
    PENDING = rules.PENDING, _("Awaiting the parties' consent")
    ASYNCHRONOUS = rules.ASYNCHRONOUS, _("Asynchronous exchange online (异步质证)")
    SYNCHRONOUS = rules.SYNCHRONOUS, _("Synchronous exchange at a session")


class Exchange(models.Model):
    """The case's evidence exchange; its mode follows the consents (rules.evidence)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="exchange")
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.PENDING)
    proposed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    evidence_due_on = models.DateField(_("time limit for evidence"), null=True, blank=True)
    report = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence exchange")
        verbose_name_plural = _("evidence exchanges")

    def __str__(self) -> str:
        return f"{self.case} {self.get_mode_display()}"


class Consent(models.Model):
    """One party's answer to the proposal of asynchronous exchange: a recorded act."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="consents")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="+")
    agreed = models.BooleanField(_("agreed"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exchange", "party"], name="consent_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.agreed}"


class RequestKind(models.TextChoices):
    EXTENSION = "extension", _("Extension of the time limit for evidence")
    LEAVE = "leave", _("Leave to submit evidence late")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class TimeRequest(models.Model):
    """A party's application for more time (before the limit) or for leave (after it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="requests")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices)
    until = models.DateField(_("until"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party} → {self.until}"


class RoundKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission of evidence")
    OPINIONS = "opinions", _("Opinions on the other side's evidence")
    REPLIES = "replies", _("Replies to the opinions")


class Round(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(_("round"), max_length=12, choices=RoundKind.choices)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "number"], name="round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_kind_display()}"


class EvidenceItem(models.Model):
    """One line of a party's evidence list (证据目录)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evidence")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="evidence")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200)
    purpose = models.TextField(_("what it is to prove (证明目的)"))
    page_from = models.PositiveIntegerField(_("first page"), default=1)
    page_to = models.PositiveIntegerField(_("last page"), default=1)
    original_available = models.BooleanField(_("original available"), default=False)
    efile_item = models.ForeignKey(
        "efile.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pleading = models.ForeignKey(
        Pleading, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    late = models.BooleanField(_("submitted late"), default=False)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["party__role", "party__position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["party", "number"], name="evidence_number_unique"),
            models.CheckConstraint(
                condition=Q(page_to__gte=models.F("page_from")), name="evidence_pages_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party.name} {self.number}. {self.name}"


class Verdict(models.TextChoices):
    ADMIT = rules.ADMIT, _("Admitted")
    DISPUTE = rules.DISPUTE, _("Not admitted")


class OpinionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (only your side sees it)")
    SUBMITTED = "submitted", _("Submitted")


class Opinion(models.Model):
    """A side's 质证意见 on another side's item (or, with ``reply_to``, the submitter's reply).
    A draft belongs to the party, so its agents share one; submission is final: a change is
    a new opinion that ``supersedes`` the old, and both stay on record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="opinions")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="opinions")
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authenticity = models.CharField(
        _("authenticity"), max_length=8, choices=Verdict.choices, blank=True
    )
    legality = models.CharField(_("legality"), max_length=8, choices=Verdict.choices, blank=True)
    relevance = models.CharField(_("relevance"), max_length=8, choices=Verdict.choices, blank=True)
    purpose = models.CharField(
        _("what it is to prove"), max_length=8, choices=Verdict.choices, blank=True
    )
    authenticity_reason = models.TextField(_("reason on authenticity"), blank=True)
    legality_reason = models.TextField(_("reason on legality"), blank=True)
    relevance_reason = models.TextField(_("reason on relevance"), blank=True)
    purpose_reason = models.TextField(_("reason on what it is to prove"), blank=True)
    text = models.TextField(_("further remarks"), blank=True)
    status = models.CharField(
        max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "party", "round"],
                condition=Q(status="draft"),
                name="opinion_one_draft_per_side",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} → {self.item} ({self.status})"

    @property
    def verdicts(self) -> dict[str, str]:
        return {
            "authenticity": self.authenticity,
            "legality": self.legality,
            "relevance": self.relevance,
            "purpose": self.purpose,
        }


class DisputePoint(models.Model):
    """A point in dispute (争议焦点) recorded by the court, linked to items and opinions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("point in dispute"), max_length=300)
    items = models.ManyToManyField(EvidenceItem, blank=True, related_name="points")
    opinions = models.ManyToManyField(Opinion, blank=True, related_name="points")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class PointComment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    point = models.ForeignKey(DisputePoint, on_delete=models.CASCADE, related_name="comments")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return self.text[:40]


class Visibility(models.TextChoices):
    COURT = "court", _("The court only")
    ALL = "all", _("The court and all parties")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFUSED = "refused", _("Refused")
    COUNTERED = "countered", _("Answered by a counter-proposal")
    AGREED = "agreed", _("Accepted by all parties")


class Proposal(models.Model):
    """A mediation proposal posted during the exchange (异步调解)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proposals")
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty: posted by the court
    visibility = models.CharField(_("visible to"), max_length=8, choices=Visibility.choices)
    text = models.TextField(_("proposal"))
    counter_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="counters"
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class Answer(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    REFUSE = "refuse", _("Refused")
    COUNTER = "counter", _("Countered")


class ProposalAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=8, choices=Answer.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "party"], name="proposal_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.answer}"


class Agreement(models.Model):
    """The mediation agreement drafted when every party accepted a proposal; signed by all,
    then the court issues the 民事调解书 from it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="agreement")
    text = models.TextField(_("terms"))
    sha256 = models.CharField(max_length=64)
    statement = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 民事调解书 takes effect once every party signed for its copy (CPL Art. 100): the date of
    # the last receipt. A party refusing it before its own receipt (反悔, Art. 102) stops it.
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    refused_by = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.text[:40]


class StatementCopy(models.Model):
    """One party's copy of the 民事调解书 and when the service app recorded its receipt (签收:
    the completed service of that copy)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="copies")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="statement_copy"
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["party__position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="statement_copy_once")
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.received_at or '-'}"


class Signature(models.Model):
    """A party's electronic signature of the agreement: who, when, and the hash of the exact
    terms signed (a later change of the terms could not carry it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="signature_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.at:%Y-%m-%d}"
