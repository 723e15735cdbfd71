"""A case once accepted: its number, parties, claims and the people handling it."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunting.rules.case_numbers import CaseNumber


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    IN_TRIAL = "in_trial", _("In trial")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


# The only transitions a case may make; anything else is refused by cases.services.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.ACCEPTED: frozenset({CaseStatus.IN_TRIAL, CaseStatus.CLOSED}),
    CaseStatus.IN_TRIAL: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ARCHIVED}),
    CaseStatus.ARCHIVED: frozenset(),
}


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary procedure")
    SUMMARY = "summary", _("Summary procedure")
    SMALL_CLAIMS = "small_claims", _("Small claims")


class CaseNumberCounter(models.Model):
    """The last serial used per court, year and type: the row is locked while a number is
    taken, so numbers have no gap and no duplicate even under concurrent acceptance."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    type_code = models.CharField(max_length=8)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "type_code"], name="case_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.court.code} {self.year} {self.type_code}: {self.last_serial}"


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="cases"
    )
    department = models.ForeignKey(
        "courts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    type_code = models.CharField(_("type code"), max_length=8)
    serial = models.PositiveIntegerField(_("serial"))
    procedure = models.CharField(
        _("procedure"), max_length=16, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    cause_code = models.CharField(_("cause of action code"), max_length=20, blank=True)
    cause_name = models.CharField(_("cause of action"), max_length=100)
    cause_revision = models.CharField(_("catalogue revision"), max_length=20, blank=True)
    claim_amount = models.DecimalField(
        _("amount claimed"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    facts = models.TextField(_("facts and reasons"), blank=True)
    acceptance_fee = models.DecimalField(
        _("acceptance fee"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACCEPTED
    )
    accepted_on = models.DateField(_("accepted on"))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_judge",
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_clerk",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-accepted_on", "-serial"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "type_code", "serial"], name="case_serial_unique"
            )
        ]
        indexes = [models.Index(fields=["court", "status"])]

    def __str__(self) -> str:
        return self.case_number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.id])

    @property
    def number(self) -> CaseNumber:
        return CaseNumber(
            year=self.year, court_code=self.court.code, type_code=self.type_code, serial=self.serial
        )


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("Plaintiff")
    DEFENDANT = "defendant", _("Defendant")
    THIRD_PARTY = "third_party", _("Third party")


# Plaintiffs first, then defendants, then third parties: the order of every court document.
PARTY_ROLE_ORDER = models.Case(
    models.When(role="plaintiff", then=models.Value(0)),
    models.When(role="defendant", then=models.Value(1)),
    default=models.Value(2),
)


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Organisation")


class Party(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(_("ID type"), max_length=16, blank=True)
    id_number = models.CharField(_("ID number / credit code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parties",
    )
    position = models.PositiveSmallIntegerField(default=0)
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


class AgentDetails(models.Model):
    """Who an agent is; shared by the filing's agents and the case's agents."""

    name = models.CharField(_("name"), max_length=60)
    law_firm = models.CharField(_("law firm"), max_length=100, blank=True)
    licence_number = models.CharField(_("practising licence number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.name


class Agent(AgentDetails):
    """A lawyer or other agent (诉讼代理人) acting for a party; sees the case like the party."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="agents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
    )


class ClaimDetails(models.Model):
    """One claim (诉讼请求) and its amount; shared by filings and cases."""

    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("claim"))
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
    )

    class Meta:
        abstract = True
        ordering = ["position"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return self.text[:40]


class Claim(ClaimDetails):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")


class Recusal(models.Model):
    """A judge who must not be assigned cases involving this party (by ID or, failing that,
    by exact name): kinship, former employment, a declared interest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusals"
    )
    party_name = models.CharField(_("party name"), max_length=100, blank=True)
    party_id_number = models.CharField(
        _("party ID number / credit code"), max_length=20, blank=True
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party_name="", party_id_number=""),
                name="recusal_names_a_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge} ≠ {self.party_name or self.party_id_number}"


class ClockKind(models.TextChoices):
    """The legal periods a case runs for its parties. Each but ``evidence`` (a court-set time
    limit) has its length in ``rules.deadlines.PERIODS`` under the same name."""

    DEFENCE = "defence", _("Defence period (答辩期)")
    EVIDENCE = "evidence", _("Time limit for evidence (举证期限)")
    PAYMENT = "payment", _("Fee payment period")
    APPEAL_JUDGMENT = "appeal_judgment", _("Appeal period against the judgment")
    APPEAL_RULING = "appeal_ruling", _("Appeal period against the ruling")
    PUBLIC_NOTICE = "public_notice", _("Service by public notice completes")
    PAYMENT_ORDER = "payment_order", _("Objection period against the payment order")


COURT_SET_CLOCKS = frozenset({ClockKind.EVIDENCE})


class Clock(models.Model):
    """One legal period running for one party (or for the whole case when ``party`` is empty):
    started by a service date, ended by its due date or stopped early by the act it waits for
    (a defence filed, an appeal lodged). ``source`` names what started it (``service:<id>``,
    ``document:<id>``) so the same service never starts the same clock twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="clocks"
    )
    kind = models.CharField(_("period"), max_length=20, choices=ClockKind.choices)
    starts_on = models.DateField(_("runs from"))
    due_on = models.DateField(_("ends on"))
    basis = models.CharField(_("legal basis"), max_length=120, blank=True)
    source = models.CharField(max_length=80, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "kind"]
        verbose_name = _("legal period")
        verbose_name_plural = _("legal periods")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "kind", "source"], name="clock_once_per_source"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=models.Q(stopped_at=None), name="clock_running_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

    @property
    def running(self) -> bool:
        return self.stopped_at is None
