"""Demo hearings: the internet courtroom set up for peer-to-peer hearings, one online trial of
an open demo case scheduled for tomorrow morning (with a witness called), and one online
hearing of another open case in session now (opened by its judge, the room live), so the
room shows both before and during a hearing."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from yunting.cases.models import Case, CaseStatus
from yunting.courts.models import Courtroom

from .models import CourtroomMedia, Hearing, MediaMode


@transaction.atomic
def seed_demo_hearings() -> Hearing | None:
    for room in Courtroom.objects.filter(supports_online=True):
        CourtroomMedia.objects.get_or_create(courtroom=room, defaults={"mode": MediaMode.P2P})
    if Hearing.objects.exists():
        return None
    cases = list(
        Case.objects.filter(court__code="沪0105", judge__isnull=False)
        .exclude(status__in=[CaseStatus.CLOSED, CaseStatus.ARCHIVED])
        .order_by("accepted_on", "serial")[:2]
    )
    if not cases:
        return None
    case = cases[0]
    room = (
        Courtroom.objects.filter(
            court=case.court, supports_online=True, name__contains="互联网"
        ).first()
        or Courtroom.objects.filter(court=case.court, supports_online=True).first()
    )
    from .models import ParticipantRole
    from .room import hearing_open
    from .services import hearing_schedule
    from .witnesses import witness_apply

    day = timezone.localdate() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    hearing = hearing_schedule(
        case=case, actor=case.judge, kind="trial", courtroom=room, starts_at=start
    )
    seat = hearing.participants.filter(
        role__in=[ParticipantRole.PARTY, ParticipantRole.LAWYER], user__isnull=False
    ).first()
    if seat is not None:
        _call_witness(hearing, seat)
        # a party's application to call another witness, awaiting objections and the decision
        witness_apply(
            hearing=hearing,
            user=seat.user,
            name="【演示】钱证人",
            id_number="310105198801012345",
            phone="13900000098",
            testimony="【演示】借款交付时在场，见证现金交付。",
        )
    if len(cases) > 1:  # in session: started a minute from now, opened at once
        now = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        live = hearing_schedule(
            case=cases[1], actor=cases[1].judge, kind="trial", courtroom=room, starts_at=now
        )
        hearing_open(hearing=live, actor=cases[1].judge)
    return hearing


def _call_witness(hearing: Hearing, seat) -> None:
    """A witness called the only way there is: applied for, objected to, granted. When a party
    of the other side has no account to object with, the application waits for its period."""
    from .errors import HearingError
    from .witnesses import other_side, witness_apply, witness_decide, witness_object

    called = witness_apply(
        hearing=hearing,
        user=seat.user,
        name="【演示】赵证人",
        id_number="310105199001011234",
        phone="13900000099",
        testimony="【演示】目睹被告收到借款。",
    )
    for party in other_side(called):
        speaker = hearing.participants.filter(party=party, user__isnull=False).first()
        if speaker is not None:
            witness_object(
                application=called, user=speaker.user, reasons="【演示】证人与原告系同事。"
            )
    with contextlib.suppress(HearingError):  # the other side may still object: it waits
        witness_decide(
            application=called,
            actor=hearing.case.judge,
            grant=True,
            reasons="【演示】同事关系不影响作证资格，证言由法庭审查。",
        )


def seed_demo_exchange_hearing() -> Hearing | None:
    """A trial booked for the demo case whose evidence exchange is reported, so a visitor
    sees the hearing open from the report (judge's hearing page, clerk's transcript)."""
    from yunting.evidence.models import Exchange

    exchange = (
        Exchange.objects.filter(report__isnull=False, case__hearings__isnull=True)
        .select_related("case__court", "case__judge")
        .order_by("case__accepted_on")
        .first()
    )
    if exchange is None or exchange.case.judge is None:
        return None
    from .errors import HearingError
    from .services import hearing_schedule

    case = exchange.case
    room = Courtroom.objects.filter(court=case.court, supports_online=True).first()
    for days in range(5, 15):  # the first afternoon the judge, clerk and room are free
        day = timezone.localdate() + dt.timedelta(days=days)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
        try:
            hearing = hearing_schedule(
                case=case, actor=case.judge, kind="trial", courtroom=room, starts_at=start
            )
        except HearingError:
            continue
        # both sides have accounts here: the witness is applied for, objected to and seated
        seat = hearing.participants.filter(party__role="plaintiff", user__isnull=False).first()
        if seat is not None:
            _call_witness(hearing, seat)
        return hearing
    return None
