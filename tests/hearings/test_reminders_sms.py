"""Reminders and the SMS identity code, through the real worker and the local SMS provider."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.hearings.conftest import at
from yunting.hearings import room as room_rules
from yunting.hearings import services
from yunting.hearings.errors import HearingError, HearingErrorCode
from yunting.hearings.reminders import reminders_send

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed tasks


def test_day_and_hour_reminders_go_once(hcase, room, sms_provider, run_worker):
    h = services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(2, 10)
    )
    start = h.starts_at
    assert reminders_send(now=start - dt.timedelta(hours=30)) == 0  # not due yet
    day = reminders_send(now=start - dt.timedelta(hours=20))
    assert reminders_send(now=start - dt.timedelta(hours=19)) == 0  # once only
    hour = reminders_send(now=start - dt.timedelta(minutes=50))
    run_worker()
    assert day == hour >= 3
    texts = sms_provider.to("13900000001")
    assert len(texts) == 2 and "明天" in texts[0] and "一小时后" in texts[1]
    assert hcase.case_number in texts[0]


def test_sms_identity_code(hcase, room, sms_provider, run_worker):
    h = services.hearing_schedule(
        case=hcase,
        actor=hcase.judge,
        kind="trial",
        courtroom=room,
        starts_at=timezone.now() + dt.timedelta(minutes=10),
    )
    seat = h.participants.get(role="party", name="李四")
    from django.db import transaction

    with transaction.atomic():
        room_rules.identity_sms_send(participant=seat)
    run_worker()
    (text,) = sms_provider.to("13900000002")
    code = re.search(r"(\d{6})", text).group(1)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(HearingError) as exc:
        room_rules.identity_check(participant=seat, sms_code=wrong)
    assert exc.value.code == HearingErrorCode.IDENTITY
    assert room_rules.identity_check(participant=seat, sms_code=code)
    with pytest.raises(HearingError) as exc:  # used once
        room_rules.identity_check(participant=seat, sms_code=code)
    assert exc.value.code == HearingErrorCode.IDENTITY


def test_the_worker_runs_the_reminders_as_a_periodic_job(hcase, room, sms_provider, run_worker):
    from yunting.core.periodic import JOBS

    job = JOBS["yunting.hearings.jobs.hearing_reminders"]
    assert job.setting == "YUNTING_HEARING_REMIND_SECONDS"
    h = services.hearing_schedule(
        case=hcase,
        actor=hcase.judge,
        kind="trial",
        courtroom=room,
        starts_at=timezone.now() + dt.timedelta(hours=20),
    )
    assert job.func() >= 1  # the day-before reminders
    assert job.func() == 0
    run_worker()
    h.refresh_from_db()
    assert h.reminded_day_at is not None
    assert any("明天" in text for text in sms_provider.to("13900000001"))
