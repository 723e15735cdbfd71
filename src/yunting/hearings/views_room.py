"""Pages before and in the hearing room: consent and rules, device test, the second identity
check, the room itself, the witness's link, and the transcript (edit, review, sign)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import media, recording, room, selectors, transcript, witnesses
from .consumers import witness_session_key
from .errors import HearingError, HearingErrorCode
from .models import Participant, ParticipantRole


def _seat(request: HttpRequest, hearing_id) -> Participant:
    """The requester's seat: their account's, or the witness whose link opened this session."""
    return selectors.seat_for(
        user=request.user,
        hearing_id=hearing_id,
        witness_id=request.session.get(witness_session_key(hearing_id)),
    )


def _base(request) -> str:
    from yunting.accounts.selectors import user_is_staff_member

    staff = request.user.is_authenticated and user_is_staff_member(user=request.user)
    return "workbench/base.html" if staff else "base.html"


def witness_link(request: HttpRequest, token: str) -> HttpResponse:
    """The witness's personal link: opens their seat in this browser session."""
    seat = selectors.participant_by_token(token=token)
    if seat.removed_at or not room.witness_granted(seat):
        raise Http404
    request.session[witness_session_key(seat.hearing_id)] = str(seat.pk)
    return redirect("hearings:identity", hearing_id=seat.hearing_id)


def identity(request: HttpRequest, hearing_id) -> HttpResponse:
    seat = _seat(request, hearing_id)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sms":
                room.identity_sms_send(participant=seat)
                messages.info(request, _("A code was sent to the mobile number on file."))
                return redirect("hearings:identity", hearing_id=seat.hearing_id)
            stamp = room.identity_check(
                participant=seat,
                digits=request.POST.get("digits", ""),
                sms_code=request.POST.get("sms_code", ""),
            )
            room.identity_remember(request.session, seat, stamp)
            if seat.consent_at and seat.rules_accepted_at and seat.device_checked_at:
                return redirect("hearings:room", hearing_id=seat.hearing_id)
            return redirect("hearings:prepare", hearing_id=seat.hearing_id)
        except HearingError as exc:
            error = exc.detail
    return render(
        request,
        "hearings/identity.html",
        {"seat": seat, "hearing": seat.hearing, "error": error, "base_template": _base(request)},
    )


def prepare(request: HttpRequest, hearing_id) -> HttpResponse:
    """Consent for this step, the 庭审纪律, (the witness's 保证书) and the device test."""
    seat = _seat(request, hearing_id)
    if not room.identity_fresh(request.session, seat):
        return redirect("hearings:identity", hearing_id=seat.hearing_id)
    error = None
    if request.method == "POST":
        try:
            if seat.role == ParticipantRole.WITNESS and not seat.undertaking_signed_at:
                if request.POST.get("undertaking") != "on":
                    raise HearingError(HearingErrorCode.NO_UNDERTAKING)
                seat = witnesses.undertaking_sign(
                    participant=seat,
                    image=request.POST.get("image", ""),
                    digits=request.POST.get("undertaking_digits", ""),
                )
            room.participant_prepare(
                participant=seat,
                consent=request.POST.get("consent") == "on",
                rules=request.POST.get("rules") == "on",
                device_ok=request.POST.get("device_ok") == "1",
            )
            return redirect("hearings:room", hearing_id=seat.hearing_id)
        except HearingError as exc:
            error = exc.detail
    return render(
        request,
        "hearings/prepare.html",
        {
            "seat": seat,
            "hearing": seat.hearing,
            "error": error,
            "witness": seat.role == ParticipantRole.WITNESS,
            "base_template": _base(request),
        },
    )


def room_page(request: HttpRequest, hearing_id) -> HttpResponse:
    seat = _seat(request, hearing_id)
    if not room.identity_fresh(request.session, seat):
        return redirect("hearings:identity", hearing_id=seat.hearing_id)
    refusal = room.entry_refusal(participant=seat)
    if refusal is not None and refusal.name in ("NO_CONSENT", "NO_DEVICE_CHECK"):
        return redirect("hearings:prepare", hearing_id=seat.hearing_id)
    return render(
        request,
        "hearings/room.html",
        {
            "seat": seat,
            "hearing": seat.hearing,
            "refusal": str(HearingError(refusal, status=seat.hearing.get_status_display()))
            if refusal
            else "",
            "sfu_url": media.sfu_join_url(participant=seat) if refusal is None else None,
            "ws_path": f"/ws/hearings/{seat.hearing_id}/",
            "base_template": _base(request),
        },
    )


def transcript_page(request: HttpRequest, hearing_id) -> HttpResponse:
    seat = _seat(request, hearing_id)
    if seat.role == ParticipantRole.WITNESS:
        raise Http404
    record = selectors.transcript_of(hearing=seat.hearing)
    signatures = {s.participant_id: s for s in record.signatures.all()}
    return render(
        request,
        "hearings/transcript.html",
        {
            "seat": seat,
            "hearing": seat.hearing,
            "transcript": record,
            "is_clerk": seat.role == ParticipantRole.CLERK,
            "signers": [(p, signatures.get(p.id)) for p in transcript.signers(seat.hearing)],
            "mine": signatures.get(seat.id),
            "versions": record.versions.order_by("-version")[:20],
            "corrections": selectors.corrections_of(transcript=record),
            "exchange": selectors.exchange_brief_for(hearing=seat.hearing, seat=seat, staff=False)
            if seat.role == ParticipantRole.CLERK and not record.locked_at
            else None,
            "base_template": _base(request),
        },
    )


@require_POST
def transcript_save(request: HttpRequest, hearing_id) -> JsonResponse:
    """The clerk's autosave (JSON): 409 with the current version when another clerk saved."""
    seat = _seat(request, hearing_id)
    if not request.user.is_authenticated:
        raise Http404
    try:
        data = json.loads(request.body or b"{}")
        record = transcript.transcript_save(
            hearing=seat.hearing,
            actor=request.user,
            body=str(data.get("body", ""))[:200_000],
            base_version=int(data.get("version", -1)),
        )
    except (ValueError, TypeError):
        return JsonResponse({"detail": "bad request", "code": "bad_request"}, status=400)
    except HearingError as exc:
        current = selectors.transcript_of(hearing=seat.hearing)
        return JsonResponse(
            {
                "detail": exc.detail,
                "code": exc.code,
                "version": current.version,
                "body": current.body,
            },
            status=exc.http_status,
        )
    return JsonResponse({"version": record.version})


@require_POST
def transcript_action(request: HttpRequest, hearing_id, action: str) -> HttpResponse:
    seat = _seat(request, hearing_id)
    if seat.role == ParticipantRole.WITNESS or not request.user.is_authenticated:
        raise Http404
    try:
        if action == "lock":
            transcript.transcript_lock(hearing=seat.hearing, actor=request.user)
            messages.success(request, _("The transcript was sent to everyone to review and sign."))
        elif action == "sign":
            transcript.transcript_sign(
                participant=seat,
                image=request.POST.get("image", ""),
                digits=request.POST.get("digits", ""),
            )
            messages.success(request, _("Signed."))
        elif action == "refuse":
            transcript.transcript_refuse(participant=seat, reason=request.POST.get("reason", ""))
            messages.success(request, _("Your refusal to sign was recorded."))
        elif action == "correct":
            transcript.correction_ask(
                participant=seat,
                passage=request.POST.get("passage", ""),
                text=request.POST.get("text", ""),
            )
            messages.success(request, _("Your correction request was sent to the clerk."))
        elif action in ("accept", "reject"):
            record = selectors.transcript_of(hearing=seat.hearing)
            correction = selectors.correction_of(
                transcript=record, correction_id=request.POST.get("correction")
            )
            if correction is None:
                raise Http404
            transcript.correction_decide(
                correction=correction,
                actor=request.user,
                accept=action == "accept",
                reason=request.POST.get("reason", ""),
                replacement=request.POST.get("replacement", ""),
            )
            messages.success(
                request,
                _("The correction was made; a new version is out for signature.")
                if action == "accept"
                else _("The correction request was rejected."),
            )
        elif action == "file":
            doc = transcript.transcript_file(hearing=seat.hearing, actor=request.user)
            messages.success(
                request,
                _("The signed transcript was filed into the e-file (%(title)s).")
                % {"title": doc.title},
            )
        else:
            raise Http404
    except HearingError as exc:
        messages.error(request, exc.detail)
    return redirect(reverse("hearings:transcript", args=[seat.hearing_id]))


def _recording_answer(rec) -> JsonResponse:
    return JsonResponse(
        {
            "id": str(rec.id),
            "status": rec.status,
            "next": rec.received,
            "total": rec.total,
            "sha256": rec.sha256,
            "item": str(rec.item_id) if rec.item_id else None,
        }
    )


def _recording_refusal(exc: HearingError, rec=None) -> JsonResponse:
    body = {"detail": exc.detail, "code": exc.code}
    if rec is not None:
        rec.refresh_from_db()
        body["next"] = rec.received  # where to resume
    return JsonResponse(body, status=exc.http_status)


@require_POST
def recording_start(request: HttpRequest, hearing_id) -> JsonResponse:
    """The clerk's browser starts recording (JSON ``{"content_type": "video/webm"}``)."""
    seat = _seat(request, hearing_id)
    if not request.user.is_authenticated:
        raise Http404
    try:
        data = json.loads(request.body or b"{}")
        rec = recording.recording_start(
            hearing=seat.hearing, actor=request.user, content_type=str(data.get("content_type"))
        )
    except (ValueError, AttributeError):
        return JsonResponse({"detail": "bad request", "code": "bad_request"}, status=400)
    except HearingError as exc:
        return _recording_refusal(exc)
    return _recording_answer(rec)


def recording_chunk(request: HttpRequest, hearing_id, recording_id) -> JsonResponse:
    """GET: where to resume. POST (raw bytes, ``?index=N`` and ``&total=T`` with the last):
    one chunk."""
    seat = _seat(request, hearing_id)
    if not request.user.is_authenticated or seat.role != ParticipantRole.CLERK:
        raise Http404
    rec = selectors.recording_of(hearing=seat.hearing, recording_id=recording_id)
    if request.method == "GET":
        return _recording_answer(rec)
    if request.method != "POST":
        return JsonResponse({"detail": "method", "code": "method"}, status=405)
    try:
        rec = recording.recording_chunk(
            recording=rec,
            actor=request.user,
            index=request.GET.get("index"),
            total=request.GET.get("total"),
            data=request.body,
        )
    except HearingError as exc:
        return _recording_refusal(exc, rec)
    return _recording_answer(rec)
