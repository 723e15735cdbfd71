"""Addresses for service: the 送达地址确认书, consent per channel, and each address's history
(here and in the party's other cases in the court) behind the recommended channel."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yunting.accounts.models import User
from yunting.accounts.selectors import user_staff_assignments
from yunting.cases.models import Party
from yunting.ledger.services import record_event

from . import events
from .errors import ServiceError, ServiceErrorCode
from .models import (
    ADDRESSED,
    ELECTRONIC,
    AddressConfirmation,
    AttemptStatus,
    Channel,
    ConsentSource,
    ServiceAddress,
    ServiceAttempt,
)
from .ranking import History, rank

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
INBOX_VALUE = "account"  # the platform inbox of the party's (and its agents') accounts


def check_staff(actor: User, court_id: int) -> None:
    if not any(a.court_id == court_id for a in user_staff_assignments(user=actor)):
        raise ServiceError(ServiceErrorCode.NOT_STAFF)


def party_has_account(party: Party) -> bool:
    return party.user_id is not None or party.agents.exclude(user=None).exists()


def address_values_clean(
    *, mobile: str = "", email: str = "", postal: str = ""
) -> tuple[str, str, str]:
    """The addresses as typed, stripped and checked (a mainland mobile, a valid e-mail)."""
    mobile, email, postal = mobile.strip(), email.strip(), postal.strip()
    errors: dict[str, list] = {}
    if mobile and not MOBILE_RE.match(mobile):
        errors["mobile"] = [ServiceErrorCode.BAD_MOBILE.message]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [ServiceErrorCode.BAD_EMAIL.message]
    if errors:
        code = ServiceErrorCode.BAD_MOBILE if "mobile" in errors else ServiceErrorCode.BAD_EMAIL
        raise ServiceError(code, errors=errors)
    return mobile, email, postal


@transaction.atomic
def address_confirm(
    *,
    party: Party,
    actor: User,
    source: str,
    inbox: bool = False,
    mobile: str = "",
    email: str = "",
    postal: str = "",
    consent: frozenset[str] | set[str] = frozenset(),
) -> AddressConfirmation:
    """Court staff record what the party confirmed (replacing its earlier confirmation), issue
    the sealed 送达地址确认书 into the e-file, and append the ledger entry. ``consent`` lists
    the electronic channels the party agrees to be served by; without it none is offered."""
    check_staff(actor, party.case.court_id)
    return _confirm(
        party=party,
        actor=actor,
        issuer=actor,
        source=source,
        inbox=inbox,
        mobile=mobile,
        email=email,
        postal=postal,
        consent=consent,
    )


def party_represented_by(*, party: Party, user: User) -> bool:
    """The user is the party (its linked account) or one of its agents."""
    return party.user_id == user.id or party.agents.filter(user=user).exists()


def confirmation_issuer(*, party: Party, preferred: User | None = None) -> User:
    """Who seals a confirmation the party made itself: the accepting officer at filing, else
    the case's clerk, else its judge, else a service officer of the court (documents are
    issued by court staff only)."""
    from yunting.accounts.roles import Role
    from yunting.accounts.selectors import court_staff

    case = party.case
    for candidate in (preferred, case.clerk, case.judge):
        if candidate is not None and any(
            a.court_id == case.court_id for a in user_staff_assignments(user=candidate)
        ):
            return candidate
    officer = court_staff(court=case.court).filter(role=Role.SERVICE_OFFICER).first()
    if officer is None:
        raise ServiceError(ServiceErrorCode.NO_ISSUER)
    return officer.user


@transaction.atomic
def address_confirm_by_party(
    *,
    party: Party,
    actor: User,
    inbox: bool = False,
    mobile: str = "",
    email: str = "",
    postal: str = "",
    consent: frozenset[str] | set[str] = frozenset(),
    source: str = ConsentSource.EXPRESS,
    issuer: User | None = None,
) -> AddressConfirmation:
    """The party (or its agent) confirms its own addresses and consent: in the portal, or at
    filing (applied when the case is accepted, ``issuer`` being the accepting officer). The
    court seals the confirmation; the ledger names the person who confirmed."""
    if not party_represented_by(party=party, user=actor):
        raise ServiceError(ServiceErrorCode.NOT_YOURS)
    if source not in (ConsentSource.EXPRESS, ConsentSource.FILING):
        raise ServiceError(ServiceErrorCode.BAD_SOURCE, field="source")
    return _confirm(
        party=party,
        actor=actor,
        issuer=confirmation_issuer(party=party, preferred=issuer),
        source=source,
        inbox=inbox,
        mobile=mobile,
        email=email,
        postal=postal,
        consent=consent,
    )


def _confirm(
    *,
    party: Party,
    actor: User,
    issuer: User,
    source: str,
    inbox: bool,
    mobile: str,
    email: str,
    postal: str,
    consent,
) -> AddressConfirmation:
    from yunting.documents.services import document_issue

    mobile, email, postal = address_values_clean(mobile=mobile, email=email, postal=postal)
    if source not in ConsentSource.values:
        raise ServiceError(ServiceErrorCode.BAD_SOURCE, field="source")
    if inbox and not party_has_account(party):
        raise ServiceError(
            ServiceErrorCode.NO_ADDRESS, field="inbox", name=party.name, channel=Channel.INBOX.label
        )
    values = {
        Channel.INBOX: INBOX_VALUE if inbox else "",
        Channel.SMS: mobile,
        Channel.EMAIL: email,
        Channel.POSTAL: postal,
    }
    if not any(values.values()):
        raise ServiceError(ServiceErrorCode.NOTHING_CONFIRMED)
    consent = {c for c in consent if c in ELECTRONIC and values.get(c)}
    now = timezone.now()
    labels = {c: Channel(c).label for c in consent}
    how = str(ConsentSource(source).label)
    if actor != issuer:  # the party or its agent confirmed it on the platform
        how += f"（{actor.name}通过诉讼服务平台确认）"
    doc = document_issue(
        template_code="address_confirmation",
        case=party.case,
        actor=issuer,
        recipient=party,
        extra={
            "inbox": "已开通" if inbox else "",
            "sms": mobile,
            "email": email,
            "postal": postal,
            "consent": "同意：" + "、".join(str(v) for v in labels.values()) if consent else "",
            "source": how,
            "confirmed_at": timezone.localtime(now).strftime("%Y年%m月%d日 %H:%M"),
        },
    )
    confirmation = AddressConfirmation(
        party=party, source=source, document=doc, confirmed_by=actor, confirmed_at=now
    )
    confirmation.full_clean(exclude=["party", "document", "confirmed_by"])
    confirmation.save()
    ServiceAddress.objects.filter(party=party, current=True).update(current=False)
    for channel, value in values.items():
        if value:
            ServiceAddress.objects.create(
                party=party,
                confirmation=confirmation,
                channel=channel,
                value=value,
                consent=channel in consent,
                source=source if channel in consent else "",
            )
    record_event(
        events.address_confirmed(
            confirmation=confirmation,
            actor=actor,
            channels={c: {"address": v, "consent": c in consent} for c, v in values.items() if v},
        )
    )
    return confirmation


def party_addresses(*, party: Party) -> dict[str, ServiceAddress]:
    """The party's current confirmed address per channel."""
    return {a.channel: a for a in ServiceAddress.objects.filter(party=party, current=True)}


def channels_offered(*, party: Party) -> list[str]:
    """What the desk may use: electronic channels only with consent, post with an address;
    public notice always (the desk decides when the others cannot reach the party)."""
    offered = [
        c
        for c, a in party_addresses(party=party).items()
        if (c in ELECTRONIC and a.consent) or c == Channel.POSTAL
    ]
    return [*sorted(offered, key=lambda c: ADDRESSED.index(c)), Channel.PUBLIC_NOTICE]


def _same_person_q(party: Party) -> Q:
    if party.id_number:
        return Q(party__id_number=party.id_number)
    return Q(party__name=party.name, party__id_number="")


def address_history(*, party: Party) -> list[dict]:
    """Every address known for this person in the court (this case and its other cases),
    with what happened when the court used it."""
    court_id = party.case.court_id
    known = (
        ServiceAddress.objects.filter(_same_person_q(party), party__case__court_id=court_id)
        .select_related("party__case")
        .order_by("-created_at")
    )
    rows: dict[tuple[str, str], dict] = {}
    for a in known:
        key = (a.channel, a.value)
        row = rows.setdefault(
            key,
            {
                "channel": a.channel,
                "label": a.get_channel_display(),
                "value": a.value,
                "cases": set(),
                "current": False,
                "delivered": 0,
                "bounced": 0,
                "failed": 0,
                "returned": 0,
                "unread": 0,
            },
        )
        row["cases"].add(a.party.case.case_number)
        row["current"] = row["current"] or (a.party_id == party.id and a.current)
    attempts = ServiceAttempt.objects.filter(
        task__court_id=court_id,
        **{f"task__{k}": v for k, v in _same_person_q(party).children},
    ).values_list("channel", "address", "status", "delivered_at", "opened_at")
    for channel, address, status, delivered_at, opened_at in attempts:
        row = rows.get((channel, address))
        if row is None:
            continue
        if status == AttemptStatus.BOUNCED:
            row["bounced"] += 1
        elif status == AttemptStatus.FAILED:
            row["failed"] += 1
        elif status == AttemptStatus.RETURNED:
            row["returned"] += 1
        elif delivered_at is not None:
            row["delivered"] += 1
            if channel != Channel.POSTAL and opened_at is None:
                row["unread"] += 1
    return [r | {"cases": sorted(r["cases"])} for r in rows.values()]


def recommend_channels(*, party: Party) -> list[str]:
    """The offered channels, best first by the address history."""
    offered = set(channels_offered(party=party)) - {Channel.PUBLIC_NOTICE}
    history = [
        History(r["channel"], r["delivered"], r["bounced"], r["failed"], r["returned"], r["unread"])
        for r in address_history(party=party)
        if r["current"] and r["channel"] in offered
    ]
    ranked = rank(history)
    return ranked + [c for c in sorted(offered) if c not in ranked]


def address_confirm_from_filing(*, case, filer: User, officer: User, data: dict) -> int:
    """At acceptance: the filer's 送达地址确认书 given with the filing becomes the confirmation
    of each party the filer is or represents. Sealing takes a good part of a second, so a
    worker does it just after the acceptance commits; returns the parties queued."""
    from yunting.core.tasks import enqueue_on_commit

    from .tasks import filing_confirmation_task

    parties = [p for p in case.parties.all() if party_represented_by(party=p, user=filer)]
    for party in parties:
        enqueue_on_commit(
            filing_confirmation_task,
            party_id=str(party.id),
            filer_id=str(filer.id),
            officer_id=str(officer.id),
            data=data,
        )
    return len(parties)
