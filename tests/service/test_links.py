"""Recipient links: altered, expired, another person's; identity by last 6 ID digits or SMS
code; five wrong codes lock the link; opening and reading are recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yunting.service.errors import ServiceError, ServiceErrorCode
from yunting.service.models import ServiceAttempt, ServiceTask

from .factories import DEFENDANT_CODE, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(case, confirmed, officer):
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email"], actor=officer)
    return task.attempts.get(channel="email")


def test_altered_and_unknown_links_are_refused(attempt):
    from yunting.service.links import link_resolve, link_token

    token = link_token(attempt)
    assert link_resolve(token) == attempt
    key, sig = token.split(".")
    for bad in [
        f"{key}.{sig[:-1]}{'0' if sig[-1] != '0' else '1'}",
        f"{'y' if key[0] == 'x' else 'x'}{key[1:]}.{sig}",
        key,
        "",
        ".....",
    ]:
        with pytest.raises(ServiceError) as exc:
            link_resolve(bad)
        assert exc.value.error_code == ServiceErrorCode.LINK_INVALID


def test_an_extended_expiry_breaks_the_signature_and_an_expired_link_is_refused(attempt):
    from yunting.service.links import link_resolve, link_token

    token = link_token(attempt)
    with pytest.raises(ServiceError) as exc:
        link_resolve(token, now=attempt.link_expires_at + dt.timedelta(seconds=1))
    assert exc.value.error_code == ServiceErrorCode.LINK_EXPIRED
    ServiceAttempt.objects.filter(pk=attempt.pk).update(
        link_expires_at=attempt.link_expires_at + dt.timedelta(days=30)
    )
    with pytest.raises(ServiceError) as exc:
        link_resolve(token)
    assert exc.value.error_code == ServiceErrorCode.LINK_INVALID


def test_another_persons_id_digits_do_not_open_it_and_five_wrong_codes_lock(attempt):
    from yunting.ledger.models import Entry
    from yunting.service.events import ServiceEvent
    from yunting.service.links import link_resolve, link_token, link_verify

    for n in range(4):
        with pytest.raises(ServiceError) as exc:
            link_verify(attempt=attempt, method="id6", code="122015")  # the plaintiff's digits
        assert exc.value.error_code == ServiceErrorCode.WRONG_IDENTITY
        assert str(4 - n) in exc.value.messages[0]
    with pytest.raises(ServiceError) as exc:
        link_verify(attempt=attempt, method="id6", code="000000")
    assert exc.value.error_code == ServiceErrorCode.LINK_LOCKED
    with pytest.raises(ServiceError) as exc:  # now even the right code is refused
        link_verify(attempt=attempt, method="id6", code=DEFENDANT_CODE[-6:])
    assert exc.value.error_code == ServiceErrorCode.LINK_LOCKED
    with pytest.raises(ServiceError):
        link_resolve(link_token(attempt))
    assert Entry.objects.filter(event_type=ServiceEvent.LINK_LOCKED).count() == 1
    attempt.refresh_from_db()
    assert attempt.opened_at is None


def test_right_digits_open_and_reading_is_recorded(attempt, client):
    from yunting.service.links import link_token

    token = link_token(attempt)
    page = client.get(f"/s/{token}/")
    assert page.status_code == 200 and 'data-testid="id6"' in page.content.decode()
    assert client.get(f"/s/{token}/document/").status_code == 302  # not yet verified
    wrong = client.post(f"/s/{token}/", {"method": "id6", "code": "999999"})
    assert wrong.status_code == 403
    ok = client.post(f"/s/{token}/", {"method": "id6", "code": DEFENDANT_CODE[-6:].lower()})
    assert ok.status_code == 302
    pdf = client.get(f"/s/{token}/document/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    attempt.refresh_from_db()
    assert attempt.opened_at is not None and attempt.read_at is not None
    assert attempt.identity_failures == 1
    # a second browser (another person) still has to prove identity
    from django.test import Client

    assert Client().get(f"/s/{token}/document/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_sms_code_is_sent_to_the_confirmed_mobile_only(attempt, sms_provider, run_worker):
    from yunting.service.links import link_send_code, link_verify

    link_send_code(attempt=attempt)
    run_worker()
    [text] = sms_provider.to("13900000099")
    import re

    code = re.search(r"验证码(\d{6})", text).group(1)
    with pytest.raises(ServiceError) as exc:
        link_verify(attempt=attempt, method="sms", code="000000" if code != "000000" else "1")
    assert exc.value.code == ServiceErrorCode.WRONG_IDENTITY
    link_verify(attempt=attempt, method="sms", code=code)
    attempt.refresh_from_db()
    assert attempt.opened_at is not None


def test_sms_code_before_asking_is_refused(attempt):
    from yunting.service.links import link_verify

    with pytest.raises(ServiceError) as exc:
        link_verify(attempt=attempt, method="sms", code="123456")
    assert exc.value.error_code == ServiceErrorCode.CODE_NOT_SENT


def test_expired_link_page_says_what_to_do(attempt, client):
    from yunting.service.links import link_token

    token = link_token(attempt)
    ServiceAttempt.objects.filter(pk=attempt.pk).update(
        link_expires_at=timezone.now() - dt.timedelta(days=1)
    )
    page = client.get(f"/s/{token}/")
    assert page.status_code == 404  # the signature covered the old expiry
    assert 'data-testid="link-error"' in page.content.decode()
