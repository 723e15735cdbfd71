"""Scheduling: booking a hearing without double booking, and agreeing its time (预约开庭).

Conflicts are checked under a lock on the people's rows (``select_for_update`` on their
users), so two judges booking the same lawyer at the same moment queue instead of both
succeeding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.models import Case
from yunting.courts.models import Courtroom
from yunting.ledger.services import record_event

from . import events
from .errors import HearingError, HearingErrorCode
from .models import (
    BOOKED,
    Hearing,
    HearingKind,
    HearingStatus,
    Participant,
    ParticipantRole,
    Slot,
    SlotAnswer,
    Transcript,
)
from .selectors import busy_conflicts, participant_for_user, slot_ranking


def check_judge(actor: User, case: Case) -> None:
    judge_courts = {c.id for c in user_courts_with_role(user=actor, roles={Role.JUDGE})}
    if case.court_id not in judge_courts or (case.judge_id and case.judge_id != actor.id):
        raise HearingError(HearingErrorCode.NOT_THE_JUDGE)


def _people(case: Case, panel: Iterable[User]) -> list[Participant]:
    """Everyone the case brings to its hearing: bench, clerk, parties and their agents."""
    seats: list[Participant] = []
    if case.judge_id:
        seats.append(Participant(role=ParticipantRole.JUDGE, user=case.judge, name=case.judge.name))
    for member in panel:
        seats.append(Participant(role=ParticipantRole.PANEL, user=member, name=member.name))
    if case.clerk_id:
        seats.append(Participant(role=ParticipantRole.CLERK, user=case.clerk, name=case.clerk.name))
    lawyers: set = set()
    for party in case.parties.all().prefetch_related("agents"):
        seats.append(
            Participant(
                role=ParticipantRole.PARTY,
                user=party.user,
                party=party,
                name=party.name,
                phone=party.phone,
                id_number=party.id_number,
            )
        )
        for agent in party.agents.all():
            if agent.user_id and agent.user_id not in lawyers:
                lawyers.add(agent.user_id)
                seats.append(
                    Participant(
                        role=ParticipantRole.LAWYER,
                        user=agent.user,
                        party=party,
                        name=agent.name,
                        phone=agent.phone or agent.user.phone,
                        id_number=agent.user.id_number,
                    )
                )
    return seats


def _check_free(hearing: Hearing, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    user_ids = [
        p.user_id
        for p in hearing.participants.all()
        if p.user_id and p.role not in (ParticipantRole.PARTY, ParticipantRole.WITNESS)
    ]
    # Lock the people and the room: concurrent bookings of any of them queue here.
    list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk").values("pk"))
    list(Courtroom.objects.select_for_update().filter(pk=hearing.courtroom_id).values("pk"))
    conflicts = busy_conflicts(
        user_ids=user_ids,
        courtroom_id=hearing.courtroom_id,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_hearing=hearing.pk,
    )
    if conflicts:
        who, other = conflicts[0]
        local = timezone.localtime(other.starts_at)
        raise HearingError(
            HearingErrorCode.CONFLICT,
            who=who,
            other=f"{other.case.case_number} {other.get_kind_display()}",
            when=f"{local:%Y-%m-%d %H:%M}–{timezone.localtime(other.ends_at):%H:%M}",
        )


def _book(hearing: Hearing, starts_at: dt.datetime) -> None:
    ends_at = starts_at + dt.timedelta(minutes=hearing.duration_minutes)
    _check_free(hearing, starts_at, ends_at)
    hearing.starts_at, hearing.ends_at = starts_at, ends_at
    hearing.status = HearingStatus.SCHEDULED
    hearing.save(update_fields=["starts_at", "ends_at", "status"])
    hearing.participants.update(starts_at=starts_at, ends_at=ends_at, booked=True)


def _create(*, case, actor, kind, courtroom, duration_minutes, online, panel) -> Hearing:
    check_judge(actor, case)
    if kind not in HearingKind.values:
        raise HearingError(HearingErrorCode.BAD_STATE, status=kind)
    if courtroom.court_id != case.court_id:
        raise HearingError(HearingErrorCode.NOT_YOURS)
    if online and not courtroom.supports_online:
        raise HearingError(HearingErrorCode.NOT_ONLINE_ROOM)
    hearing = Hearing(
        case=case,
        kind=kind,
        courtroom=courtroom,
        online=online,
        duration_minutes=duration_minutes,
        created_by=actor,
    )
    hearing.full_clean(exclude=["case", "courtroom", "created_by"])
    hearing.save()
    for seat in _people(case, panel):
        seat.hearing = hearing
        seat.save()
    Transcript.objects.create(hearing=hearing)
    return hearing


def _future(starts_at: dt.datetime) -> None:
    if starts_at is None or starts_at <= timezone.now():
        raise HearingError(HearingErrorCode.BAD_TIME, field="starts_at")


@transaction.atomic
def hearing_schedule(
    *,
    case: Case,
    actor: User,
    kind: str,
    courtroom: Courtroom,
    starts_at: dt.datetime,
    duration_minutes: int = 60,
    online: bool = True,
    panel: Iterable[User] = (),
) -> Hearing:
    """Book a hearing at a fixed time; refused (naming the conflict) on any double booking."""
    _future(starts_at)
    hearing = _create(
        case=case,
        actor=actor,
        kind=kind,
        courtroom=courtroom,
        duration_minutes=duration_minutes,
        online=online,
        panel=panel,
    )
    _book(hearing, starts_at)
    record_event(events.hearing_scheduled(hearing=hearing, actor=actor))
    return hearing


@transaction.atomic
def hearing_propose(
    *,
    case: Case,
    actor: User,
    kind: str,
    courtroom: Courtroom,
    slots: list[dt.datetime],
    duration_minutes: int = 60,
    online: bool = True,
    panel: Iterable[User] = (),
) -> Hearing:
    """Start agreeing a time: the judge proposes slots, the parties and lawyers answer."""
    if not slots:
        raise HearingError(HearingErrorCode.NO_SLOT, field="slots")
    for s in slots:
        _future(s)
    hearing = _create(
        case=case,
        actor=actor,
        kind=kind,
        courtroom=courtroom,
        duration_minutes=duration_minutes,
        online=online,
        panel=panel,
    )
    made = [Slot.objects.create(hearing=hearing, starts_at=s, proposed_by=actor) for s in slots]
    record_event(events.slots_proposed(hearing=hearing, actor=actor, slots=made))
    return hearing


@transaction.atomic
def slot_answer(
    *,
    hearing: Hearing,
    user: User,
    available: Iterable[str],
    propose: dt.datetime | None = None,
) -> Participant:
    """A party or lawyer marks the proposed times they can attend (the rest: cannot), and may
    propose another time, which every other respondent then answers too."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.status != HearingStatus.NEGOTIATING:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    me = participant_for_user(hearing=hearing, user=user)
    if me is None or me.role not in (ParticipantRole.PARTY, ParticipantRole.LAWYER):
        raise HearingError(HearingErrorCode.NOT_YOURS)
    if propose is not None:
        _future(propose)
        new, _created = Slot.objects.get_or_create(
            hearing=hearing, starts_at=propose, defaults={"proposed_by": user}
        )
        available = [*available, str(new.id)]
    chosen = {str(a) for a in available}
    answers = []
    for slot in hearing.slots.all():
        ok = str(slot.id) in chosen
        SlotAnswer.objects.update_or_create(slot=slot, participant=me, defaults={"available": ok})
        answers.append((slot, ok))
    record_event(events.slot_answered(hearing=hearing, actor=user, participant=me, answers=answers))
    return me


@transaction.atomic
def hearing_fix(*, hearing: Hearing, actor: User, slot: Slot, issue: bool = True) -> Hearing:
    """The judge fixes one proposed time; then the summons and notices go out."""
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    check_judge(actor, hearing.case)
    if hearing.status != HearingStatus.NEGOTIATING:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    if slot.hearing_id != hearing.pk:
        raise HearingError(HearingErrorCode.NO_SLOT)
    _future(slot.starts_at)
    ranking = [
        {"starts_at": s.starts_at.isoformat(), "yes": r.yes, "no": r.no, "open": r.unanswered}
        for s, r in slot_ranking(hearing=hearing)
    ]
    _book(hearing, slot.starts_at)
    record_event(events.hearing_fixed(hearing=hearing, actor=actor, ranking=ranking))
    if issue:
        hearing_issue_summons(hearing=hearing, actor=actor)
    return hearing


def hearing_place(hearing: Hearing) -> str:
    room = hearing.courtroom
    where = f"{room.court.name}{room.name}"
    return f"{where}（在线庭审）" if hearing.online else where


@transaction.atomic
def hearing_issue_summons(*, hearing: Hearing, actor: User) -> list:
    """传票 to each party, 出庭通知书 to each agent: filled from the hearing (no typing), issued
    through the documents app, whose ``document_issued`` signal hands them to service."""
    from yunting.documents.forms import format_time_cn
    from yunting.documents.services import document_issue

    if hearing.status not in BOOKED:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    when = format_time_cn(timezone.localtime(hearing.starts_at))
    place = hearing_place(hearing)
    reason = {
        HearingKind.TRIAL: "开庭审理",
        HearingKind.INQUIRY: "询问",
        HearingKind.MEDIATION: "调解",
        HearingKind.EVIDENCE: "证据交换",
    }[hearing.kind]
    issued = []
    for seat in hearing.participants.select_related("party").order_by("role", "name"):
        if seat.role == ParticipantRole.PARTY:
            issued.append(
                document_issue(
                    template_code="summons",
                    case=hearing.case,
                    actor=actor,
                    recipient=seat.party,
                    extra={
                        "hearing_time": when,
                        "hearing_place": place,
                        "summons_reason": reason,
                    },
                )
            )
        elif seat.role == ParticipantRole.LAWYER:
            issued.append(
                document_issue(
                    template_code="hearing_notice",
                    case=hearing.case,
                    actor=actor,
                    recipient=seat.party,
                    extra={
                        "hearing_time": when,
                        "hearing_place": place,
                        "attendee": seat.name,
                        "attendee_capacity": "委托诉讼代理人",
                        "hearing_kind": reason,
                    },
                )
            )
    return issued
