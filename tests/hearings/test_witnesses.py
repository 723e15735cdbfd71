"""Remote witnesses: the application, the other side's objection, the judge's decision, the
undertaking signed after the second identity check, and who may see what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.hearings.conftest import at, ungranted_witness
from tests.hearings.test_transcript import _png
from yunting.accounts.models import User
from yunting.hearings import room as room_rules
from yunting.hearings import services, witnesses
from yunting.hearings.errors import HearingError, HearingErrorCode
from yunting.hearings.events import HearingEvent
from yunting.hearings.models import ApplicationStatus, Participant, WitnessApplication
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(hcase, room):
    return services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(1)
    )


def _apply(hearing, user, **kw):
    data = {
        "name": "赵证人",
        "id_number": "310105199001011234",
        "phone": "13900000099",
        "testimony": "目睹被告收到借款五万元。",
    }
    data.update(kw)
    return witnesses.witness_apply(hearing=hearing, user=user, **data)


def _li():
    return User.objects.get(phone="13900000002")


def _events(kind):
    return Entry.objects.filter(event_type=kind)


def test_apply_object_decide_grant_makes_a_seat(hearing, demo):
    application = _apply(hearing, demo["lawyer"])  # the plaintiff's agent applies
    assert application.party.name == "张三"
    assert application.participant is None
    assert not Participant.objects.filter(hearing=hearing, role="witness").exists()
    assert _events(HearingEvent.WITNESS_APPLIED).count() == 1

    # the applicant's own side cannot object; the judge cannot decide while 李四 may still object
    with pytest.raises(HearingError) as exc:
        witnesses.witness_object(application=application, user=demo["litigant"], reasons="不")
    assert exc.value.code == HearingErrorCode.NOT_OTHER_SIDE
    with pytest.raises(HearingError) as exc:
        witnesses.witness_decide(
            application=application, actor=hearing.case.judge, grant=True, reasons="准许"
        )
    assert exc.value.code == HearingErrorCode.TOO_SOON
    with pytest.raises(HearingError) as exc:  # an objection needs its reasons
        witnesses.witness_object(application=application, user=_li(), reasons="  ")
    assert exc.value.code == HearingErrorCode.REASONS

    witnesses.witness_object(application=application, user=_li(), reasons="证人系原告亲属。")
    with pytest.raises(HearingError) as exc:
        witnesses.witness_object(application=application, user=_li(), reasons="再次反对")
    assert exc.value.code == HearingErrorCode.OBJECTED
    with pytest.raises(HearingError) as exc:  # not the judge
        witnesses.witness_decide(
            application=application, actor=demo["clerk"], grant=True, reasons="准许"
        )
    assert exc.value.code == HearingErrorCode.NOT_THE_JUDGE
    with pytest.raises(HearingError) as exc:  # reasons are required
        witnesses.witness_decide(
            application=application, actor=hearing.case.judge, grant=True, reasons=""
        )
    assert exc.value.code == HearingErrorCode.REASONS

    # everyone on the other side has been heard: the judge decides before the period ends
    decided = witnesses.witness_decide(
        application=application,
        actor=hearing.case.judge,
        grant=True,
        reasons="亲属关系不影响作证资格，证言可信度由法庭审查。",
    )
    assert decided.status == ApplicationStatus.GRANTED
    seat = decided.participant
    assert seat.role == "witness" and seat.name == "赵证人" and seat.party.name == "张三"
    assert seat.hearing_id == hearing.pk and seat.token
    payload = _events(HearingEvent.WITNESS_DECIDED).get().payload
    assert payload["granted"] is True and payload["participant"] == str(seat.pk)

    # after the decision the objection is refused, and there is no second decision
    with pytest.raises(HearingError) as exc:
        witnesses.witness_object(application=application, user=_li(), reasons="迟到的反对")
    assert exc.value.code == HearingErrorCode.DECIDED
    with pytest.raises(HearingError) as exc:
        witnesses.witness_decide(
            application=application, actor=hearing.case.judge, grant=False, reasons="改判"
        )
    assert exc.value.code == HearingErrorCode.DECIDED


def test_refused_witness_gets_no_seat_and_late_objection_refused(hearing, demo):
    application = _apply(hearing, demo["litigant"])
    WitnessApplication.objects.filter(pk=application.pk).update(
        objection_until=timezone.now() - dt.timedelta(minutes=1)
    )
    application.refresh_from_db()
    with pytest.raises(HearingError) as exc:
        witnesses.witness_object(application=application, user=_li(), reasons="太晚")
    assert exc.value.code == HearingErrorCode.OBJECTION_LATE
    decided = witnesses.witness_decide(
        application=application,
        actor=hearing.case.judge,
        grant=False,
        reasons="待证事实与本案无关。",
    )
    assert decided.status == ApplicationStatus.REFUSED and decided.participant is None
    assert not Participant.objects.filter(hearing=hearing, role="witness").exists()


def test_bad_applications_refused(hearing, demo):
    with pytest.raises(HearingError) as exc:
        _apply(hearing, demo["litigant"], testimony="")
    assert exc.value.code == HearingErrorCode.WITNESS_FIELDS
    with pytest.raises(HearingError) as exc:  # the clerk is no party
        _apply(hearing, demo["clerk"])
    assert exc.value.code == HearingErrorCode.NOT_A_PARTY


def test_undertaking_signed_after_second_check_before_admission(hearing, demo):
    application = _apply(hearing, demo["litigant"])
    witnesses.witness_object(application=application, user=_li(), reasons="反对")
    seat = witnesses.witness_decide(
        application=application, actor=hearing.case.judge, grant=True, reasons="准许"
    ).participant
    hearing.status = "open"
    hearing.save(update_fields=["status"])
    with pytest.raises(HearingError) as exc:  # no undertaking yet: the judge cannot admit
        room_rules.participant_moderate(
            hearing=hearing, actor=hearing.case.judge, target=seat, action="admit"
        )
    assert exc.value.code == HearingErrorCode.NO_UNDERTAKING
    with pytest.raises(HearingError) as exc:  # nor can the witness skip it
        room_rules.participant_prepare(participant=seat, consent=True, rules=True, device_ok=True)
    assert exc.value.code == HearingErrorCode.NO_UNDERTAKING
    with pytest.raises(HearingError) as exc:  # the second identity check fails
        witnesses.undertaking_sign(participant=seat, image=_png(), digits="000000")
    assert exc.value.code == HearingErrorCode.IDENTITY
    with pytest.raises(HearingError) as exc:  # an empty pad
        witnesses.undertaking_sign(participant=seat, image=_png(False), digits="011234")
    assert exc.value.code == HearingErrorCode.NO_SIGNATURE
    seat = witnesses.undertaking_sign(participant=seat, image=_png(), digits="011234")
    assert seat.undertaking_signed_at and seat.undertaking_image.startswith("data:image/png")
    checks = [
        e.payload["passed"]
        for e in _events(HearingEvent.IDENTITY_CHECKED).order_by("seq")
        if e.payload["participant"] == str(seat.pk)
    ]
    assert checks == [False, True]
    assert _events(HearingEvent.UNDERTAKING_SIGNED).count() == 1
    room_rules.participant_prepare(participant=seat, consent=True, rules=True, device_ok=True)
    admitted = room_rules.participant_moderate(
        hearing=hearing, actor=hearing.case.judge, target=seat, action="admit"
    )
    assert admitted.admitted_at is not None


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_pages_scoped_foreign_user_gets_404(hearing, demo):
    application = _apply(hearing, demo["lawyer"])
    page = reverse("hearings:witness_application", args=[hearing.pk, application.pk])
    outsider = User.objects.create_user("13911112222", "x-password-1", name="路人")
    c = _client(outsider)
    assert c.get(page).status_code == 404
    assert c.get(reverse("hearings:witness_apply", args=[hearing.pk])).status_code == 404
    act = reverse(
        "hearings:witness_application_action", args=[hearing.pk, application.pk, "object"]
    )
    assert c.post(act, {"reasons": "x"}).status_code == 404
    assert not application.objections.exists()

    # the other side sees the testimony but not the ID number, and may object on the page
    li = _client(_li())
    body = li.get(page).content.decode()
    assert "目睹被告收到借款五万元" in body and "310105199001011234" not in body
    assert 'data-testid="object"' in body
    li.post(act, {"reasons": "证人与原告有利害关系。"})
    assert application.objections.get().reasons == "证人与原告有利害关系。"
    # the judge sees the ID number and decides on the page
    judge = _client(hearing.case.judge)
    body = judge.get(page).content.decode()
    assert "310105199001011234" in body and 'data-testid="grant"' in body
    grant = reverse(
        "hearings:witness_application_action", args=[hearing.pk, application.pk, "grant"]
    )
    judge.post(grant, {"reasons": "准许证人在线作证。"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    assert application.participant.token in judge.get(page).content.decode()
    # an objection after the decision is refused with its reason shown
    response = li.post(act, {"reasons": "补充反对"}, follow=True)
    with translation.override("zh-hans"):
        said = str(HearingErrorCode.DECIDED.message)
    assert said in response.content.decode()
    assert application.objections.count() == 1


def test_a_witness_is_seated_only_through_the_grant(hearing, demo):
    """No direct way in: the judge's old "call a witness" form is gone, and a witness seat made
    by any other path than the grant (here straight in the database) is refused at the link,
    at entry and at admission with ``witness_not_granted``."""
    judge = _client(hearing.case.judge)
    direct = judge.post(
        f"/hearings/{hearing.pk}/witnesses/",
        {"name": "钱证人", "phone": "13900000098", "id_number": "310105198801012345"},
    )
    assert direct.status_code == 404
    assert not Participant.objects.filter(hearing=hearing, role="witness").exists()
    assert 'data-testid="witness-how"' in judge.get(f"/hearings/{hearing.pk}/").content.decode()

    stray = ungranted_witness(hearing, undertaking_image=_png())
    hearing.status = "open"
    hearing.save(update_fields=["status"])
    stray = Participant.objects.select_related("hearing").get(pk=stray.pk)
    assert room_rules.entry_refusal(participant=stray) == HearingErrorCode.WITNESS_NOT_GRANTED
    with pytest.raises(HearingError) as exc:
        room_rules.participant_moderate(
            hearing=hearing, actor=hearing.case.judge, target=stray, action="admit"
        )
    assert exc.value.code == HearingErrorCode.WITNESS_NOT_GRANTED
    stray.refresh_from_db()
    assert stray.admitted_at is None
    assert Client().get(f"/hearings/w/{stray.token}/").status_code == 404

    # a refused application seats nobody; a granted one seats its witness, who may enter
    application = _apply(hearing, demo["litigant"])
    witnesses.witness_object(application=application, user=_li(), reasons="反对")
    seat = witnesses.witness_decide(
        application=application, actor=hearing.case.judge, grant=True, reasons="准许"
    ).participant
    assert room_rules.witness_granted(seat)
    added = _events(HearingEvent.WITNESS_ADDED).get()
    assert added.payload["application"] == str(application.pk)
    assert Client().get(f"/hearings/w/{seat.token}/").status_code == 302
