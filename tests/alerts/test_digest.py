"""The daily digest: received over SMTP on loopback after the real worker ran, listing the
person's warnings; a second run the same day sends nothing; the next day sends again."""

from __future__ import annotations

import datetime as dt
import email.header

import pytest
from django.utils import timezone

from yunting.alerts.demo import demo_case
from yunting.alerts.models import Digest
from yunting.alerts.services import digest_send, digests_send
from yunting.core.periodic import JOBS

pytestmark = pytest.mark.django_db(transaction=True)


def subject(message) -> str:
    return "".join(
        part.decode(enc or "utf-8") if isinstance(part, bytes) else part
        for part, enc in email.header.decode_header(message["Subject"])
    )


def body(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def to(inbox, address: str) -> list:
    return [m for m in inbox.messages if address in m["To"]]


def test_the_digest_arrives_once_a_day(warned, smtp_inbox, run_worker):
    liu = warned["liu"]
    today = timezone.localdate()
    sent = digests_send(today=today)
    run_worker()
    mine = to(smtp_inbox, liu.email)
    assert len(mine) == 1
    text = body(mine[0])
    # 刘法官: trial limits L1, L2; fees F1; summons H1, H2 — 5 warnings
    assert subject(mine[0]).endswith("预警：5条")
    for key in ("L1", "L2", "F1", "H1", "H2"):
        assert demo_case(key).case_number in text
    for key in ("L3", "L4", "F2", "F3", "H3", "H4", "S1"):
        assert demo_case(key).case_number not in text
    assert "/workbench/warnings/" in text
    # finance gets F1 and F3, the clerk S1 and the summons
    assert demo_case("F3").case_number in body(to(smtp_inbox, warned["finance"].email)[0])
    assert demo_case("S1").case_number in body(to(smtp_inbox, warned["clerk"].email)[0])
    assert Digest.objects.get(user=liu, day=today).counts == {"limits": 2, "fees": 1, "summons": 2}

    count = len(smtp_inbox.messages)
    assert sent == count
    assert digests_send(today=today) == 0
    assert digest_send(user=liu, today=today) is None
    run_worker()
    assert len(smtp_inbox.messages) == count

    assert digest_send(user=liu, today=today + dt.timedelta(days=1)) is not None
    run_worker()
    assert len(to(smtp_inbox, liu.email)) == 2


def test_someone_without_warnings_gets_no_mail(warned, smtp_inbox, run_worker):
    officer = warned["service_officer"]  # keeps no warning list
    assert digest_send(user=officer, today=timezone.localdate()) is None
    run_worker()
    assert to(smtp_inbox, officer.email) == []


def test_the_digest_is_a_periodic_job_of_the_worker(settings, warned, smtp_inbox, run_worker):
    job = JOBS["yunting.alerts.jobs.alert_digests"]
    assert job.setting == "YUNTING_ALERT_DIGEST_SECONDS"
    settings.YUNTING_ALERT_DIGEST_HOUR = 0  # any hour of the day
    assert job.func() > 0
    run_worker()
    assert to(smtp_inbox, warned["liu"].email)
    assert job.func() == 0
