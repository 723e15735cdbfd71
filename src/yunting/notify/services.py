"""One way to reach a person: e-mail through SMTP, SMS through the provider protocol.

Notices are sent by the worker after the asking transaction commits
(``core.tasks.enqueue_on_commit``), so a rolled-back write never sends anything."""

from __future__ import annotations

from yunting.core.tasks import enqueue_on_commit, send_email

from .tasks import send_sms


def notice_send_sms(*, phone: str, text: str) -> None:
    enqueue_on_commit(send_sms, to=phone, text=text)


def notice_send_email(*, address: str, subject: str, body: str) -> None:
    enqueue_on_commit(send_email, to=[address], subject=subject, body=body)
