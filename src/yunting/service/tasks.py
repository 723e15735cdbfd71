"""Background work of the service app: sending over e-mail and SMS (after the dispatching
transaction commits), completing public notices and reminding parties before a period ends."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from yunting.ledger.services import record_event

from . import events


def attempt_run(attempt_id: str, connection=None) -> str:
    """Send one attempt and record what happened (each in its own committed transaction)."""
    from .channels import transport
    from .models import AttemptStatus, ServiceAttempt
    from .services import attempt_delivered, attempt_failed

    attempt = (
        ServiceAttempt.objects.select_related(
            "task__court", "task__case", "task__party", "task__document"
        )
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None or attempt.status not in (AttemptStatus.QUEUED, AttemptStatus.CLOSED):
        return "skipped"
    if attempt.sent_at is not None:
        return "skipped"
    outcome = transport(attempt, connection)
    now = timezone.now()
    with transaction.atomic(durable=True):
        if outcome.status == AttemptStatus.DELIVERED:
            attempt_delivered(
                attempt=attempt, at=now, actor=None, provider_ref=outcome.ref, sent_at=now
            )
        else:
            ServiceAttempt.objects.filter(pk=attempt.pk).update(sent_at=now)
            attempt_failed(attempt=attempt, status=outcome.status, error=outcome.error, actor=None)
    return outcome.status


@task()
def attempt_send(*, attempt_id: str) -> str:
    return attempt_run(attempt_id)


@task()
def receipt_issue_task(*, task_id: str, served_at: str = "") -> str:
    """File the proof of a completed service (see services.service_receipt_issue)."""
    from .models import ServiceTask
    from .services import service_receipt_issue

    doc = service_receipt_issue(task=ServiceTask.objects.get(pk=task_id), served_at=served_at)
    return str(doc.id) if doc else ""


@task()
def filing_confirmation_task(*, party_id: str, filer_id: str, officer_id: str, data: dict) -> str:
    """Seal the 送达地址确认书 the filer gave with the filing (see
    addresses.address_confirm_from_filing)."""
    from yunting.accounts.models import User
    from yunting.cases.models import Party

    from .addresses import address_confirm_by_party
    from .models import AddressConfirmation

    party = Party.objects.select_related("case__court").get(pk=party_id)
    if AddressConfirmation.objects.filter(party=party).exists():
        return "skipped"  # confirmed already (a retry, or confirmed again since)
    confirmation = address_confirm_by_party(
        party=party,
        actor=User.objects.get(pk=filer_id),
        issuer=User.objects.get(pk=officer_id),
        inbox=bool(data.get("inbox")),
        mobile=data.get("mobile", ""),
        email=data.get("email", ""),
        postal=data.get("postal", ""),
        consent=set(data.get("consent", ())),
    )
    return str(confirmation.id)


REMIND_DAYS = (3, 1)


def clock_reminders(*, today: dt.date | None = None) -> int:
    """Remind the party (its account's e-mail and SMS, and its agents') 3 days and 1 day
    before a running period ends; each reminder once."""
    from django.db import IntegrityError

    from yunting.cases.models import Clock
    from yunting.notify.services import notice_send_email, notice_send_sms

    from .models import ClockReminder

    today = today or timezone.localdate()
    sent = 0
    for days in REMIND_DAYS:
        clocks = (
            Clock.objects.filter(stopped_at=None, due_on=today + dt.timedelta(days=days))
            .exclude(party=None)
            .select_related("case__court", "party")
        )
        for clock in clocks:
            people = [clock.party.user] if clock.party.user_id else []
            people += [a.user for a in clock.party.agents.exclude(user=None)]
            try:
                with transaction.atomic():
                    ClockReminder.objects.create(clock=clock, days_before=days)
                    text = (
                        f"【{clock.case.court.name}】{clock.case.case_number}"
                        f"{clock.get_kind_display()}将于{clock.due_on:%Y-%m-%d}届满。"
                    )
                    for person in people:
                        if person.email:
                            notice_send_email(address=person.email, subject=text, body=text)
                        notice_send_sms(phone=person.phone, text=text)
                    record_event(
                        events.reminder_sent(clock=clock, days_before=days, recipients=len(people))
                    )
                    sent += 1
            except IntegrityError:
                continue  # already reminded
    return sent


@task()
def service_daily(*, today: str = "") -> dict:
    """Run once a day (cron: ``yunting service_daily``)."""
    from .services import service_notices_complete

    day = dt.date.fromisoformat(today) if today else None
    return {
        "notices_completed": service_notices_complete(today=day),
        "reminders": clock_reminders(today=day),
    }
