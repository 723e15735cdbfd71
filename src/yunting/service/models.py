"""Service of documents: confirmed addresses with consent, tasks, attempts per channel,
batches for the desk, public notices and identity checks on recipient links."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("Platform inbox")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    POSTAL = "postal", _("Post")
    PUBLIC_NOTICE = "public_notice", _("Public notice")


ELECTRONIC = frozenset({Channel.INBOX, Channel.EMAIL, Channel.SMS})
# The address a party may confirm per channel (public notice needs none).
ADDRESSED = (Channel.INBOX, Channel.EMAIL, Channel.SMS, Channel.POSTAL)


class ConsentSource(models.TextChoices):
    """How the recipient consented to electronic service (《在线诉讼规则》 Art. 29)."""

    EXPRESS = "express", _("Express consent")
    PRIOR_AGREEMENT = "prior_agreement", _("Agreed before the suit")
    FILING = "filing", _("E-address given in a filing")
    ACTED = "acted", _("Acted on a completed service")


class AddressConfirmation(models.Model):
    """One 送达地址确认书: what the party confirmed, when, and the sealed document in the e-file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, related_name="service_confirmations"
    )
    source = models.CharField(_("source of consent"), max_length=20, choices=ConsentSource.choices)
    document = models.ForeignKey(
        "documents.IssuedDocument", null=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("address confirmation")
        verbose_name_plural = _("address confirmations")

    def __str__(self) -> str:
        return f"{self.party.name} {self.confirmed_at:%Y-%m-%d}"


class ServiceAddress(models.Model):
    """An address of a party for one channel; the latest confirmation's rows are current."""

    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="addresses")
    confirmation = models.ForeignKey(
        AddressConfirmation, null=True, on_delete=models.CASCADE, related_name="addresses"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    value = models.CharField(_("address"), max_length=200)
    consent = models.BooleanField(_("consents to electronic service"), default=False)
    source = models.CharField(max_length=20, choices=ConsentSource.choices, blank=True)
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["party_id", "channel", "-created_at"]
        indexes = [models.Index(fields=["party", "channel", "current"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.value}"


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("To serve")
    DISPATCHED = "dispatched", _("Being served")
    SERVED = "served", _("Served")
    FAILED = "failed", _("Failed: choose another channel")
    WITHDRAWN = "withdrawn", _("Withdrawn: no longer to be served")


# A task still to be served: the queue, the overdue count and the closing blocker read this.
OPEN_STATUSES = (TaskStatus.PENDING, TaskStatus.DISPATCHED, TaskStatus.FAILED)

TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.PENDING: frozenset({TaskStatus.DISPATCHED, TaskStatus.WITHDRAWN}),
    TaskStatus.DISPATCHED: frozenset({TaskStatus.SERVED, TaskStatus.FAILED, TaskStatus.WITHDRAWN}),
    TaskStatus.FAILED: frozenset({TaskStatus.DISPATCHED, TaskStatus.SERVED, TaskStatus.WITHDRAWN}),
    # only when the channel that counted turns out not to have reached the party (a bounce
    # after the mail server accepted it): services._withdraw_completion
    TaskStatus.SERVED: frozenset(),
    # 撤回送达: the desk decided the document need not reach this party (services.withdrawal)
    TaskStatus.WITHDRAWN: frozenset(),
}


class ServiceBatch(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service:batch", args=[self.id])


class ServiceTask(models.Model):
    """Serving one document on one party: open until the earliest effective channel lands."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="service_tasks")
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="service_tasks"
    )
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="service_tasks")
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    due_on = models.DateField(_("serve by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        ServiceBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    served_channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    served_address = models.CharField(max_length=200, blank=True)
    basis = models.CharField(_("how completion was determined"), max_length=40, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    receipt = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="service_task_once")
        ]
        indexes = [models.Index(fields=["court", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.document.title} → {self.party.name}"

    def get_absolute_url(self) -> str:
        return reverse("service:task", args=[self.id])


class AttemptStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")  # handed over, not yet effective (postal in the post)
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed: another channel was effective first")


LIVE_ATTEMPTS = frozenset({AttemptStatus.QUEUED, AttemptStatus.SENT})
FAILED_ATTEMPTS = frozenset({AttemptStatus.FAILED, AttemptStatus.BOUNCED, AttemptStatus.RETURNED})


class ServiceAttempt(models.Model):
    """One channel running for one task: its address, what happened, and the recipient link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(ServiceTask, on_delete=models.CASCADE, related_name="attempts")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    confirmed = models.BooleanField(default=False)  # an address the party gave or confirmed
    status = models.CharField(
        max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.QUEUED
    )
    automatic = models.BooleanField(default=False)  # opened by fallback, not by the desk
    provider_ref = models.CharField(max_length=100, blank=True)  # SMS id, Message-ID
    tracking_number = models.CharField(max_length=40, blank=True, db_index=True)
    error = models.CharField(max_length=300, blank=True)
    link_key = models.CharField(max_length=20, blank=True, db_index=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    identity_failures = models.PositiveSmallIntegerField(default=0)
    sms_code_hash = models.CharField(max_length=100, blank=True)  # "<expiry>:<hmac>"
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}"

    @property
    def locked(self) -> bool:
        from .links import MAX_IDENTITY_FAILURES

        return self.identity_failures >= MAX_IDENTITY_FAILURES


class PublicNotice(models.Model):
    """公告送达: published on the court's site, deemed served 30 days later."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.OneToOneField(ServiceTask, on_delete=models.CASCADE, related_name="notice")
    document = models.ForeignKey("documents.IssuedDocument", on_delete=models.PROTECT)
    published_on = models.DateField()
    completes_on = models.DateField()
    completed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return f"公告 {self.task.party.name}"


class ClockReminder(models.Model):
    """A reminder already sent for a running period, so the daily run sends each once."""

    clock = models.ForeignKey("cases.Clock", on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clock", "days_before"], name="service_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.clock_id} −{self.days_before}d"
