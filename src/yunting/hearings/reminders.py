"""Reminders the day before and an hour before a hearing, by SMS through the notify app.

``yunting hearings_remind`` sends what is due; run it every few minutes (cron or a systemd
timer). Each reminder goes once: the hearing row is locked and stamped in the same
transaction that queues the messages (sent by the worker after commit)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Hearing, HearingStatus, ParticipantRole

DAY = dt.timedelta(hours=24)
HOUR = dt.timedelta(hours=1)


def _text(hearing: Hearing, when: str) -> str:
    from .services import hearing_place

    local = timezone.localtime(hearing.starts_at)
    return (
        f"【云庭】提醒：{hearing.case.case_number}定于{local:%m月%d日%H:%M}（{when}）"
        f"在{hearing_place(hearing)}{hearing.get_kind_display()}。"
        "在线参加的请提前完成身份核验和设备调试。"
    )


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Queue the due reminders; returns how many messages were queued."""
    from yunting.notify.services import notice_send_sms

    now = now or timezone.now()
    sent = 0
    for field, ahead, label in (
        ("reminded_day_at", DAY, "明天"),
        ("reminded_hour_at", HOUR, "一小时后"),
    ):
        due = Hearing.objects.filter(
            status=HearingStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + ahead,
            **{f"{field}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in list(due):
            with transaction.atomic():
                hearing = (
                    Hearing.objects.select_for_update()
                    .select_related("case", "courtroom", "courtroom__court")
                    .get(pk=pk)
                )
                if getattr(hearing, field) is not None:
                    continue
                phones = {
                    p.phone or (p.user.phone if p.user_id else "")
                    for p in hearing.participants.select_related("user")
                    if p.role != ParticipantRole.WITNESS or p.admitted_at is None
                }
                for phone in sorted(x for x in phones if x):
                    notice_send_sms(phone=phone, text=_text(hearing, label))
                    sent += 1
                setattr(hearing, field, now)
                hearing.save(update_fields=[field])
    return sent
