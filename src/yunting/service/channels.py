"""The transports behind the electronic channels: e-mail over SMTP and SMS through the
provider protocol of ``notify/sms.py``. Each answers delivered (with the provider's reference)
or a failure (bounced: the mail server refused the address for good)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from yunting.notify.sms import SmsError, sms_send

from .links import link_url
from .models import AttemptStatus, Channel, ServiceAttempt

ATTEMPT_HEADER = "X-Yunting-Service-Attempt"


@dataclass(frozen=True)
class Outcome:
    status: str  # delivered / failed / bounced
    ref: str = ""
    error: str = ""


def sms_text(attempt: ServiceAttempt) -> str:
    """One 70-character segment where the court's name allows: who sends, and the link."""
    return f"【{attempt.task.court.name}】您有法律文书送达，请点击查收：{link_url(attempt)}"


def email_message(attempt: ServiceAttempt, connection=None) -> EmailMessage:
    task = attempt.task
    url = link_url(attempt)
    body = (
        f"{task.party.name}：\n\n"
        f"{task.court.name}向你送达（{task.case.case_number}）{task.document.title}。\n"
        f"请打开以下链接，核验身份后查阅文书（链接仅限本人使用，{attempt.link_expires_at:%Y-%m-%d}前有效）：\n"
        f"{url}\n\n"
        "You are being served a court document. Open the link above and confirm your identity "
        "to read it.\n"
    )
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "yunting.invalid"
    return EmailMessage(
        subject=f"【{task.court.name}】法律文书送达 {task.case.case_number}",
        body=body,
        to=[attempt.address],
        headers={"Message-ID": make_msgid(domain=domain), ATTEMPT_HEADER: str(attempt.id)},
        connection=connection,
    )


def send_email(attempt: ServiceAttempt, connection=None) -> Outcome:
    message = email_message(attempt, connection)
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        status = AttemptStatus.BOUNCED if all(c >= 500 for c in codes) else AttemptStatus.FAILED
        return Outcome(status, error=f"SMTP refused the address: {exc.recipients}")
    except smtplib.SMTPResponseException as exc:
        status = AttemptStatus.BOUNCED if exc.smtp_code >= 500 else AttemptStatus.FAILED
        return Outcome(status, error=f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(AttemptStatus.FAILED, error=f"SMTP unreachable: {exc}")
    return Outcome(AttemptStatus.DELIVERED, ref=message.extra_headers["Message-ID"])


def send_sms(attempt: ServiceAttempt) -> Outcome:
    try:
        ref = sms_send(to=attempt.address, text=sms_text(attempt))
    except SmsError as exc:
        return Outcome(AttemptStatus.FAILED, error=str(exc))
    return Outcome(AttemptStatus.DELIVERED, ref=ref)


def transport(attempt: ServiceAttempt, connection=None) -> Outcome:
    if attempt.channel == Channel.EMAIL:
        return send_email(attempt, connection)
    if attempt.channel == Channel.SMS:
        return send_sms(attempt)
    raise ValueError(f"no transport for {attempt.channel}")


def smtp_connection():
    return get_connection(fail_silently=False)
