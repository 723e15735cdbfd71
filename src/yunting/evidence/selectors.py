"""Reads of the exchange, scoped to the person: a case they cannot see is a 404; a side's
draft opinions are seen by that side only; a court-only proposal by the court (and the party
that posted it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from yunting.cases.models import Case, Party
from yunting.cases.selectors import case_get_for_user
from yunting.rules import evidence as rules

from .models import (
    Agreement,
    DisputePoint,
    EvidenceItem,
    Exchange,
    Opinion,
    OpinionStatus,
    Pleading,
    Proposal,
    Round,
    TimeRequest,
    Visibility,
)
from .services.common import is_case_court, parties_of
from .services.report import STATUS_CN, exchange_rows, item_lines, point_lines

if TYPE_CHECKING:
    from yunting.documents.models import IssuedDocument


@dataclass
class Viewer:
    """Who is looking: the court, or the parties the person acts for."""

    court: bool
    parties: list[Party]

    @property
    def party_ids(self) -> set:
        return {p.id for p in self.parties}


def viewer_for(*, user, case: Case) -> Viewer:
    return Viewer(court=is_case_court(user, case), parties=parties_of(user, case))


def exchange_case_for_user(*, user, case_id: uuid.UUID | str) -> tuple[Case, Exchange]:
    case = case_get_for_user(user=user, case_id=case_id)
    exchange, _created = Exchange.objects.get_or_create(case=case)
    return case, exchange


def items_for(*, case: Case, include_withdrawn: bool = True) -> QuerySet[EvidenceItem]:
    items = EvidenceItem.objects.filter(case=case).select_related("party", "efile_item")
    if not include_withdrawn:
        items = items.filter(withdrawn_at=None)
    return items.order_by("party__position", "number")


def item_for_user(*, user, item_id) -> EvidenceItem:
    from django.http import Http404

    try:
        item = EvidenceItem.objects.select_related("case", "party").get(pk=item_id)
    except (EvidenceItem.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    case_get_for_user(user=user, case_id=item.case_id)
    return item


def opinions_visible(*, viewer: Viewer, case: Case) -> QuerySet[Opinion]:
    """Submitted opinions, and the drafts of the viewer's own side (never another's)."""
    q = Q(status=OpinionStatus.SUBMITTED)
    if viewer.party_ids:
        q |= Q(status=OpinionStatus.DRAFT, party_id__in=viewer.party_ids)
    return (
        Opinion.objects.filter(q, item__case=case)
        .select_related("party", "round", "author", "item__party")
        .order_by("item__party__position", "item__number", "submitted_at", "updated_at")
    )


def opinion_for_user(*, user, opinion_id) -> Opinion:
    from django.http import Http404

    try:
        opinion = Opinion.objects.select_related("item__case").get(pk=opinion_id)
    except (Opinion.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    case = case_get_for_user(user=user, case_id=opinion.item.case_id)
    viewer = viewer_for(user=user, case=case)
    if opinion.status == OpinionStatus.DRAFT and opinion.party_id not in viewer.party_ids:
        raise Http404
    return opinion


def proposals_visible(*, viewer: Viewer, case: Case) -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(case=case).select_related("party", "author")
    if viewer.court:
        return proposals
    return proposals.filter(
        Q(visibility=Visibility.ALL) | Q(party_id__in=viewer.party_ids)
    ).prefetch_related("answers__party")


def proposal_for_user(*, user, proposal_id) -> Proposal:
    from django.http import Http404

    try:
        proposal = Proposal.objects.select_related("case").get(pk=proposal_id)
    except (Proposal.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    case = case_get_for_user(user=user, case_id=proposal.case_id)
    if (
        not proposals_visible(viewer=viewer_for(user=user, case=case), case=case)
        .filter(pk=proposal.pk)
        .exists()
    ):
        raise Http404
    return proposal


def pleadings_for(*, case: Case) -> QuerySet[Pleading]:
    return Pleading.objects.filter(case=case).select_related("party", "fee_order", "efile_item")


def points_for(*, exchange: Exchange) -> QuerySet[DisputePoint]:
    return exchange.points.prefetch_related("items__party", "opinions__party", "comments__party")


def requests_for(*, exchange: Exchange) -> QuerySet[TimeRequest]:
    return exchange.requests.select_related("party")


def case_exchange_report(*, case: Case):
    """The case's latest exchange report (an ``IssuedDocument``) or None: what the judge opens
    the hearing from, and what a hearing transcript refers to."""
    exchange = Exchange.objects.filter(case=case).select_related("report").first()
    return exchange.report if exchange else None


@dataclass(frozen=True)
class BriefItem:
    label: str  # 张三证据1 借条
    status: str  # rules.evidence UNDISPUTED / DISPUTED / NO_OPINION
    status_label: str
    text: str  # the report's lines for the item, as the transcript quotes them


@dataclass(frozen=True)
class ExchangeBrief:
    """What the hearing opens from (异步质证报告): the sealed report if issued, and the
    exchange as it stands (submitted opinions only: a draft stays its author's)."""

    report: IssuedDocument | None
    mode_label: str
    items: list[BriefItem]
    points: list[str]

    @property
    def disputed(self) -> int:
        return sum(1 for i in self.items if i.status == rules.DISPUTED)


def exchange_brief(*, case: Case) -> ExchangeBrief | None:
    """The case's exchange for the judge and clerk at the hearing, or None without one."""
    exchange = Exchange.objects.filter(case=case).select_related("report").first()
    if exchange is None:
        return None
    items = [
        BriefItem(
            label=f"{row.item.party.name}证据{row.item.number} {row.item.name}",
            status=row.status,
            status_label=STATUS_CN[row.status],
            text="\n".join(item_lines(row)),
        )
        for row in exchange_rows(exchange)
    ]
    points = point_lines(exchange)
    if not items and not points and exchange.report is None:
        return None
    return ExchangeBrief(
        report=exchange.report,
        mode_label=exchange.get_mode_display(),
        items=items,
        points=points,
    )


def open_round(*, exchange: Exchange, kind: str, today) -> Round | None:
    """The round of ``kind`` open today (the latest if periods overlap), or None."""
    return exchange.rounds.filter(kind=kind, opens_on__lte=today, due_on__gte=today).last()


def consents_by_party(*, exchange: Exchange) -> dict:
    """Each party's consent to the online exchange, by party id."""
    return {c.party_id: c for c in exchange.consents.select_related("by")}


def agreements_by_proposal(*, proposals: list[Proposal]) -> dict:
    """The signed-agreement rows of these proposals (with their signatures and each party's
    copy of the statement), by proposal id."""
    rows = (
        Agreement.objects.filter(proposal__in=proposals)
        .select_related("refused_by")
        .prefetch_related("signatures", "copies__party")
    )
    return {a.proposal_id: a for a in rows}


def object_in_case(*, model, pk, case: Case):
    """One exchange object by id, only if it belongs to ``case`` (a foreign id is a 404)."""
    paths = {
        Opinion: "item__case",
        DisputePoint: "exchange__case",
        Agreement: "proposal__case",
        TimeRequest: "exchange__case",
    }
    queryset = model.objects.all()
    if model is Opinion:
        queryset = queryset.select_related("item")
    try:
        return queryset.get(pk=pk, **{paths.get(model, "case"): case})
    except (model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
