"""A judgment's publication online (裁判文书公开): the anonymized text under review, then
published (a sealed PDF on the public page) or withheld for a statutory reason."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class PublicationStatus(models.TextChoices):
    REVIEW = "review", _("Awaiting review for publication")
    PUBLISHED = "published", _("Published online")
    WITHHELD = "withheld", _("Not published online")


PUBLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    PublicationStatus.REVIEW: frozenset({PublicationStatus.PUBLISHED, PublicationStatus.WITHHELD}),
    PublicationStatus.PUBLISHED: frozenset(),
    PublicationStatus.WITHHELD: frozenset(),
}


class WithheldReason(models.TextChoices):
    """《最高人民法院关于人民法院在互联网公布裁判文书的规定》(法释〔2016〕19号) 第四条."""

    STATE_SECRET = "state_secret", _("Involves state secrets (涉及国家秘密), Art. 4(1)")
    MINOR_CRIME = "minor_crime", _("A crime committed by a minor (未成年人犯罪), Art. 4(2)")
    MEDIATION = (
        "mediation",
        _("Closed by mediation or confirming a mediation agreement (调解结案), Art. 4(3)"),
    )
    DIVORCE = (
        "divorce",
        _("Divorce, or custody or guardianship of minor children (离婚、抚养监护), Art. 4(4)"),
    )
    OTHER = "other", _("Other reason the court finds publication unsuitable (Art. 4(5))")


class Publication(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.OneToOneField(
        "judgments.Decision", on_delete=models.PROTECT, related_name="publication"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.REVIEW,
    )
    # Copied from the case so the public page reads one table.
    case_number = models.CharField(_("case number"), max_length=40, db_index=True)
    cause_name = models.CharField(_("cause of action"), max_length=100, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    decided_on = models.DateField(_("effective on"))
    title = models.CharField(_("title"), max_length=100)
    original_text = models.TextField(_("original text"))
    text = models.TextField(_("text to publish"))
    replacements = models.JSONField(_("replacements"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withheld_reason = models.CharField(
        _("why not published"), max_length=20, choices=WithheldReason.choices, blank=True
    )
    withheld_note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    storage_path = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.case_number} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("publication:review", args=[self.id])

    @property
    def public_url(self) -> str:
        return reverse("publication:public_detail", args=[self.id])
