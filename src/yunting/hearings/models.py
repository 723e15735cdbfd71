"""Hearings: when and where a case is heard, who takes part, how they joined, what was said.

``Participant`` rows carry the hearing's times (denormalised) so the conflict query for a
person is one indexed range scan over their own rows, whatever the number of hearings."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class HearingKind(models.TextChoices):
    TRIAL = "trial", _("Trial (开庭)")
    INQUIRY = "inquiry", _("Inquiry (询问)")
    MEDIATION = "mediation", _("Mediation (调解)")
    EVIDENCE = "evidence", _("Evidence exchange (证据交换)")


class HearingStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Time being agreed")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# A scheduled or running hearing holds its people and room; others hold nothing.
BOOKED = (HearingStatus.SCHEDULED, HearingStatus.OPEN)
MAX_DURATION_MINUTES = 480
MAX_DURATION = dt.timedelta(minutes=MAX_DURATION_MINUTES)  # bounds the conflict query


class MediaMode(models.TextChoices):
    P2P = "p2p", _("Peer-to-peer (up to 6 participants)")
    SFU = "sfu", _("External media server (LiveKit)")


class CourtroomMedia(models.Model):
    """How a courtroom's online hearings carry media: peer-to-peer, or through an SFU."""

    courtroom = models.OneToOneField(
        "courts.Courtroom", on_delete=models.CASCADE, related_name="media"
    )
    mode = models.CharField(_("media"), max_length=8, choices=MediaMode.choices, default="p2p")
    sfu_url = models.CharField(
        _("SFU address"), max_length=200, blank=True, help_text=_("e.g. wss://sfu.court.example")
    )

    class Meta:
        verbose_name = _("courtroom media")
        verbose_name_plural = _("courtroom media")

    def __str__(self) -> str:
        return f"{self.courtroom} · {self.mode}"


class Hearing(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearings")
    kind = models.CharField(_("kind"), max_length=12, choices=HearingKind.choices)
    courtroom = models.ForeignKey(
        "courts.Courtroom", on_delete=models.PROTECT, related_name="hearings"
    )
    online = models.BooleanField(_("online"), default=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=HearingStatus.choices, default="negotiating"
    )
    recording = models.BooleanField(_("recording on"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_day_at = models.DateTimeField(null=True, blank=True)  # the day-before reminder
    reminded_hour_at = models.DateTimeField(null=True, blank=True)  # the hour-before reminder

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["courtroom", "starts_at"], name="hearing_room_time")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.starts_at or ''}"


class ParticipantRole(models.TextChoices):
    JUDGE = "judge", _("Presiding judge")
    PANEL = "panel", _("Panel member")
    CLERK = "clerk", _("Clerk")
    PARTY = "party", _("Party")
    LAWYER = "lawyer", _("Agent / lawyer")
    WITNESS = "witness", _("Witness")


# Who cannot be in two places at once (a party may send an agent, a witness is called once).
EXCLUSIVE_ROLES = (
    ParticipantRole.JUDGE,
    ParticipantRole.PANEL,
    ParticipantRole.CLERK,
    ParticipantRole.LAWYER,
)
STAFF_PARTICIPANTS = (ParticipantRole.JUDGE, ParticipantRole.PANEL, ParticipantRole.CLERK)


def _token() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    """A person taking part in one hearing, with their consent, checks and room state."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hearing_roles",
    )
    role = models.CharField(_("role"), max_length=8, choices=ParticipantRole.choices)
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    # Denormalised from the hearing for the conflict query (kept in step by the services).
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    booked = models.BooleanField(default=False)
    consent_at = models.DateTimeField(_("consented to online hearing"), null=True, blank=True)
    rules_accepted_at = models.DateTimeField(_("accepted the rules"), null=True, blank=True)
    device_checked_at = models.DateTimeField(_("device checked"), null=True, blank=True)
    # Witnesses come in by link (they may have no account); the token is the link.
    token = models.CharField(max_length=40, default=_token, unique=True)
    admitted_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    muted = models.BooleanField(default=False)
    undertaking_signed_at = models.DateTimeField(null=True, blank=True)
    undertaking_image = models.TextField(blank=True)  # the witness's drawn signature (PNG)
    # The one live signalling connection (a second device is refused while this one lives).
    channel_name = models.CharField(max_length=120, blank=True)
    device = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["hearing", "role", "name"]
        indexes = [
            models.Index(fields=["user", "booked", "starts_at"], name="participant_busy"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_PARTICIPANTS


class Attendance(models.Model):
    """Joined / left, as the room saw it."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined")
        LEFT = "left", _("Left")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    device = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.participant} {self.kind} {self.at}"


class Slot(models.Model):
    """A time the judge (or a participant) proposes while the hearing's time is agreed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "starts_at"], name="slot_unique_time")
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.starts_at}"


class SlotAnswer(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    available = models.BooleanField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "participant"], name="slot_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.slot_id} {self.available}"


class Transcript(models.Model):
    """庭审笔录: edited live by the clerk; each save is a version."""

    hearing = models.OneToOneField(Hearing, on_delete=models.CASCADE, related_name="transcript")
    body = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)  # sent for signature
    document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT
    )

    def __str__(self) -> str:
        return f"庭审笔录 {self.hearing_id} v{self.version}"


class TranscriptVersion(models.Model):
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "version"], name="transcript_version")
        ]

    def __str__(self) -> str:
        return f"{self.transcript_id} v{self.version}"


class Signature(models.Model):
    """One participant's signature on the transcript (or their recorded refusal)."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="signatures")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    image = models.TextField(blank=True)  # data:image/png;base64,… from the signature pad
    refused = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)  # refusal reason or correction asked
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["transcript", "participant"], name="sign_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {'refused' if self.refused else 'signed'}"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the judge's decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class WitnessApplication(models.Model):
    """A party's application to call a witness who testifies remotely (申请证人出庭作证): the
    other side may object within the period, the judge grants or refuses with reasons; only a
    granted witness gets a seat (``participant``) and a waiting-room link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="witness_applications"
    )
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("witness's name"), max_length=100)
    id_number = models.CharField(_("ID number"), max_length=20)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    testimony = models.TextField(_("what the witness will testify to"), max_length=2000)
    online = models.BooleanField(_("testifies online"), default=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    objection_until = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    participant = models.OneToOneField(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["applied_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class WitnessObjection(models.Model):
    """The other side's objection to a witness application, with its reasons."""

    application = models.ForeignKey(
        WitnessApplication, on_delete=models.CASCADE, related_name="objections"
    )
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("reasons"), max_length=2000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "party"], name="witness_object_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} objected by {self.party_id}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the clerk")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class CorrectionRequest(models.Model):
    """At review a participant asks the clerk to correct a passage of the transcript; accepted
    makes a new version (the earlier signatures are voided), rejected keeps the reason."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="corrections")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    passage = models.TextField(_("passage"), max_length=2000)
    text = models.TextField(_("correction asked"), max_length=2000)
    version = models.PositiveIntegerField()  # the version the request was made on
    status = models.CharField(
        max_length=8, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    new_version = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.transcript_id} correction {self.status}"


class Recording(models.Model):
    """同步录音录像: recorded in the clerk's browser and uploaded in chunks while the hearing
    runs; assembled, it is filed into the e-file and its hash goes into the ledger."""

    class Status(models.TextChoices):
        RECORDING = "recording", _("Recording")
        FILED = "filed", _("Filed")
        EMPTY = "empty", _("Ended with nothing received")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="recordings")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    content_type = models.CharField(max_length=60, default="video/webm")
    total = models.PositiveIntegerField(null=True, blank=True)  # known with the last chunk
    received = models.PositiveIntegerField(default=0)  # chunks 0..received-1 are stored
    status = models.CharField(max_length=10, choices=Status.choices, default="recording")
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    item = models.ForeignKey(
        "efile.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.hearing_id} recording {self.status}"


class RecordingChunk(models.Model):
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "index"], name="recording_chunk_once")
        ]

    def __str__(self) -> str:
        return f"{self.recording_id} #{self.index}"
