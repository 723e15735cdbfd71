"""Webhooks and the pull endpoint, both fed from the ledger: after each committed write
transaction the new entries whose type is in :data:`EVENT_TYPES` become ``OutEvent`` rows for
the institution the filing, case or dispute belongs to, and each subscribed endpoint gets a
``Delivery``. Apps added later plug in by adding their ledger event types to the table.

A delivery is one POST, signed ``X-Yunting-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" with the endpoint's secret>``, with a short timeout, each in its own task, so a
slow or failing endpoint never holds up another. Failures are retried with exponential
backoff (``RETRY_DELAYS``, or the setting ``YUNTING_WEBHOOK_RETRY_DELAYS``); after the last the
delivery is failed and the endpoint marked failing. The worker's periodic runner calls
:func:`deliver_due` every ``YUNTING_WEBHOOK_SWEEP_SECONDS`` (30) to queue the retries that
have fallen due. Each task carries the attempt number it was queued for and claims the
delivery by it (a conditional UPDATE), so a retry queued twice, by two workers' sweeps or by a
sweep and a redelivery, is still one POST."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from yunting.accounts.roles import Role
from yunting.core.periodic import periodic
from yunting.core.tasks import enqueue_on_commit
from yunting.ledger.models import Entry
from yunting.ledger.services import format_time, record_event
from yunting.ledger.signals import entries_committed

from . import disputes, events
from .errors import InstitutionError, InstitutionErrorCode
from .keys import ensure_institution
from .models import Delivery, DeliveryStatus, FanOutCursor, OutEvent, WebhookEndpoint

if TYPE_CHECKING:
    from yunting.accounts.models import User

# The public events an institution may choose; the ledger event types that raise each.
# A document is served for the institution once its proof of service (送达回证) is filed; a
# hearing is fixed when the judge schedules it or fixes one of the times proposed.
EVENT_TYPES: dict[str, str] = {
    "filing.accepted": "filing.accepted",
    "filing.refused": "filing.refused",
    "filing.correction_requested": "filing.correction_requested",
    "fees.order_created": "fee.assessed",
    "fees.payment_confirmed": "payment.confirmed",
    "service.receipt_filed": "document.served",
    "hearings.scheduled": "hearing.fixed",
    "hearings.fixed": "hearing.fixed",
    "judgments.issued": "judgment.issued",
    "judgments.closed": "case.closed",
    **disputes.EVENT_TYPES,  # mediation: the disputes the institution registered
}
# The payload fields an event carries, where not all of the ledger entry's (internal fields,
# such as how the proposed times ranked, stay in the ledger).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "service.receipt_filed": ("task", "document", "party", "case_number", "receipt", "served_at"),
    "hearings.scheduled": ("hearing", "kind", "starts_at", "ends_at", "online"),
    "hearings.fixed": ("hearing", "kind", "starts_at"),
}
EVENTS = (
    "filing.accepted",
    "filing.refused",
    "filing.correction_requested",
    "fee.assessed",
    "payment.confirmed",
    "document.served",
    "hearing.fixed",
    "judgment.issued",
    "case.closed",
    *disputes.EVENTS,
)
RETRY_DELAYS = (10, 60, 300, 1800, 7200)  # seconds after attempt 1, 2, …
TIMEOUT = 5.0
LEASE = 60  # seconds a claimed attempt is left alone by the sweep (a worker died mid-POST)
SIGNATURE_HEADER = "X-Yunting-Signature"
TOLERANCE = 300  # a signature older than this is a replay


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, body: bytes, header: str, *, now: int | None = None) -> None:
    """What a receiver does (and the test receiver does): refuse unsigned, forged or stale."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts or not parts["t"].isdigit():
        raise InstitutionError(InstitutionErrorCode.BAD_SIGNATURE)
    expected = sign(secret, body, int(parts["t"])).split("v1=")[1]
    if not hmac.compare_digest(expected, parts["v1"]):
        raise InstitutionError(InstitutionErrorCode.BAD_SIGNATURE)
    if abs((int(time.time()) if now is None else now) - int(parts["t"])) > TOLERANCE:
        raise InstitutionError(InstitutionErrorCode.STALE_SIGNATURE)


# --- endpoints ------------------------------------------------------------------------------


@transaction.atomic
def endpoint_create(*, user: User, url: str, events_chosen: list[str]) -> WebhookEndpoint:
    ensure_institution(user)
    if not url.startswith(("http://", "https://")):
        raise InstitutionError(InstitutionErrorCode.BAD_URL, field="url")
    chosen = list(dict.fromkeys(events_chosen))
    if not chosen or any(e not in EVENTS for e in chosen):
        raise InstitutionError(InstitutionErrorCode.BAD_EVENTS, field="events")
    endpoint = WebhookEndpoint(
        owner=user, url=url, events=chosen, secret=f"whsec_{secrets.token_urlsafe(32)}"
    )
    endpoint.full_clean()
    endpoint.save()
    record_event(events.endpoint_created(endpoint=endpoint, actor=user))
    return endpoint


@transaction.atomic
def endpoint_remove(*, endpoint: WebhookEndpoint, user: User) -> None:
    record_event(events.endpoint_removed(endpoint=endpoint, actor=user))
    endpoint.delete()


# --- from the ledger to events --------------------------------------------------------------


def _owners(entries: list[Entry]) -> dict[int, list]:
    """The institution users each entry concerns: the author of its filing or of its case's."""
    from yunting.filing.models import Filing

    filing_ids, case_ids = set(), set()
    payloads = {}
    for e in entries:
        payloads[e.seq] = e.payload
        if payloads[e.seq].get("filing"):
            filing_ids.add(payloads[e.seq]["filing"])
        if e.case_id:
            case_ids.add(e.case_id)
    rows = Filing.objects.filter(pk__in=filing_ids).values_list("pk", "created_by_id")
    by_filing = {str(pk): user for pk, user in rows}
    rows = Filing.objects.filter(case_id__in=case_ids).values_list("case_id", "created_by_id", "pk")
    by_case = {case: (user, str(pk)) for case, user, pk in rows}
    result = {}
    for e in entries:
        owner = by_filing.get(payloads[e.seq].get("filing", ""))
        filing = payloads[e.seq].get("filing")
        if owner is None and e.case_id in by_case:
            owner, filing = by_case[e.case_id]
        if owner is not None:
            result[e.seq] = (owner, filing, payloads[e.seq])
    return result


def fan_out() -> int:
    """Turn every new mapped ledger entry into events and deliveries; returns the count.
    Safe to run at any time and concurrently (the cursor row is locked)."""
    from yunting.accounts.models import RoleAssignment

    made = 0
    while True:
        with transaction.atomic():
            FanOutCursor.objects.get_or_create(pk=1)
            cursor = FanOutCursor.objects.select_for_update().get(pk=1)
            entries = list(Entry.objects.filter(seq__gt=cursor.last_seq).order_by("seq")[:2000])
            if not entries:
                return made
            mapped = [e for e in entries if e.event_type in EVENT_TYPES]
            of_disputes = disputes.out_events(
                [e for e in mapped if e.event_type in disputes.EVENT_TYPES]
            )
            owners = _owners([e for e in mapped if e.event_type not in disputes.EVENT_TYPES])
            institutions = set(
                RoleAssignment.objects.filter(
                    role=Role.INSTITUTION,
                    user_id__in={o for o, _f, _p in owners.values()}
                    | {o for o, _d in of_disputes.values()},
                ).values_list("user_id", flat=True)
            )
            out = []
            for e in mapped:
                if e.seq in of_disputes:
                    owner, data = of_disputes[e.seq]
                elif e.seq in owners:
                    owner, data = _filing_data(e, *owners[e.seq])
                else:
                    continue
                if owner not in institutions:
                    continue
                out.append(
                    OutEvent(
                        owner_id=owner,
                        event=EVENT_TYPES[e.event_type],
                        entry_seq=e.seq,
                        time=e.time,
                        data=data,
                    )
                )
            OutEvent.objects.bulk_create(out, ignore_conflicts=True)
            made += len(out)
            if out:
                _deliveries_for(OutEvent.objects.filter(entry_seq__in=[o.entry_seq for o in out]))
            cursor.last_seq = entries[-1].seq
            cursor.save(update_fields=["last_seq"])


def _filing_data(e: Entry, owner, filing: str | None, payload: dict) -> tuple:
    """An event of a filing or case: its filing and case, then the payload's fields."""
    data = {"filing": filing, "case": str(e.case_id) if e.case_id else None}
    fields = EVENT_FIELDS.get(e.event_type)
    data.update(
        {k: v for k, v in payload.items() if k != "filing" and (fields is None or k in fields)}
    )
    return owner, data


def _deliveries_for(out_events) -> None:
    out_events = list(out_events)
    endpoints = WebhookEndpoint.objects.filter(
        owner_id__in={e.owner_id for e in out_events}, is_active=True
    )
    by_owner: dict = {}
    for endpoint in endpoints:
        by_owner.setdefault(endpoint.owner_id, []).append(endpoint)
    now = timezone.now()
    deliveries = [
        Delivery(endpoint=ep, event=ev, next_attempt_at=now)
        for ev in out_events
        for ep in by_owner.get(ev.owner_id, [])
        if ev.event in ep.events
    ]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    for d in deliveries:
        enqueue_on_commit(deliver_task, delivery_id=str(d.id), attempt=0)


@task()
def fan_out_task() -> int:
    return fan_out()


@receiver(entries_committed)
def _on_entries(sender, **kwargs) -> None:
    fan_out_task.enqueue()


# --- delivering -----------------------------------------------------------------------------


def event_body(event: OutEvent) -> dict:
    return {
        "id": event.seq,
        "event": event.event,
        "time": format_time(event.time),
        "data": event.data,
    }


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "YUNTING_WEBHOOK_RETRY_DELAYS", None) or RETRY_DELAYS)


def claim(delivery_id: str, attempt: int) -> Delivery | None:
    """Take a pending delivery for its attempt number ``attempt + 1``, or None if another task
    has made that attempt (or is making it) or the delivery is no longer pending."""
    lease = timezone.now() + dt.timedelta(seconds=LEASE)
    taken = Delivery.objects.filter(
        pk=delivery_id, attempts=attempt, status=DeliveryStatus.PENDING
    ).update(attempts=attempt + 1, next_attempt_at=lease)
    if not taken:
        return None
    return Delivery.objects.select_related("endpoint", "event").get(pk=delivery_id)


def deliver(delivery: Delivery, *, claimed: bool = False) -> Delivery:
    """One attempt: POST, log the answer, schedule the next try or give up. ``claimed``: the
    attempt was already counted by :func:`claim`."""
    endpoint = delivery.endpoint
    body = json.dumps(event_body(delivery.event), ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked when registered
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(endpoint.secret, body),
            "X-Yunting-Event": delivery.event.event,
            "X-Yunting-Delivery": str(delivery.id),
        },
    )
    started = time.monotonic()
    status, text = 0, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
            status, text = answer.status, answer.read(2000).decode(errors="replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read(2000).decode(errors="replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        text = str(getattr(exc, "reason", exc))[:500]
    now = timezone.now()
    if not claimed:
        delivery.attempts += 1
    delays = retry_delays()
    delivery.log = [
        *delivery.log,
        {
            "time": format_time(now),
            "status": status,
            "response": text[:2000],
            "ms": int((time.monotonic() - started) * 1000),
        },
    ]
    if 200 <= status < 300:
        delivery.status = DeliveryStatus.DELIVERED
        if endpoint.failing_since is not None:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
    elif delivery.attempts > len(delays):
        delivery.status = DeliveryStatus.FAILED
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
            failing_since=now
        )
    else:
        delivery.next_attempt_at = now + dt.timedelta(seconds=delays[delivery.attempts - 1])
    delivery.save(update_fields=["attempts", "log", "status", "next_attempt_at"])
    return delivery


@task()
def deliver_task(*, delivery_id: str, attempt: int | None = None) -> str:
    if attempt is None:  # queued before attempts were counted in the task
        attempt = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True)[0]
    delivery = claim(delivery_id, attempt)
    if delivery is None:
        return "skipped"
    return deliver(delivery, claimed=True).status


@periodic(every=30, setting="YUNTING_WEBHOOK_SWEEP_SECONDS")
def deliver_due(*, now: dt.datetime | None = None) -> int:
    """Queue every pending delivery whose next attempt is due (the worker runs this
    periodically; see ``core.periodic``)."""
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now()
    ).values_list("pk", "attempts")
    count = 0
    for pk, attempts in due:
        deliver_task.enqueue(delivery_id=str(pk), attempt=attempts)
        count += 1
    return count


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery, user: User) -> Delivery:
    """Send a delivery again now, as its institution asks (after fixing its endpoint): a
    failed one becomes pending with a fresh round of retries."""
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("endpoint", "event")
        .get(pk=delivery.pk, endpoint__owner=user)
    )
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    if delivery.attempts > len(retry_delays()):
        delivery.attempts = 0  # a new round; the log keeps every earlier attempt
    delivery.save(update_fields=["status", "next_attempt_at", "attempts"])
    record_event(events.delivery_redelivered(delivery=delivery, actor=user))
    enqueue_on_commit(deliver_task, delivery_id=str(delivery.id), attempt=delivery.attempts)
    return delivery
