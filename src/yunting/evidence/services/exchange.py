"""The exchange itself: consent to asynchronous mode, the time limit for evidence and more
time, the evidence lists, rounds, opinions (三性) and points in dispute. Each write is one
transaction with its ledger entry; rows that two people may change at once are locked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yunting.cases.models import Case, ClockKind, Party
from yunting.cases.selectors import party_clock
from yunting.cases.services import clock_start, clock_stop
from yunting.efile.models import ItemKind
from yunting.efile.services import item_add
from yunting.ledger.services import record_event
from yunting.rules import evidence as rules
from yunting.rules.deadlines import period_end

from .. import events
from ..errors import EvidenceError, EvidenceErrorCode
from ..models import (
    Consent,
    DisputePoint,
    EvidenceItem,
    Exchange,
    Mode,
    Opinion,
    OpinionStatus,
    PointComment,
    RequestKind,
    RequestStatus,
    Round,
    RoundKind,
    TimeRequest,
)
from .common import acting_party, checked, ensure_court, ensure_judge, exchange_for

if TYPE_CHECKING:
    from yunting.accounts.models import User

EVIDENCE_NOTICE = "evidence_notice"  # agreed with the service app: it reads extra["due_on"]
DEFAULT_LIMIT_DAYS = 15  # 证据规定第五十一条: not less than 15 days in first instance


# --- mode and consent -------------------------------------------------------------------------


@transaction.atomic
def exchange_propose(*, case: Case, actor: User) -> Exchange:
    """The judge or the assistant proposes asynchronous exchange to every party."""
    ensure_court(actor, case)
    exchange = exchange_for(case, lock=True)
    if exchange.proposed_at is None:
        exchange.proposed_at = timezone.now()
        exchange.proposed_by = actor
        exchange.save(update_fields=["proposed_at", "proposed_by"])
        record_event(events.exchange_proposed(exchange=exchange, actor=actor))
    return exchange


def _mode(exchange: Exchange) -> str:
    answers = {str(p.id): None for p in exchange.case.parties.all()}
    for c in exchange.consents.all():
        answers[str(c.party_id)] = c.agreed
    return rules.exchange_mode(answers)


@transaction.atomic
def consent_give(*, case: Case, actor: User, agreed: bool, party: Party | None = None) -> Consent:
    """A party's own answer (一方不同意即同步质证, 在线诉讼规则第十四条); final once given."""
    party = acting_party(actor, case, party)
    exchange = exchange_for(case, lock=True)
    if exchange.proposed_at is None:
        raise EvidenceError(EvidenceErrorCode.NOT_PROPOSED)
    if exchange.consents.filter(party=party).exists():
        raise EvidenceError(EvidenceErrorCode.ALREADY_ANSWERED)
    consent = Consent.objects.create(exchange=exchange, party=party, agreed=agreed, by=actor)
    exchange.mode = _mode(exchange)
    exchange.save(update_fields=["mode"])
    record_event(events.consent_given(consent=consent, mode=exchange.mode))
    return consent


def _ensure_async(exchange: Exchange) -> None:
    if exchange.mode != Mode.ASYNCHRONOUS:
        raise EvidenceError(EvidenceErrorCode.NOT_ASYNCHRONOUS, mode=str(Mode(exchange.mode).label))


# --- the time limit for evidence --------------------------------------------------------------


@transaction.atomic
def evidence_limit_set(
    *, case: Case, actor: User, days: int = DEFAULT_LIMIT_DAYS, today: dt.date | None = None
) -> Exchange:
    """Set the 举证期限 (``days`` from ``today``, rules.deadlines: the start day not counted,
    a rest day moves the end) and issue a 举证通知书 to each party with ``due_on`` in
    ``extra``. The evidence clock is started here from the notice (source ``document:<id>``),
    so the limit runs even where no electronic service follows; the service app starts its
    own clock from the same ``due_on`` when it serves the notice."""
    from yunting.documents.services import document_issue

    ensure_court(actor, case)
    if days < 1:
        raise EvidenceError(EvidenceErrorCode.BAD_DATE, field="days")
    today = today or timezone.localdate()
    due = period_end(today, days=days).date
    exchange = exchange_for(case, lock=True)
    exchange.evidence_due_on = due
    exchange.save(update_fields=["evidence_due_on"])
    notices = []
    for party in case.parties.all():
        doc = document_issue(
            template_code=EVIDENCE_NOTICE,
            case=case,
            actor=actor,
            recipient=party,
            extra={
                "due_on": due.isoformat(),
                "evidence_deadline": f"至{due.year}年{due.month}月{due.day}日止",
            },
        )
        clock_start(
            case=case,
            kind=ClockKind.EVIDENCE,
            party=party,
            starts_on=today,
            due_on=due,
            actor=actor,
            source=f"document:{doc.id}",
        )
        notices.append(doc)
    record_event(events.limit_set(exchange=exchange, actor=actor, days=days, documents=notices))
    return exchange


def party_evidence_due(party: Party) -> dt.date | None:
    """The last day for this party's evidence: its running or latest evidence clock."""
    clock = party_clock(party=party, kind=ClockKind.EVIDENCE)
    if clock is not None:
        return clock.due_on
    exchange = Exchange.objects.filter(case_id=party.case_id).first()
    return exchange.evidence_due_on if exchange else None


def party_leave_until(party: Party) -> dt.date | None:
    leave = (
        TimeRequest.objects.filter(
            party=party, kind=RequestKind.LEAVE, status=RequestStatus.APPROVED
        )
        .order_by("-until")
        .first()
    )
    return leave.until if leave else None


@transaction.atomic
def time_request_make(
    *,
    case: Case,
    actor: User,
    kind: str,
    until: dt.date,
    reason: str,
    party: Party | None = None,
    today: dt.date | None = None,
) -> TimeRequest:
    """Apply for an extension (before the limit ends) or for leave to submit late (after)."""
    party = acting_party(actor, case, party)
    kind = RequestKind(kind)
    today = today or timezone.localdate()
    due = party_evidence_due(party)
    if due is None:
        raise EvidenceError(EvidenceErrorCode.NO_LIMIT)
    if until <= today or (kind == RequestKind.EXTENSION and until <= due):
        raise EvidenceError(EvidenceErrorCode.BAD_DATE, field="until")
    if kind == RequestKind.EXTENSION and not rules.in_time(today, due):
        raise EvidenceError(EvidenceErrorCode.EXTENSION_AFTER_LIMIT)
    if not reason.strip():
        raise EvidenceError(EvidenceErrorCode.REASON_REQUIRED, what=kind.label, field="reason")
    exchange = exchange_for(case)
    request = TimeRequest.objects.create(
        exchange=exchange,
        party=party,
        kind=kind,
        until=until,
        reason=reason.strip(),
        requested_by=actor,
    )
    record_event(events.request_made(request=request))
    return request


@transaction.atomic
def time_request_decide(
    *, request: TimeRequest, actor: User, approve: bool, today: dt.date | None = None
) -> TimeRequest:
    """The judge decides; an approved extension replaces the party's evidence clock."""
    request = (
        TimeRequest.objects.select_for_update()
        .select_related("exchange__case", "party")
        .get(pk=request.pk)
    )
    case = request.exchange.case
    ensure_judge(actor, case)
    if request.status != RequestStatus.PENDING:
        raise EvidenceError(EvidenceErrorCode.NOT_PENDING)
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve and request.kind == RequestKind.EXTENSION:
        today = today or timezone.localdate()
        old = party_clock(party=request.party, kind=ClockKind.EVIDENCE)
        if old is not None:
            clock_stop(clock=old, actor=actor, reason="举证期限经批准延长")
        clock_start(
            case=case,
            kind=ClockKind.EVIDENCE,
            party=request.party,
            starts_on=max(today, old.starts_on) if old else today,
            due_on=request.until,
            actor=actor,
            source=f"extension:{request.id}",
        )
    record_event(events.request_decided(request=request))
    return request


# --- evidence lists ---------------------------------------------------------------------------


@transaction.atomic
def item_submit(
    *,
    case: Case,
    actor: User,
    name: str,
    source: str,
    purpose: str,
    data: bytes,
    page_from: int = 1,
    page_to: int | None = None,
    original_available: bool = False,
    party: Party | None = None,
    today: dt.date | None = None,
) -> EvidenceItem:
    """Add one item to the party's list, with its file into the e-file; after the limit only
    under leave, and then flagged late."""
    party = acting_party(actor, case, party)
    party = Party.objects.select_for_update().get(pk=party.pk)  # numbers without gaps or twins
    today = today or timezone.localdate()
    allowed, late = rules.late_needs_leave(
        today, party_evidence_due(party), party_leave_until(party)
    )
    if not allowed:
        raise EvidenceError(
            EvidenceErrorCode.DEADLINE_PASSED, due=party_evidence_due(party).isoformat()
        )
    missing = [
        str(EvidenceItem._meta.get_field(f).verbose_name)
        for f, v in (("name", name), ("source", source), ("purpose", purpose))
        if not (v or "").strip()
    ]
    if missing:
        raise EvidenceError(EvidenceErrorCode.FIELDS_REQUIRED, fields="、".join(missing))
    file = checked(data)
    page_to = page_to if page_to is not None else max(page_from, page_from + file.pages - 1)
    if page_from < 1 or page_to < page_from:
        raise EvidenceError(EvidenceErrorCode.BAD_PAGES, field="page_to")
    number = (EvidenceItem.objects.filter(party=party).aggregate(n=Max("number"))["n"] or 0) + 1
    efile_item = item_add(
        case=case,
        data=file.data,
        content_type=file.content_type,
        title=f"证据{number}：{name.strip()}（{party.name}）",
        kind=ItemKind.EVIDENCE,
        actor=actor,
        source="evidence_item",
    )
    item = EvidenceItem.objects.create(
        case=case,
        party=party,
        number=number,
        name=name.strip(),
        source=source.strip(),
        purpose=purpose.strip(),
        page_from=page_from,
        page_to=page_to,
        original_available=original_available,
        efile_item=efile_item,
        late=late,
        submitted_by=actor,
    )
    record_event(events.item_submitted(item=item, actor=actor, sha256=file.sha256))
    return item


@transaction.atomic
def item_withdraw(*, item: EvidenceItem, actor: User) -> EvidenceItem:
    item = EvidenceItem.objects.select_for_update().select_related("case", "party").get(pk=item.pk)
    acting_party(actor, item.case, item.party)
    if item.withdrawn_at is None:
        item.withdrawn_at = timezone.now()
        item.save(update_fields=["withdrawn_at"])
        record_event(events.item_withdrawn(item=item, actor=actor))
    return item


# --- rounds -----------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    case: Case,
    actor: User,
    kind: str,
    due_on: dt.date,
    opens_on: dt.date | None = None,
) -> Round:
    """The assistant opens a round (submission, opinions, replies) with its own deadline."""
    ensure_court(actor, case)
    exchange = exchange_for(case, lock=True)
    _ensure_async(exchange)
    kind = RoundKind(kind)
    opens_on = opens_on or timezone.localdate()
    if due_on < opens_on:
        raise EvidenceError(EvidenceErrorCode.BAD_DATE, field="due_on")
    number = (exchange.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    rnd = Round.objects.create(
        exchange=exchange,
        number=number,
        kind=kind,
        opens_on=opens_on,
        due_on=due_on,
        opened_by=actor,
    )
    record_event(events.round_opened(rnd=rnd, actor=actor))
    return rnd


def open_round(exchange: Exchange, kind: str, today: dt.date | None = None) -> Round:
    today = today or timezone.localdate()
    rounds = exchange.rounds.filter(kind=kind)
    current = rounds.filter(opens_on__lte=today, due_on__gte=today).order_by("-number").first()
    if current is None:
        last = rounds.order_by("-number").first()
        raise EvidenceError(
            EvidenceErrorCode.NO_OPEN_ROUND, due=last.due_on.isoformat() if last else "—"
        )
    return current


# --- opinions ---------------------------------------------------------------------------------

VERDICT_FIELDS = ("authenticity", "legality", "relevance", "purpose")


@transaction.atomic
def opinion_save(
    *,
    item: EvidenceItem,
    actor: User,
    verdicts: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
    text: str = "",
    reply_to: Opinion | None = None,
    supersedes: Opinion | None = None,
    party: Party | None = None,
    today: dt.date | None = None,
) -> Opinion:
    """Save the side's draft opinion on another side's item (or its reply on its own item).
    The item row is locked first, so a withdrawal or another agent's submission is seen."""
    item = EvidenceItem.objects.select_for_update().select_related("case", "party").get(pk=item.pk)
    case = item.case
    party = acting_party(actor, case, party)
    reply_to = Opinion.objects.get(pk=reply_to.pk) if reply_to is not None else None
    supersedes = Opinion.objects.get(pk=supersedes.pk) if supersedes is not None else None
    exchange = exchange_for(case)
    _ensure_async(exchange)
    if item.withdrawn_at is not None:
        raise EvidenceError(EvidenceErrorCode.ITEM_WITHDRAWN)
    if reply_to is not None:
        if party.id != item.party_id:
            raise EvidenceError(EvidenceErrorCode.NOT_OWN_ITEM)
        if reply_to.item_id != item.id or reply_to.status != OpinionStatus.SUBMITTED:
            raise EvidenceError(EvidenceErrorCode.BAD_LINK)
        rnd = open_round(exchange, RoundKind.REPLIES, today)
    else:
        if party.id == item.party_id:
            raise EvidenceError(EvidenceErrorCode.OWN_ITEM)
        rnd = open_round(exchange, RoundKind.OPINIONS, today)
    submitted = _current_opinion(item, party, rnd, reply_to)
    if supersedes is not None:
        if supersedes.status != OpinionStatus.SUBMITTED or supersedes.party_id != party.id:
            raise EvidenceError(EvidenceErrorCode.NOT_SUBMITTED)
    elif submitted is not None:
        raise EvidenceError(
            EvidenceErrorCode.ALREADY_SUBMITTED,
            by=submitted.author.name,
            at=f"{timezone.localtime(submitted.submitted_at):%Y-%m-%d %H:%M:%S}",
        )
    draft = Opinion.objects.filter(
        item=item, party=party, round=rnd, status=OpinionStatus.DRAFT
    ).first() or Opinion(item=item, party=party, round=rnd)
    verdicts, reasons = verdicts or {}, reasons or {}
    for name in VERDICT_FIELDS:
        value = verdicts.get(name, "")
        if value not in ("", rules.ADMIT, rules.DISPUTE):
            raise EvidenceError(EvidenceErrorCode.INCOMPLETE_OPINION, field=name)
        setattr(draft, name, value if reply_to is None else "")
        setattr(draft, f"{name}_reason", (reasons.get(name) or "").strip())
    draft.text = text.strip()
    draft.reply_to = reply_to
    draft.supersedes = supersedes
    draft.author = actor
    draft.save()
    return draft


def _current_opinion(
    item: EvidenceItem, party: Party, rnd: Round, reply_to: Opinion | None
) -> Opinion | None:
    return (
        Opinion.objects.filter(
            item=item, party=party, round=rnd, status=OpinionStatus.SUBMITTED, reply_to=reply_to
        )
        .select_related("author")
        .order_by("-submitted_at")
        .first()
    )


@transaction.atomic
def opinion_submit(*, opinion: Opinion, actor: User, today: dt.date | None = None) -> Opinion:
    """Make the draft final and visible to all. Two agents of one side submitting at once:
    the item lock orders them; the first is recorded, the second told it is already in."""
    item = (
        EvidenceItem.objects.select_for_update()
        .select_related("case")
        .get(pk=Opinion.objects.values("item_id").get(pk=opinion.pk)["item_id"])
    )
    opinion = (
        Opinion.objects.select_for_update()
        .select_related("round", "party", "author")
        .get(pk=opinion.pk)
    )
    acting_party(actor, item.case, opinion.party)
    if opinion.status == OpinionStatus.SUBMITTED:
        raise EvidenceError(
            EvidenceErrorCode.ALREADY_SUBMITTED,
            by=opinion.author.name,
            at=f"{timezone.localtime(opinion.submitted_at):%Y-%m-%d %H:%M:%S}",
        )
    if item.withdrawn_at is not None:
        raise EvidenceError(EvidenceErrorCode.ITEM_WITHDRAWN)
    today = today or timezone.localdate()
    if not rules.in_time(today, opinion.round.due_on):
        raise EvidenceError(EvidenceErrorCode.NO_OPEN_ROUND, due=opinion.round.due_on.isoformat())
    other = _current_opinion(item, opinion.party, opinion.round, opinion.reply_to)
    if other is not None and opinion.supersedes_id is None:
        raise EvidenceError(
            EvidenceErrorCode.ALREADY_SUBMITTED,
            by=other.author.name,
            at=f"{timezone.localtime(other.submitted_at):%Y-%m-%d %H:%M:%S}",
        )
    if opinion.reply_to_id is None:
        missing = [n for n in VERDICT_FIELDS if not getattr(opinion, n)]
        if missing:
            raise EvidenceError(EvidenceErrorCode.INCOMPLETE_OPINION, field=missing[0])
        for name in VERDICT_FIELDS:
            if getattr(opinion, name) == rules.DISPUTE and not getattr(opinion, f"{name}_reason"):
                label = Opinion._meta.get_field(name).verbose_name
                raise EvidenceError(
                    EvidenceErrorCode.REASON_REQUIRED, what=label, field=f"{name}_reason"
                )
    elif not opinion.text:
        raise EvidenceError(EvidenceErrorCode.REASON_REQUIRED, what="—", field="text")
    opinion.status = OpinionStatus.SUBMITTED
    opinion.submitted_at = timezone.now()
    opinion.author = actor
    opinion.save(update_fields=["status", "submitted_at", "author", "updated_at"])
    record_event(events.opinion_submitted(opinion=opinion))
    return opinion


# --- points in dispute ------------------------------------------------------------------------


@transaction.atomic
def point_record(
    *,
    case: Case,
    actor: User,
    title: str,
    items: Sequence[EvidenceItem] = (),
    opinions: Sequence[Opinion] = (),
) -> DisputePoint:
    ensure_court(actor, case)
    exchange = exchange_for(case, lock=True)
    opinions = list(Opinion.objects.filter(pk__in=[o.pk for o in opinions]).select_related("item"))
    if not title.strip():
        raise EvidenceError(EvidenceErrorCode.REASON_REQUIRED, what="—", field="title")
    if any(i.case_id != case.id for i in items) or any(
        o.item.case_id != case.id or o.status != OpinionStatus.SUBMITTED for o in opinions
    ):
        raise EvidenceError(EvidenceErrorCode.BAD_LINK)
    position = (exchange.points.aggregate(n=Max("position"))["n"] or 0) + 1
    point = DisputePoint.objects.create(
        exchange=exchange, position=position, title=title.strip(), created_by=actor
    )
    point.items.set(items)
    point.opinions.set(opinions)
    record_event(events.point_recorded(point=point, actor=actor))
    return point


@transaction.atomic
def point_comment(
    *, point: DisputePoint, actor: User, text: str, party: Party | None = None
) -> PointComment:
    case = point.exchange.case
    party = acting_party(actor, case, party)
    if not text.strip():
        raise EvidenceError(EvidenceErrorCode.REASON_REQUIRED, what="—", field="text")
    comment = PointComment.objects.create(point=point, party=party, text=text.strip(), author=actor)
    record_event(events.point_commented(comment=comment))
    return comment
