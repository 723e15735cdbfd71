"""Disputes mediated before (or instead of) a case: the network of organisations and
mediators, the parties' consent, the message thread with its private side threads, the
agreement's signed versions, and the outcome (judicial confirmation, a filing, withdrawal)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Speciality(models.TextChoices):
    TRAFFIC = "traffic", _("Traffic accidents")
    LENDING = "lending", _("Loans and lending")
    PROPERTY = "property", _("Property and neighbours")
    FAMILY = "family", _("Marriage and family")
    LABOUR = "labour", _("Labour")
    COMMERCIAL = "commercial", _("Commercial and financial")


def _join_specialities(values: list[str]) -> str:
    """The specialities' names as a list people read: 、 between them in Chinese."""
    sep = "、" if (get_language() or "").startswith("zh") else ", "
    return sep.join(str(Speciality(v).label) for v in values if v in Speciality.values)


class OrganisationKind(models.TextChoices):
    PEOPLES = "peoples", _("People's mediation committee")
    TRADE = "trade", _("Trade association")
    LAWYERS = "lawyers", _("Lawyers' mediation office")
    INVITED = "invited", _("Court-invited mediators (特邀调解)")


class MediationOrganisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="mediation_organisations"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=OrganisationKind.choices)
    specialities = models.JSONField(_("specialities"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="mediation_org_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def speciality_labels(self) -> str:
        return _join_specialities(self.specialities)


class Mediator(models.Model):
    """A mediator's profile on the network (the person logs in as a user)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(USER, on_delete=models.PROTECT, related_name="mediator_profile")
    organisation = models.ForeignKey(
        MediationOrganisation, on_delete=models.PROTECT, related_name="mediators"
    )
    specialities = models.JSONField(_("specialities"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=40, blank=True)
    profile = models.TextField(_("profile"), blank=True)
    active = models.BooleanField(_("taking disputes"), default=True)

    class Meta:
        ordering = ["user__name"]

    def __str__(self) -> str:
        return self.user.name

    def speciality_labels(self) -> str:
        return _join_specialities(self.specialities)


class DisputeStatus(models.TextChoices):
    RECEIVED = "received", _("Received: awaiting mediator and consent")
    MEDIATING = "mediating", _("Mediating")
    AGREED = "agreed", _("Agreement signed")
    CONFIRMATION = "confirmation", _("Judicial confirmation applied for")
    CONFIRMED = "confirmed", _("Agreement judicially confirmed")
    CONFIRMATION_REFUSED = "confirmation_refused", _("Judicial confirmation refused")
    REFUSED = "refused", _("Mediation refused by a party")
    CONVERTED = "converted", _("Mediation failed: sent to filing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset({DisputeStatus.RECEIVED, DisputeStatus.MEDIATING})
# A dispute resolved by agreement cannot be turned into a lawsuit.
RESOLVED_STATUSES = frozenset(
    {DisputeStatus.AGREED, DisputeStatus.CONFIRMATION, DisputeStatus.CONFIRMED}
)
CONVERTIBLE_STATUSES = frozenset(
    {
        DisputeStatus.RECEIVED,
        DisputeStatus.MEDIATING,
        DisputeStatus.REFUSED,
        DisputeStatus.CONFIRMATION_REFUSED,
    }
)


class Origin(models.TextChoices):
    PERSON = "person", _("Registered by a party")
    INSTITUTION = "institution", _("Registered by an institution")
    FILING = "filing", _("Guided from a filing (诉前调解)")


class AssignmentMethod(models.TextChoices):
    COORDINATOR = "coordinator", _("Designated by the coordinator")
    RULES = "rules", _("Designated by the rules (speciality, region, caseload)")
    JOINT_CHOICE = "joint_choice", _("Chosen jointly by the parties")


class Dispute(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=40, unique=True)
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="disputes")
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    filing = models.OneToOneField(
        "filing.Filing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispute",
        help_text="The waiting filing this dispute was guided from, if any.",
    )
    cause_name = models.CharField(_("cause of action"), max_length=100)
    speciality = models.CharField(_("speciality"), max_length=12, choices=Speciality.choices)
    region = models.CharField(_("region"), max_length=40, blank=True)
    claim = models.TextField(_("claim"))
    amount = models.DecimalField(
        _("amount claimed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    facts = models.TextField(_("facts"))
    status = models.CharField(
        _("status"), max_length=24, choices=DisputeStatus.choices, default=DisputeStatus.RECEIVED
    )
    received_on = models.DateField(_("received on"))
    joint_choice_due = models.DateField(_("joint choice by"))
    designation_due = models.DateField(_("designate by"))
    mediator = models.ForeignKey(
        Mediator, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    assignment_method = models.CharField(
        _("how assigned"), max_length=16, choices=AssignmentMethod.choices, blank=True
    )
    assigned_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    assigned_late = models.BooleanField(_("assigned outside the clock"), default=False)
    started_on = models.DateField(_("mediation started"), null=True, blank=True)
    period_end = models.DateField(_("mediation period ends"), null=True, blank=True)
    undisputed_facts = models.TextField(_("undisputed facts (无争议事实记载)"), blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    converted_filing = models.OneToOneField(
        "filing.Filing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="from_dispute",
    )
    confirmation_case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmed_dispute",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["court", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_resolved(self) -> bool:
        return self.status in RESOLVED_STATUSES

    @property
    def can_convert(self) -> bool:
        return self.status in CONVERTIBLE_STATUSES


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")


class Consent(models.TextChoices):
    PENDING = "pending", _("Invited, not yet answered")
    GIVEN = "given", _("Consented to mediation")
    REFUSED = "refused", _("Refused mediation")


class DisputeParty(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    side = models.CharField(_("side"), max_length=12, choices=PartySide.choices)
    kind = models.CharField(_("kind"), max_length=16, default="person")
    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(_("ID number / credit code"), max_length=20, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    address = models.CharField(_("address for service"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address_confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="dispute_parties"
    )
    consent = models.CharField(
        _("consent"), max_length=10, choices=Consent.choices, default=Consent.PENDING
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    chosen_mediator = models.ForeignKey(
        Mediator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """One post in the dispute's thread. ``side`` set: the private (背对背) thread between the
    mediator and that party only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="messages")
    side = models.ForeignKey(
        DisputeParty, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    author_party = models.ForeignKey(
        DisputeParty, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("message"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return self.text[:40]


class EvidenceItem(models.Model):
    """Evidence a party put forward in the mediation (carried into a filing if it fails)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="evidence")
    party = models.ForeignKey(DisputeParty, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("evidence"), max_length=200)
    purpose = models.CharField(_("what it proves"), max_length=300, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return self.title


class Extension(models.Model):
    """An extension of the mediation period, by consent of every party (Art. 24)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    consent_note = models.CharField(_("how every party consented"), max_length=200)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    new_end = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"+{self.days}"


class MatterConcerned(models.TextChoices):
    ORDINARY = "", _("Ordinary civil rights and obligations")
    IDENTITY = "identity", _("Identity relations (marriage, parentage, adoption)")
    SPECIAL = "special_procedure", _("Special procedure, public summons or bankruptcy")
    TITLE = "title", _("Confirmation of title to property or IP")


class Agreement(models.Model):
    """One version of the mediation agreement. A new text is a new version: signatures of an
    older version do not carry over."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField()
    text = models.TextField(_("terms"))
    concerns = models.CharField(
        _("the agreement concerns"),
        max_length=20,
        choices=MatterConcerned.choices,
        blank=True,
        default="",
    )
    sha256 = models.CharField(max_length=64)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "version"], name="mediation_agreement_version"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.sha256[:12]}"


class AgreementSignature(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey(DisputeParty, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"], name="mediation_signature_once_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.sha256[:12]}"


class ConfirmationDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed valid")
    REFUSED = "refused", _("Application refused")


class ConfirmationRuling(models.Model):
    """The judge's ruling on the application for judicial confirmation (民特 case)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="ruling")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=ConfirmationDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    judge = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    documents = models.ManyToManyField("documents.IssuedDocument", related_name="+", blank=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.decision
