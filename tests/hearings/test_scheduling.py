from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.hearings.conftest import at
from yunting.courts.models import Courtroom
from yunting.documents.models import IssuedDocument
from yunting.hearings import services
from yunting.hearings.errors import HearingError, HearingErrorCode
from yunting.hearings.events import HearingEvent
from yunting.hearings.models import Hearing, HearingStatus, Participant
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _other_bench(case):
    """Another judge and no clerk, so only the room or the lawyer can collide."""
    from yunting.accounts.models import User

    case.judge = User.objects.get(phone="13900000013")
    case.clerk = None
    case.save(update_fields=["judge", "clerk"])
    return case


def _book(case, room, start, **kw):
    return services.hearing_schedule(
        case=case, actor=case.judge, kind="trial", courtroom=room, starts_at=start, **kw
    )


def test_schedule_books_people_and_records(hcase, room):
    h = _book(hcase, room, at(2, 9))
    assert h.status == HearingStatus.SCHEDULED
    assert h.ends_at - h.starts_at == dt.timedelta(minutes=60)
    roles = sorted(h.participants.values_list("role", flat=True))
    assert roles == ["clerk", "judge", "lawyer", "party", "party"]
    assert all(p.booked for p in h.participants.all())
    assert Entry.objects.filter(event_type=HearingEvent.SCHEDULED).count() == 1


def test_room_double_booking_refused_naming_it(hcase, other_hcase, room):
    first = _book(hcase, room, at(2, 9))
    # another judge's case, no shared people but the lawyer... so drop the lawyer's seat
    _other_bench(other_hcase)
    other_hcase.parties.get(role="plaintiff").agents.all().delete()
    with pytest.raises(HearingError) as exc:
        _book(other_hcase, room, at(2, 9, 30))
    assert exc.value.code == HearingErrorCode.CONFLICT
    assert first.case.case_number in exc.value.detail
    assert str(room.name) in exc.value.detail
    assert Hearing.objects.count() == 1  # nothing half-written
    assert Participant.objects.filter(hearing__case=other_hcase).count() == 0


def test_lawyer_conflict_across_cases_and_rooms(hcase, other_hcase, court):
    rooms = list(Courtroom.objects.filter(court=court).order_by("name"))
    _book(hcase, rooms[0], at(3, 14))
    _other_bench(other_hcase)
    with pytest.raises(HearingError) as exc:
        _book(other_hcase, rooms[1], at(3, 14, 45))  # only the lawyer is shared
    assert exc.value.code == HearingErrorCode.CONFLICT
    assert "王律师" in exc.value.detail


def test_back_to_back_is_fine(hcase, other_hcase, room):
    _book(hcase, room, at(2, 9))
    with pytest.raises(HearingError) as exc:  # the judge and clerk too: 9:59 would collide
        _book(other_hcase, room, at(2, 9, 59))
    assert exc.value.code == HearingErrorCode.CONFLICT
    h2 = _book(other_hcase, room, at(2, 10))
    assert h2.status == HearingStatus.SCHEDULED


def test_past_time_refused(hcase, room):
    with pytest.raises(HearingError) as exc:
        _book(hcase, room, timezone.now() - dt.timedelta(hours=1))
    assert exc.value.code == HearingErrorCode.BAD_TIME


def test_only_the_cases_judge_schedules(hcase, room, demo):
    from yunting.accounts.models import User

    other_judge = User.objects.get(phone="13900000013")
    with pytest.raises(HearingError) as exc:
        services.hearing_schedule(
            case=hcase, actor=other_judge, kind="trial", courtroom=room, starts_at=at(2)
        )
    assert exc.value.code == HearingErrorCode.NOT_THE_JUDGE


def test_negotiation_ranks_fixes_and_issues_summons(hcase, room, demo):
    from yunting.accounts.models import User

    slots = [at(4, 9), at(4, 14), at(5, 9)]
    h = services.hearing_propose(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, slots=slots
    )
    _s9, s14, s9b = list(h.slots.order_by("starts_at"))
    lisi = User.objects.get(phone="13900000002")
    services.slot_answer(hearing=h, user=demo["litigant"], available=[str(s14.id), str(s9b.id)])
    services.slot_answer(hearing=h, user=demo["lawyer"], available=[str(s14.id)])
    services.slot_answer(hearing=h, user=lisi, available=[str(s14.id)], propose=at(6, 10))
    from yunting.hearings.selectors import slot_ranking

    ranked = slot_ranking(hearing=h)
    assert ranked[0][0] == s14 and ranked[0][1].everyone
    # the proposed time is a slot now: 李四 can, the others have not said so
    assert h.slots.count() == 4
    with pytest.raises(HearingError) as exc:  # a party cannot fix
        services.hearing_fix(hearing=h, actor=demo["litigant"], slot=s14)
    assert exc.value.code == HearingErrorCode.NOT_THE_JUDGE
    services.hearing_fix(hearing=h, actor=hcase.judge, slot=s14)
    h.refresh_from_db()
    assert h.status == HearingStatus.SCHEDULED and h.starts_at == s14.starts_at
    docs = IssuedDocument.objects.filter(case=hcase).order_by("template_code", "recipient__name")
    codes = [(d.template_code, d.recipient.name) for d in docs]
    assert ("summons", "张三") in codes and ("summons", "李四") in codes
    assert ("hearing_notice", "张三") in codes  # the agent's notice names whom they represent
    summons = docs.filter(template_code="summons").first()
    assert "在线庭审" in summons.extra["hearing_place"]
    assert "下午2时" in summons.extra["hearing_time"]
    with pytest.raises(HearingError) as exc:  # answering after the time is fixed
        services.slot_answer(hearing=h, user=lisi, available=[])
    assert exc.value.code == HearingErrorCode.BAD_STATE


def test_stranger_cannot_answer(hcase, room, demo):
    from yunting.accounts.models import User

    h = services.hearing_propose(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, slots=[at(4)]
    )
    other = User.objects.get(phone="13900000004")
    with pytest.raises(HearingError) as exc:
        services.slot_answer(hearing=h, user=other, available=[])
    assert exc.value.code == HearingErrorCode.NOT_YOURS
