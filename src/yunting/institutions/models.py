"""Institution accounts (机构用户) on the API: keys, their request log, idempotency records,
batch filings and webhooks, with the events an institution receives."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scope(models.TextChoices):
    READ = "read", pgettext_lazy("api key scope", "Read")
    FILE = "file", pgettext_lazy("api key scope", "File")
    PAY = "pay", pgettext_lazy("api key scope", "Pay")
    DEPOSIT = "deposit", pgettext_lazy("api key scope", "Deposit evidence hashes (存证)")


class ApiKey(models.Model):
    """One named key of an institution. Only its SHA-256 is kept: the key itself (high-entropy,
    random) is shown once when made or rotated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class KeyRequest(models.Model):
    """Every request made with a key: what, when, and the answer's status."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="requests")
    time = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-time"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class IdempotencyRecord(models.Model):
    """The first answer to a create made with an ``Idempotency-Key``; a repeat with the same
    body gets it back, one with another body is refused."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotency_once")]

    def __str__(self) -> str:
        return self.key


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Processing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Batch(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filing_batches"
    )
    name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(max_length=8)
    source_path = models.CharField(max_length=200)
    attachments_path = models.CharField(max_length=200, blank=True)
    source_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("filing batch")

    def __str__(self) -> str:
        return self.name


class BatchFiling(models.Model):
    """A filing made by a batch row: how the review queue groups them."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="filings")
    filing = models.OneToOneField(
        "filing.Filing", on_delete=models.CASCADE, related_name="batch_link"
    )
    row = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.batch_id} #{self.row}"


class InstitutionFile(models.Model):
    """A file uploaded before a batch and referenced there by its SHA-256."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=1)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="institution_file_once")
        ]

    def __str__(self) -> str:
        return self.name


class OutEvent(models.Model):
    """An event for one institution, made from a ledger entry: what webhooks deliver and what
    ``/api/v1/events`` serves (the same rows)."""

    seq = models.BigAutoField(primary_key=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    event = models.CharField(max_length=48)
    entry_seq = models.BigIntegerField()
    time = models.DateTimeField()
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "entry_seq"], name="out_event_once")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event}"


class FanOutCursor(models.Model):
    """The last ledger entry turned into events (one row, locked while advancing)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last_seq)


class WebhookEndpoint(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=80)
    is_active = models.BooleanField(default=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(OutEvent, on_delete=models.CASCADE)
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    log = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="delivery_once")]

    def __str__(self) -> str:
        return f"{self.endpoint_id} {self.event_id} {self.status}"


class PartyServiceConsent(models.Model):
    """What the standard carries beyond the filing's party: an email for service and the
    party's consent to electronic service (同意电子送达)."""

    party = models.OneToOneField(
        "filing.FilingParty", on_delete=models.CASCADE, related_name="service_consent"
    )
    email = models.EmailField(blank=True)
    electronic_service = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(self.party_id)


class DisputeRef(models.Model):
    """A dispute an institution registered through the API, with its own reference (its loan
    number): the same reference twice is refused, so a resent item is not a second dispute."""

    dispute = models.OneToOneField(
        "mediation.Dispute", on_delete=models.CASCADE, related_name="institution_ref"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ref = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "ref"],
                condition=~models.Q(ref=""),
                name="dispute_ref_unique_per_owner",
            )
        ]

    def __str__(self) -> str:
        return self.ref or str(self.dispute_id)
