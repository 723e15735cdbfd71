"""Document templates (versioned), issued documents, and batches of documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentTemplate(models.Model):
    """One version of a court document template (Django template language, HTML).

    Editing never changes a row: it adds version n+1 and makes it the active one, so every
    issued document can name the exact text it was made from. ``court`` empty: the platform
    default; set: that court's own version, which overrides the default for its documents."""

    court = models.ForeignKey(
        "courts.Court",
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the platform default."),
    )
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("template body"))
    note = models.CharField(_("change note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(court__isnull=True),
                name="doc_template_version",
            ),
            models.UniqueConstraint(
                fields=["court", "code", "version"],
                condition=Q(court__isnull=False),
                name="doc_template_court_version",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_active=True, court__isnull=True),
                name="doc_template_one_active",
            ),
            models.UniqueConstraint(
                fields=["court", "code"],
                condition=Q(is_active=True, court__isnull=False),
                name="doc_template_court_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class IssuedDocument(models.Model):
    """A rendered, sealed and signed document, stored content-addressed and in the ledger."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    template_code = models.CharField(_("template code"), max_length=40)
    template_version = models.PositiveIntegerField(_("template version"))
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=60)
    recipient = models.ForeignKey(
        "cases.Party",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    extra = models.JSONField(_("details given when issuing"), default=dict, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_path = models.CharField(_("storage path"), max_length=200)
    signed_by_judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by judge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    ledger_seq = models.BigIntegerField(_("ledger entry"))
    verification_code = models.CharField(_("verification code"), max_length=11, unique=True)
    batch = models.ForeignKey(
        "documents.Batch",
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        indexes = [models.Index(fields=["case", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.title} {self.verification_code}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:download", args=[self.id])


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")


class Batch(models.Model):
    """Many cases, one template: issued by a background task, failures kept per case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    template_code = models.CharField(_("template code"), max_length=40)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    total = models.PositiveIntegerField(_("cases"), default=0)
    succeeded = models.PositiveIntegerField(_("issued"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document batch")
        verbose_name_plural = _("document batches")

    def __str__(self) -> str:
        return f"{self.template_code} × {self.total}"

    @property
    def processed(self) -> int:
        return self.succeeded + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.processed * 100 / self.total)


class BatchItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ISSUED = "issued", _("Issued")
    FAILED = "failed", _("Failed")


class BatchItem(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchItemStatus.choices, default="pending"
    )
    document = models.ForeignKey(
        IssuedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("batch item")
        verbose_name_plural = _("batch items")

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.position}"


class DocumentRequestStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    DONE = "done", _("Issued")
    FAILED = "failed", _("Failed")


class DocumentRequest(models.Model):
    """A document decided on but not yet made: the acceptance notices are asked for inside
    the acceptance transaction and rendered, sealed and signed by a worker after it commits.

    The legal act (the case, its number, its fees) is fixed when the request is written; the
    request only carries what the document states. A render that fails is retried; after
    ``MAX_ATTEMPTS`` it stays ``failed`` with its error, visible to the court's staff, who can
    send it again. ``links`` names what the issued document must be tied to afterwards (the
    fee order a payment notice tells about)."""

    MAX_ATTEMPTS = 3

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="document_requests",
    )
    template_code = models.CharField(_("template code"), max_length=40)
    recipient = models.ForeignKey(
        "cases.Party",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extra = models.JSONField(_("details given when issuing"), default=dict, blank=True)
    links = models.JSONField(_("links"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentRequestStatus.choices,
        default=DocumentRequestStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.template_code} {self.get_status_display()}"

    @property
    def title(self) -> str:
        from .catalogue import list_title

        return list_title(self.template_code)
