"""The electronic case file (电子卷宗): one per case, two volumes (正卷 public, 副卷 internal),
items in the standard order of kinds, each item's pages with their text layer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VolumeKind(models.TextChoices):
    MAIN = "main", _("Public volume (正卷)")
    SUB = "sub", _("Internal volume (副卷)")


class ItemKind(models.TextChoices):
    """Kinds of item, in the standard order of a volume (the order of the choices)."""

    COMPLAINT = "complaint", _("Complaint (起诉状)")
    IDENTITY = "identity", _("Identity of the parties (当事人身份证明)")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney (授权委托书)")
    EVIDENCE = "evidence", _("Evidence (证据)")
    ACCEPTANCE_NOTICE = "acceptance_notice", _("Acceptance notice (受理通知书)")
    FEE = "fee", _("Fee notices and receipts (交费凭证)")
    SERVICE_PROOF = "service_proof", _("Proof of service (送达回证)")
    TRANSCRIPT = "transcript", _("Transcripts (笔录)")
    JUDGMENT = "judgment", _("Judgments and rulings (裁判文书)")
    DELIBERATION = "deliberation", _("Deliberation records (合议笔录)")
    APPROVAL = "approval", _("Approvals (审批材料)")
    INTERNAL_NOTE = "internal_note", _("Internal notes (内部意见)")
    OTHER = "other", _("Other (其他材料)")


KIND_ORDER = {value: n for n, value in enumerate(ItemKind.values)}
SUB_KINDS = frozenset({ItemKind.DELIBERATION, ItemKind.APPROVAL, ItemKind.INTERNAL_NOTE})


class EfileStatus(models.TextChoices):
    OPEN = "open", _("Being built")
    ARCHIVED = "archived", _("Archived (read-only)")
    BORROWED = "borrowed", _("Borrowed back (调卷)")


EFILE_TRANSITIONS: dict[str, frozenset[str]] = {
    EfileStatus.OPEN: frozenset({EfileStatus.ARCHIVED}),
    EfileStatus.ARCHIVED: frozenset({EfileStatus.BORROWED}),
    EfileStatus.BORROWED: frozenset({EfileStatus.ARCHIVED}),
}


class Efile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="efile"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EfileStatus.choices, default=EfileStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-file")
        verbose_name_plural = _("e-files")

    def __str__(self) -> str:
        return f"e-file {self.case_id}"

    @property
    def read_only(self) -> bool:
        return self.status == EfileStatus.ARCHIVED


class Volume(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    efile = models.ForeignKey(Efile, on_delete=models.CASCADE, related_name="volumes")
    kind = models.CharField(_("volume"), max_length=8, choices=VolumeKind.choices)
    # Bumped by every change of the catalogue: a clerk's edit names the version it was made
    # on, so two clerks re-ordering at once cannot silently overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        ordering = ["efile", "kind"]
        verbose_name = _("volume")
        verbose_name_plural = _("volumes")
        constraints = [
            models.UniqueConstraint(fields=["efile", "kind"], name="efile_volume_one_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class OcrStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Text layer present")
    PENDING = "pending", _("Waiting for text recognition")
    RUNNING = "running", _("Recognising text")
    DONE = "done", _("Text recognised")
    NO_TEXT = "no_text", _("No text found")
    FAILED = "failed", _("Recognition failed")


class Item(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volume = models.ForeignKey(Volume, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=24, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    storage_path = models.CharField(_("storage path"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    source = models.CharField(_("source"), max_length=40, blank=True)
    source_id = models.CharField(_("source id"), max_length=40, blank=True)
    dated = models.DateField(_("date"))
    ocr_status = models.CharField(
        _("text recognition"), max_length=12, choices=OcrStatus.choices, default=OcrStatus.PENDING
    )
    ocr_pages_done = models.PositiveIntegerField(_("pages recognised"), default=0)
    ocr_error = models.CharField(_("recognition error"), max_length=300, blank=True)
    suggested_label = models.CharField(_("recognised as"), max_length=20, blank=True)
    suggested_kind = models.CharField(
        _("suggested kind"), max_length=24, choices=ItemKind.choices, blank=True
    )
    fields = models.JSONField(_("extracted fields"), default=dict, blank=True)
    kind_confirmed = models.BooleanField(_("kind confirmed"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["volume", "position"]
        verbose_name = _("e-file item")
        verbose_name_plural = _("e-file items")
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class PageText(models.Model):
    """The text layer of one page (from the PDF itself or from OCR) and its search tokens."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="texts")
    page = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    tokens = models.TextField(_("search tokens"), blank=True)
    source = models.CharField(_("source"), max_length=8)  # "pdf" | "ocr"

    class Meta:
        ordering = ["item", "page"]
        constraints = [
            models.UniqueConstraint(fields=["item", "page"], name="efile_pagetext_one_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} p{self.page}"


class Archive(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    efile = models.ForeignKey(Efile, on_delete=models.PROTECT, related_name="archives")
    files = models.JSONField(_("files"), default=dict)  # name -> {"path", "sha256"}
    manifest_sha256 = models.CharField(_("manifest SHA-256"), max_length=64)
    ledger_seq = models.BigIntegerField(_("ledger entry"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("archive")
        verbose_name_plural = _("archives")

    def __str__(self) -> str:
        return f"archive {self.efile_id} {self.created_at:%Y-%m-%d}"


class BorrowStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved (borrowed)")
    RETURNED = "returned", _("Returned")


class Borrow(models.Model):
    """调卷: taking an archived e-file back for changes, asked for and approved, recorded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    efile = models.ForeignKey(Efile, on_delete=models.PROTECT, related_name="borrows")
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=BorrowStatus.choices, default=BorrowStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("borrowing")
        verbose_name_plural = _("borrowings")

    def __str__(self) -> str:
        return f"borrow {self.efile_id} {self.status}"
