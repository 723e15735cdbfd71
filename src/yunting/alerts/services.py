"""The daily digest: one e-mail a day to each person responsible for warnings, listing them.

Sent through the notify app (queued after commit, sent by the worker's ``send_email`` task
over SMTP); the ``Digest`` row of (person, day) is written in the same transaction, so a
second run that day — another worker's runner, a restart — sends nothing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yunting.accounts.selectors import user_staff_assignments
from yunting.core.formatting import beijing_today, format_date
from yunting.ledger.services import record_event
from yunting.notify.services import notice_send_email

from . import events
from .models import Digest
from .selectors import Item, alerts_for_user, digest_recipients


def how_far(item: Item) -> str:
    """“3 days past (last day 2 Dec 2026)” / “2 days left (to …)”, for the page and mail."""
    day = format_date(item.alert.last_day)
    if item.alert.days_left < 0:
        return _("%(days)s days past (last day %(day)s)") % {
            "days": item.alert.days_over,
            "day": day,
        }
    if item.alert.days_left == 0:
        return _("last day today (%(day)s)") % {"day": day}
    return _("%(days)s days left (last day %(day)s)") % {"days": item.alert.days_left, "day": day}


def digest_text(*, user, sections, today: dt.date) -> tuple[str, str]:
    """Subject and body of ``user``'s digest (in the court's language, Chinese)."""
    total = sum(len(items) for _kind, items in sections)
    subject = _("Early warnings for %(day)s: %(count)s") % {
        "day": format_date(today),
        "count": total,
    }
    lines = [_("Dear %(name)s,") % {"name": user.name}, ""]
    for kind, items in sections:
        if not items:
            continue
        lines.append(f"{kind.title} ({len(items)})")
        lines += [f"  - {i.reference} {i.subject}: {how_far(i)}" for i in items]
        lines.append("")
    lines.append(
        _("All warnings: %(url)s") % {"url": settings.YUNTING_SITE_URL + reverse("alerts:index")}
    )
    return subject, "\n".join(lines)


def digest_send(*, user, today: dt.date | None = None) -> Digest | None:
    """Queue ``user``'s digest of ``today`` unless it was already sent or nothing warns.
    Returns the digest written, else ``None``."""
    today = today or beijing_today()
    if not user.email or Digest.objects.filter(user=user, day=today).exists():
        return None
    with translation.override(settings.LANGUAGE_CODE):
        sections = alerts_for_user(user=user, today=today)
        total = sum(len(items) for _kind, items in sections)
        if not total:
            return None
        subject, body = digest_text(user=user, sections=sections, today=today)
    assignments = user_staff_assignments(user=user)
    try:
        with transaction.atomic():
            digest = Digest(
                user=user,
                day=today,
                items=total,
                counts={kind.key: len(items) for kind, items in sections if items},
            )
            digest.full_clean(exclude=["user"])
            digest.save()
            record_event(
                events.digest_sent(
                    digest=digest, court=assignments[0].court if assignments else None
                )
            )
            notice_send_email(address=user.email, subject=subject, body=body)
    except IntegrityError:  # another runner wrote it first
        return None
    return digest


def digests_send(*, today: dt.date | None = None) -> int:
    """Every responsible person's digest of ``today``; returns how many were queued."""
    today = today or beijing_today()
    return sum(digest_send(user=user, today=today) is not None for user in digest_recipients())
