"""Refusals of the hearings app, shared by pages, the API and the signalling socket."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class HearingErrorCode(ErrorCode):
    NOT_YOURS = "not_yours", _("This hearing is not yours."), 404, True
    NOT_THE_JUDGE = "not_the_judge", _("Only the case's judge may do this."), 403
    NOT_THE_CLERK = "not_the_clerk", _("Only the hearing's clerk may do this."), 403
    CONFLICT = (
        "conflict",
        _("Double booking: %(who)s already has %(other)s at %(when)s."),
        409,
    )
    BAD_TIME = "bad_time", _("Choose a start time in the future."), 400
    BAD_STATE = "bad_state", _("The hearing is %(status)s; this cannot be done now."), 409
    NO_SLOT = "no_slot", _("Choose one of the proposed times."), 400
    NOT_ONLINE_ROOM = "not_online_room", _("This courtroom is not equipped for online hearings.")
    NO_CONSENT = "no_consent", _("Consent to the online hearing and accept the rules first.")
    NO_DEVICE_CHECK = "no_device_check", _("Test your camera and microphone first.")
    TOO_EARLY = "too_early", _("The hearing room opens 30 minutes before the start."), 409
    NOT_OPEN = "not_open", _("The judge has not opened the hearing yet."), 409
    IDENTITY = "identity", _("The identity check failed. Check the digits and try again.")
    NO_PHONE = "no_phone", _("No mobile number on file for an SMS code; use your ID digits.")
    SECOND_DEVICE = (
        "second_device",
        _("You are already in this hearing on another device. Leave there first."),
        409,
    )
    BAD_LINK = "bad_link", _("This link is not valid (expired or not yours)."), 404, True
    STALE = (
        "stale",
        _("Someone else saved the transcript (version %(current)s). Reload and merge."),
        409,
    )
    LOCKED = "locked", _("The transcript is sent for signature and can no longer be edited."), 409
    NOT_LOCKED = "not_locked", _("The clerk has not sent the transcript for signature yet."), 409
    ALREADY_SIGNED = "already_signed", _("You have already signed or refused."), 409
    NO_SIGNATURE = "no_signature", _("Draw your signature in the box first.")
    UNSIGNED = "unsigned", _("Waiting for signatures from: %(names)s."), 409
    WITNESS_NOT_GRANTED = (
        "witness_not_granted",
        _(
            "A witness takes part only through an application the judge has granted "
            "(apply, object, decide); this seat has no such grant."
        ),
        409,
    )
    NOT_WITNESS = "not_witness", _("Only a witness can be admitted or removed."), 400
    NOT_A_PARTY = "not_a_party", _("Only a party or their agent may do this."), 403
    NOT_OTHER_SIDE = "not_other_side", _("Only the other side may object to this witness."), 403
    WITNESS_FIELDS = (
        "witness_fields",
        _("Give the witness's name, ID number and what they will testify to."),
    )
    REASONS = "reasons", _("Give your reasons.")
    DECIDED = "decided", _("The judge has already decided on this application."), 409
    OBJECTION_LATE = "objection_late", _("The period for objections ended on %(until)s."), 409
    OBJECTED = "objected", _("Your side has already objected to this witness."), 409
    TOO_SOON = (
        "too_soon",
        _("The other side may object until %(until)s; decide after that."),
        409,
    )
    NO_UNDERTAKING = (
        "no_undertaking",
        _("The witness has not yet signed the undertaking (保证书) after two identity checks."),
        409,
    )
    NO_PASSAGE = (
        "no_passage",
        _("Copy the passage exactly as it stands in the transcript, and say what it should read."),
    )
    CORRECTION_PENDING = (
        "correction_pending",
        _("A correction request is still waiting for the clerk: %(names)s."),
        409,
    )
    CORRECTION_DONE = "correction_done", _("This correction request was already answered."), 409
    RECORDING_OFF = "recording_off", _("This recording is not running."), 409
    RECORDING_ON = "recording_on", _("A recording of this hearing is already running."), 409
    CHUNK_GAP = (
        "chunk_gap",
        _("Chunk %(index)s came out of order; send chunk %(expected)s next."),
        409,
    )
    CHUNK_MISMATCH = (
        "chunk_mismatch",
        _("Chunk %(index)s was already received with other content."),
        409,
    )
    CHUNK_BAD = "chunk_bad", _("Bad chunk: %(reason)s."), 400


class HearingError(YuntingError):
    """A refused hearing operation."""
