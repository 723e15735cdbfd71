"""Disputes for pre-litigation mediation through the institution API: a bank registers many at
once, then follows each (mediator, period, outcome) by reading it or through its event feed
and webhooks.

Registration goes item by item through ``mediation.services.dispute_register``, each in its own
savepoint: a bad item is answered with its errors by path and the good ones are kept. The JSON
Schema (``schemas/dispute-1.json``) only checks the shape; every rule of registration is the
mediation service's, whose errors are mapped onto the item's paths here. Reads are scoped to
the institution that registered the dispute: another's is a 404, like a missing one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from rest_framework import serializers

from yunting.courts.selectors import court_list
from yunting.ledger.services import record_event
from yunting.mediation import services as mediation
from yunting.mediation.errors import MediationError
from yunting.mediation.models import Dispute, DisputeStatus, Mediator

from . import events
from .errors import InstitutionError, InstitutionErrorCode
from .keys import ensure_institution
from .models import DisputeRef, OutEvent
from .standard import error_message

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.ledger.models import Entry

MAX_DISPUTES = 100  # per request; more go in further requests
# The service's field names → the item's paths (``phone`` is placed on each party at fault).
SERVICE_FIELDS = {"cause_name": "cause"}


@cache
def dispute_schema(version: int = 1) -> dict[str, Any]:
    text = (
        resources.files("yunting.institutions")
        .joinpath("schemas", f"dispute-{version}.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(
        dispute_schema(1), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _schema_errors(document: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in _validator().iter_errors(document):
        path, message = error_message(error)
        errors.setdefault(path, []).append(str(message))
    return errors


# --- registering ------------------------------------------------------------------------------


def _rejected(index: int, ref: str, code: str, errors: dict[str, list[str]]) -> dict:
    detail = next((m for messages in errors.values() for m in messages), "")
    return {
        "index": index,
        "ref": ref,
        "status": "rejected",
        "code": str(code),
        "detail": detail,
        "errors": errors,
    }


def _service_errors(exc: MediationError, document: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, messages in exc.field_errors().items():
        if name == "phone":  # the service says which message, the item says which party
            bad = [
                n
                for n, p in enumerate(document["parties"])
                if p.get("phone") and not mediation.MOBILE_RE.match(p["phone"])
            ]
            for n in bad or [None]:
                out.setdefault("parties" if n is None else f"parties.{n}.phone", []).extend(
                    messages[:1]
                )
            continue
        out.setdefault(SERVICE_FIELDS.get(name, name), []).extend(messages)
    return out


def _party(p: dict) -> mediation.PartyInput:
    return mediation.PartyInput(
        side=p["side"],
        name=p["name"],
        kind=p.get("kind", "person"),
        id_number=p.get("id_number", ""),
        phone=p.get("phone", "").strip(),
        address=p.get("address", ""),
        email=p.get("email", ""),
    )


def _earlier(user: User, ref: str) -> DisputeRef | None:
    if not ref:
        return None
    return DisputeRef.objects.filter(owner=user, ref=ref).select_related("dispute").first()


def _duplicate(index: int, ref: str, earlier: DisputeRef) -> dict:
    code = InstitutionErrorCode.DUPLICATE_REF
    text = code.message % {"ref": ref, "number": earlier.dispute.number}
    return _rejected(index, ref, code, {"ref": [str(text)]})


def _register_one(
    *, user: User, index: int, document: Any, courts: dict, refs: dict[str, int]
) -> dict:
    ref = document.get("ref", "") if isinstance(document, dict) else ""
    ref = ref if isinstance(ref, str) else ""
    errors = _schema_errors(document)
    if errors:
        return _rejected(index, ref, "invalid", errors)
    court = courts.get(document["court"])
    if court is None:
        message = _("No active court has the code “%(code)s”.") % {"code": document["court"]}
        return _rejected(index, ref, "invalid", {"court": [message]})
    if ref:
        if ref in refs:
            code = InstitutionErrorCode.DUPLICATE_REF_IN_REQUEST
            text = code.message % {"ref": ref, "index": refs[ref]}
            return _rejected(index, ref, code, {"ref": [str(text)]})
        refs[ref] = index
        earlier = _earlier(user, ref)
        if earlier is not None:
            return _duplicate(index, ref, earlier)
    try:
        with transaction.atomic():  # its own transaction: a refused item leaves nothing behind
            dispute = mediation.dispute_register(
                user=user,
                court=court,
                cause_name=document["cause"],
                speciality=document["speciality"],
                region=document.get("region", ""),
                claim=document["claim"],
                amount=mediation.parse_amount(document.get("amount") or ""),
                facts=document["facts"],
                parties=[_party(p) for p in document["parties"]],
                institution=True,
            )
            DisputeRef.objects.create(dispute=dispute, owner=user, ref=ref)
    except MediationError as exc:
        return _rejected(index, ref, exc.code, _service_errors(exc, document))
    except IntegrityError:  # the same reference registered by a concurrent request just now
        earlier = _earlier(user, ref)
        if earlier is None:
            raise
        return _duplicate(index, ref, earlier)
    return {
        "index": index,
        "ref": ref,
        "status": "created",
        "id": str(dispute.id),
        "number": dispute.number,
    }


def disputes_register(*, user: User, items: Any) -> list[dict]:
    """Register each item of a request; one result per item, in order (created with id and
    number, or rejected with errors by path). Not all-or-nothing: every good item is kept."""
    ensure_institution(user)
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_DISPUTES:
        raise InstitutionError(
            InstitutionErrorCode.BAD_DISPUTES, max=MAX_DISPUTES, field="disputes"
        )
    courts = {c.code: c for c in court_list(active_only=True)}
    refs: dict[str, int] = {}
    results = [
        _register_one(user=user, index=index, document=document, courts=courts, refs=refs)
        for index, document in enumerate(items)
    ]
    # Each item was committed on its own, so the court's number sequence is never held for a
    # whole request; the request's summary is one more entry.
    with transaction.atomic():
        record_event(events.disputes_registered(actor=user, results=results))
    return results


# --- reading ----------------------------------------------------------------------------------


def disputes_of(*, user: User) -> QuerySet[Dispute]:
    """The disputes the institution registered, newest first."""
    return (
        Dispute.objects.filter(registered_by=user)
        .select_related(
            "court",
            "mediator__user",
            "mediator__organisation",
            "converted_filing",
            "confirmation_case",
            "ruling",
            "institution_ref",
        )
        .order_by("-created_at", "-number")
    )


def dispute_get_for_institution(*, user: User, dispute_id) -> Dispute:
    dispute = disputes_of(user=user).filter(pk=dispute_id).first()
    if dispute is None:
        raise Http404
    return dispute


def parse_since(text: str) -> dt.datetime:
    """An ISO 8601 time (a date alone is its midnight, Beijing time); else ``bad_since``."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InstitutionError(InstitutionErrorCode.BAD_SINCE, field="updated_since") from exc
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def disputes_filtered(
    *, user: User, status: str = "", updated_since: dt.datetime | None = None
) -> QuerySet[Dispute]:
    """The institution's disputes in a state, or changed since a time: registered then, or
    with an event of its feed (assignment, start, outcome…) at or after it."""
    disputes = disputes_of(user=user)
    if status:
        if status not in DisputeStatus.values:
            raise InstitutionError(
                InstitutionErrorCode.BAD_STATUS,
                choices=", ".join(DisputeStatus.values),
                field="status",
            )
        disputes = disputes.filter(status=status)
    if updated_since is not None:
        changed = OutEvent.objects.filter(
            owner=user, event__startswith="dispute.", time__gte=updated_since
        ).values_list("data__dispute", flat=True)
        ids = {d for d in changed if d}
        disputes = disputes.filter(pk__in=ids) | disputes.filter(created_at__gte=updated_since)
    return disputes


def last_changes(*, user: User, disputes: Iterable[Dispute]) -> dict[str, dt.datetime]:
    """The time of each dispute's latest event in the institution's feed."""
    ids = [str(d.id) for d in disputes]
    latest: dict[str, dt.datetime] = {}
    rows = OutEvent.objects.filter(
        owner=user, event__startswith="dispute.", data__dispute__in=ids
    ).values_list("data__dispute", "time")
    for dispute_id, time in rows:
        if dispute_id not in latest or time > latest[dispute_id]:
            latest[dispute_id] = time
    return latest


_TIME = serializers.DateTimeField()


def _time(value: dt.datetime | None) -> str | None:
    return _TIME.to_representation(value) if value is not None else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _ref(dispute: Dispute) -> str:
    try:
        return dispute.institution_ref.ref
    except DisputeRef.DoesNotExist:
        return ""


def dispute_summary(dispute: Dispute, *, updated_at: dt.datetime | None = None) -> dict:
    """What a list shows of one dispute."""
    return {
        "id": str(dispute.id),
        "number": dispute.number,
        "ref": _ref(dispute),
        "court": dispute.court.code,
        "cause": dispute.cause_name,
        "status": dispute.status,
        "status_label": str(DisputeStatus(dispute.status).label),
        "mediator_name": dispute.mediator.user.name if dispute.mediator else None,
        "period_end": _day(dispute.period_end),
        "created_at": _time(dispute.created_at),
        "updated_at": _time(max(filter(None, [dispute.created_at, updated_at]))),
    }


def _agreement(dispute: Dispute) -> dict | None:
    agreement = dispute.agreements.prefetch_related("signatures").order_by("-version").first()
    if agreement is None:
        return None
    signatures = list(agreement.signatures.all())
    return {
        "version": agreement.version,
        "sha256": agreement.sha256,
        "drafted_at": _time(agreement.at),
        "signatures": len(signatures),
        "signed_by_every_party": len({s.party_id for s in signatures}) == dispute.parties.count(),
        "last_signed_at": _time(max((s.at for s in signatures), default=None)),
    }


def _confirmation(dispute: Dispute) -> dict | None:
    if dispute.confirmation_case_id is None:
        return None
    ruling = getattr(dispute, "ruling", None)
    return {
        "case": str(dispute.confirmation_case_id),
        "case_number": dispute.confirmation_case.case_number,
        "decision": ruling.decision if ruling else None,
        "reason": ruling.reason if ruling else "",
        "ruled_at": _time(ruling.at) if ruling else None,
    }


def dispute_detail(dispute: Dispute, *, updated_at: dt.datetime | None = None) -> dict:
    """One dispute as its institution follows it: parties and consent, mediator and clocks,
    the mediation period with extensions, and the outcome."""
    mediator = dispute.mediator
    filing = dispute.converted_filing
    return {
        **dispute_summary(dispute, updated_at=updated_at),
        "speciality": dispute.speciality,
        "region": dispute.region,
        "claim": dispute.claim,
        "amount": str(dispute.amount) if dispute.amount is not None else None,
        "origin": dispute.origin,
        "parties": [
            {"side": p.side, "kind": p.kind, "name": p.name, "consent": p.consent}
            for p in dispute.parties.all()
        ],
        "received_on": _day(dispute.received_on),
        "joint_choice_due": _day(dispute.joint_choice_due),
        "designation_due": _day(dispute.designation_due),
        "mediator": (
            {
                "name": mediator.user.name,
                "organisation": mediator.organisation.name,
                "method": dispute.assignment_method,
                "assigned_on": _day(dispute.assigned_on),
                "late": dispute.assigned_late,
            }
            if mediator
            else None
        ),
        "mediation_period": {
            "started_on": _day(dispute.started_on),
            "ends_on": _day(dispute.period_end),
            "extensions": [
                {"days": e.days, "new_end": _day(e.new_end), "at": _time(e.at)}
                for e in dispute.extensions.order_by("at")
            ],
        },
        "agreement": _agreement(dispute),
        "confirmation": _confirmation(dispute),
        "converted_filing": {"id": str(filing.id), "number": filing.number} if filing else None,
        "ended_at": _time(dispute.ended_at),
        "end_reason": dispute.end_reason,
    }


# --- events for the feed and webhooks -----------------------------------------------------------

# The public dispute events and the mediation ledger events that raise them, with the state the
# dispute is in after each and the payload fields it carries (nothing internal: no party ids).
EVENT_TYPES: dict[str, str] = {
    "mediation.registered": "dispute.registered",
    "mediation.assigned": "dispute.assigned",
    "mediation.started": "dispute.started",
    "mediation.consent_refused": "dispute.refused",
    "mediation.extended": "dispute.extended",
    "mediation.agreed": "dispute.agreed",
    "mediation.confirmation_applied": "dispute.confirmation_applied",
    "mediation.confirmed": "dispute.confirmed",
    "mediation.confirmation_refused": "dispute.confirmation_refused",
    "mediation.converted": "dispute.converted",
    "mediation.withdrawn": "dispute.withdrawn",
}
EVENTS = tuple(dict.fromkeys(EVENT_TYPES.values()))
STATUS_AFTER: dict[str, str] = {
    "mediation.registered": DisputeStatus.RECEIVED,
    "mediation.assigned": DisputeStatus.RECEIVED,
    "mediation.started": DisputeStatus.MEDIATING,
    "mediation.consent_refused": DisputeStatus.REFUSED,
    "mediation.extended": DisputeStatus.MEDIATING,
    "mediation.agreed": DisputeStatus.AGREED,
    "mediation.confirmation_applied": DisputeStatus.CONFIRMATION,
    "mediation.confirmed": DisputeStatus.CONFIRMED,
    "mediation.confirmation_refused": DisputeStatus.CONFIRMATION_REFUSED,
    "mediation.converted": DisputeStatus.CONVERTED,
    "mediation.withdrawn": DisputeStatus.WITHDRAWN,
}
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "mediation.registered": ("joint_choice_due", "designation_due"),
    "mediation.assigned": ("method", "assigned_on", "late"),
    "mediation.started": ("period_end",),
    "mediation.extended": ("days", "new_end"),
    "mediation.agreed": ("sha256",),
    "mediation.confirmation_applied": ("case_number",),
    "mediation.confirmed": ("agreement_sha256",),
    "mediation.confirmation_refused": ("reason", "agreement_sha256"),
    "mediation.converted": ("filing", "filing_number", "reason"),
    "mediation.withdrawn": ("reason",),
}


def out_events(entries: list[Entry]) -> dict[int, tuple[Any, dict]]:
    """``{entry seq: (owner user id, event data)}`` for the mediation entries of disputes
    registered by someone: the registrant is the one who follows them (the caller keeps
    only institutions)."""
    payloads = {e.seq: e.payload for e in entries if e.event_type in EVENT_TYPES}
    ids = {p["dispute"] for p in payloads.values() if p.get("dispute")}
    owners = {
        str(pk): owner
        for pk, owner in Dispute.objects.filter(pk__in=ids).values_list("pk", "registered_by_id")
    }
    mediator_ids = {p["mediator"] for p in payloads.values() if p.get("mediator")}
    mediators = {
        str(m.id): m
        for m in Mediator.objects.filter(pk__in=mediator_ids).select_related("user", "organisation")
    }
    out = {}
    for e in entries:
        payload = payloads.get(e.seq)
        if payload is None or payload.get("dispute") not in owners:
            continue
        data = {
            "dispute": payload["dispute"],
            "number": payload.get("number"),
            "status": str(STATUS_AFTER[e.event_type]),
            "case": str(e.case_id) if e.case_id else None,
        }
        data.update({k: payload[k] for k in EVENT_FIELDS.get(e.event_type, ()) if k in payload})
        mediator = mediators.get(payload.get("mediator") or "")
        if mediator is not None:
            data["mediator"] = mediator.user.name
            data["organisation"] = mediator.organisation.name
        out[e.seq] = (owners[payload["dispute"]], data)
    return out
