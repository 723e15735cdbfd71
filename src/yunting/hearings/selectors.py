"""Reads of the hearings app, scoped to the user (someone else's hearing is a 404)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from yunting.accounts.models import User
from yunting.accounts.selectors import user_staff_assignments
from yunting.cases.selectors import case_visible_q
from yunting.courts.models import Courtroom
from yunting.rules.hearings import rank_slots

from .models import (
    BOOKED,
    EXCLUSIVE_ROLES,
    MAX_DURATION,
    Hearing,
    Participant,
    ParticipantRole,
    Slot,
    SlotAnswer,
    Transcript,
)


def hearing_list_for_user(*, user: User) -> QuerySet[Hearing]:
    if not user.is_authenticated:
        return Hearing.objects.none()
    from yunting.cases.models import Case

    cases = Case.objects.filter(case_visible_q(user=user)).values("pk")
    ids = Hearing.objects.filter(Q(case__in=cases) | Q(participants__user=user)).values("pk")
    return Hearing.objects.filter(pk__in=ids).select_related("case", "case__court", "courtroom")


def hearing_get_for_user(*, user: User, hearing_id: uuid.UUID | str) -> Hearing:
    try:
        return hearing_list_for_user(user=user).get(pk=hearing_id)
    except (Hearing.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def user_is_court_staff(*, user: User, court_id) -> bool:
    return any(a.court_id == court_id for a in user_staff_assignments(user=user))


def participant_for_user(*, hearing: Hearing, user: User) -> Participant | None:
    """The user's own seat in the hearing (a lawyer for two parties has one seat)."""
    if not user.is_authenticated:
        return None
    return hearing.participants.filter(user=user).order_by("role").first()


def participant_by_token(*, token: str) -> Participant:
    try:
        return Participant.objects.select_related("hearing", "hearing__case").get(
            token=str(token), role=ParticipantRole.WITNESS
        )
    except Participant.DoesNotExist as exc:
        raise Http404 from exc


def busy_conflicts(
    *,
    user_ids: list,
    courtroom_id,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude_hearing=None,
) -> list[tuple[str, Hearing]]:
    """Booked hearings that collide with [starts_at, ends_at) for these people or this room:
    (who, hearing) pairs. Two indexed range scans, whatever the size of the calendar: no
    hearing lasts longer than MAX_DURATION, so only those starting within it before
    ``starts_at`` can still be running."""
    earliest = starts_at - MAX_DURATION
    people = (
        Participant.objects.filter(
            user_id__in=user_ids,
            booked=True,
            role__in=EXCLUSIVE_ROLES,
            starts_at__lt=ends_at,
            starts_at__gt=earliest,
            ends_at__gt=starts_at,
        )
        .exclude(hearing_id=exclude_hearing)
        .select_related("hearing", "hearing__case", "user")
    )
    found = [(p.user.name, p.hearing) for p in people]
    rooms = (
        Hearing.objects.filter(
            courtroom_id=courtroom_id,
            status__in=BOOKED,
            starts_at__lt=ends_at,
            starts_at__gt=earliest,
            ends_at__gt=starts_at,
        )
        .exclude(pk=exclude_hearing)
        .select_related("case", "courtroom")
    )
    found += [(str(h.courtroom.name), h) for h in rooms]
    return found


def slot_ranking(*, hearing: Hearing) -> list:
    """The proposed times ranked for the judge (rules.hearings.rank_slots)."""
    slots = list(hearing.slots.all())
    respondents = [
        p.id
        for p in hearing.participants.all()
        if p.role in (ParticipantRole.PARTY, ParticipantRole.LAWYER) and p.user_id
    ]
    answers: dict = {}
    for a in SlotAnswer.objects.filter(slot__hearing=hearing):
        answers.setdefault(a.slot_id, {})[a.participant_id] = a.available
    by_id = {s.id: s for s in slots}
    ranked = rank_slots([(s.id, s.starts_at) for s in slots], answers, respondents)
    return [(by_id[r.key], r) for r in ranked]


def calendar_entries(
    *, user_id=None, courtroom_id=None, start: dt.datetime, end: dt.datetime
) -> QuerySet[Hearing]:
    """Booked hearings of a person or a room between two instants."""
    qs = Hearing.objects.filter(status__in=BOOKED, starts_at__lt=end, ends_at__gt=start)
    if user_id is not None:
        qs = qs.filter(participants__user_id=user_id)
    if courtroom_id is not None:
        qs = qs.filter(courtroom_id=courtroom_id)
    return qs.select_related("case", "courtroom").distinct().order_by("starts_at")


def hearings_ahead_for_staff(*, user: User) -> QuerySet[Hearing]:
    """Scheduled, running or still-negotiating hearings where the user sits on the bench or
    keeps the record."""
    from django.utils import timezone

    from .models import STAFF_PARTICIPANTS, HearingStatus

    now = timezone.now()
    return (
        Hearing.objects.filter(
            participants__user=user,
            participants__role__in=STAFF_PARTICIPANTS,
            status__in=[HearingStatus.NEGOTIATING, HearingStatus.SCHEDULED, HearingStatus.OPEN],
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gte=now))
        .distinct()
    )


def cases_to_schedule_for_judge(*, user: User):
    """The judge's open cases, each with a link to schedule a hearing."""
    from yunting.cases.models import Case, CaseStatus

    return (
        Case.objects.filter(judge=user)
        .exclude(status__in=[CaseStatus.CLOSED, CaseStatus.ARCHIVED])
        .order_by("-accepted_on", "-serial")[:50]
    )


def courtrooms_of(*, court) -> QuerySet[Courtroom]:
    """The court's rooms in use, for scheduling and the room calendar."""
    return Courtroom.objects.filter(court=court, is_active=True)


def courtroom_of(*, court, courtroom_id) -> Courtroom:
    """One room of ``court``; another court's room (or a bad id) is a 404."""
    try:
        return Courtroom.objects.get(court=court, pk=courtroom_id)
    except (Courtroom.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def feed_user(*, user_id) -> User | None:
    """The active account a calendar subscription link names."""
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def available_slot_ids(*, participant: Participant) -> set:
    """The proposed times this participant said they can attend."""
    rows = SlotAnswer.objects.filter(participant=participant, available=True)
    return set(rows.values_list("slot_id", flat=True))


def witnesses_of(*, hearing: Hearing) -> QuerySet[Participant]:
    return hearing.participants.filter(role=ParticipantRole.WITNESS)


def seat_for(*, user, hearing_id, witness_id: str | None) -> Participant:
    """The seat a request holds: the account's own, or the witness whose personal link opened
    this browser session. Anyone else gets a 404, as for a hearing that does not exist."""
    try:
        hearing = Hearing.objects.select_related("case", "case__court", "courtroom").get(
            pk=hearing_id
        )
    except (Hearing.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    seat = None
    if user is not None and user.is_authenticated:
        seat = participant_for_user(hearing=hearing, user=user)
    if seat is None and witness_id:
        seat = witnesses_of(hearing=hearing).filter(pk=witness_id).first()
    if seat is None:
        raise Http404
    seat.hearing = hearing
    return seat


def transcript_of(*, hearing: Hearing) -> Transcript:
    return Transcript.objects.get(hearing=hearing)


def slot_of(*, hearing: Hearing, slot_id) -> Slot | None:
    """One proposed time of this hearing (None for a missing, foreign or malformed id)."""
    try:
        return Slot.objects.filter(hearing=hearing, pk=slot_id or None).first()
    except (ValueError, ValidationError):
        return None


def witness_applications_of(*, hearing: Hearing) -> QuerySet:
    """The applications to call witnesses at a hearing the user may already see."""
    from .models import WitnessApplication

    return WitnessApplication.objects.filter(hearing=hearing).select_related(
        "party", "applied_by", "decided_by", "participant"
    )


def witness_application_for_user(*, user: User, hearing_id, application_id):
    """One application of a hearing the user may see; anything else is a 404."""
    from .models import WitnessApplication

    hearing = hearing_get_for_user(user=user, hearing_id=hearing_id)
    try:
        return witness_applications_of(hearing=hearing).get(pk=application_id)
    except (WitnessApplication.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def objection_of(*, application, user: User):
    """The objection this user (for their party) lodged, if any."""
    return application.objections.filter(user=user).first()


def corrections_of(*, transcript: Transcript) -> QuerySet:
    return transcript.corrections.select_related("participant", "decided_by")


def correction_of(*, transcript: Transcript, correction_id):
    """One correction request of this transcript (None for a foreign or malformed id)."""
    try:
        return transcript.corrections.filter(pk=int(correction_id)).first()
    except (TypeError, ValueError):
        return None


def recording_of(*, hearing: Hearing, recording_id):
    """One recording of this hearing; anything else is a 404."""
    from .models import Recording

    try:
        return Recording.objects.get(hearing=hearing, pk=recording_id)
    except (Recording.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def exchange_brief_for(*, hearing: Hearing, seat: Participant | None, staff: bool):
    """The evidence exchange the hearing opens from (异步质证报告), for the court and the
    parties' side; never for a witness, who must not learn the case before testifying."""
    from yunting.evidence.selectors import exchange_brief

    if seat is not None and seat.role == ParticipantRole.WITNESS:
        return None
    if seat is None and not staff:
        return None
    return exchange_brief(case=hearing.case)
