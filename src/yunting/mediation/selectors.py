"""Reads of the mediation app, scoped to the user: a party sees its own disputes, the
coordinator its court's, a mediator those assigned to it, a judge the applications for
confirmation. Anything else is "not found"."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet
from django.http import Http404

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_staff_assignments
from yunting.courts.models import DepartmentKind

from .models import (
    OPEN_STATUSES,
    Agreement,
    Dispute,
    DisputeParty,
    DisputeStatus,
    MediationOrganisation,
    Mediator,
    Message,
)

_RELATED = ("court", "mediator__user", "mediator__organisation", "filing", "confirmation_case")


def coordinator_court_ids(*, user: User) -> set[int]:
    """Courts where the user coordinates mediation: a mediator of the mediation centre, a
    filing officer or the court administrator."""
    if not user.is_authenticated:
        return set()
    ids = set()
    for a in user_staff_assignments(user=user):
        if a.role in (Role.FILING_OFFICER, Role.COURT_ADMIN) or (
            a.role == Role.MEDIATOR
            and a.department is not None
            and a.department.kind == DepartmentKind.MEDIATION
        ):
            ids.add(a.court_id)
    return ids


def judge_court_ids(*, user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return {a.court_id for a in user_staff_assignments(user=user) if a.role == Role.JUDGE}


def disputes_for_party(*, user: User) -> QuerySet[Dispute]:
    if not user.is_authenticated:
        return Dispute.objects.none()
    return Dispute.objects.filter(parties__user=user).distinct().select_related(*_RELATED)


def dispute_get_for_party(*, user: User, dispute_id) -> Dispute:
    try:
        return disputes_for_party(user=user).get(pk=dispute_id)
    except (Dispute.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def disputes_for_staff(*, user: User) -> QuerySet[Dispute]:
    if not user.is_authenticated:
        return Dispute.objects.none()
    return Dispute.objects.filter(
        Q(court_id__in=coordinator_court_ids(user=user))
        | Q(mediator__user=user)
        | Q(
            court_id__in=judge_court_ids(user=user),
            confirmation_case__isnull=False,
        )
    ).select_related(*_RELATED)


def dispute_get_for_staff(*, user: User, dispute_id) -> Dispute:
    try:
        return disputes_for_staff(user=user).get(pk=dispute_id)
    except (Dispute.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def to_designate(*, user: User) -> QuerySet[Dispute]:
    """The coordinator's queue: disputes still without a mediator, the nearest clock first."""
    return (
        Dispute.objects.filter(
            court_id__in=coordinator_court_ids(user=user),
            status=DisputeStatus.RECEIVED,
            mediator__isnull=True,
        )
        .select_related(*_RELATED)
        .order_by("designation_due", "number")
    )


def mediating_for(*, user: User) -> QuerySet[Dispute]:
    """A mediator's open disputes, the nearest end of period first."""
    return (
        Dispute.objects.filter(
            mediator__user=user, status__in=[*OPEN_STATUSES, DisputeStatus.AGREED]
        )
        .select_related(*_RELATED)
        .order_by("period_end", "number")
    )


def confirmations_for(*, user: User) -> QuerySet[Dispute]:
    """Applications for judicial confirmation awaiting the judge's ruling."""
    return (
        Dispute.objects.filter(
            Q(confirmation_case__judge=user) | Q(confirmation_case__judge__isnull=True),
            court_id__in=judge_court_ids(user=user),
            status=DisputeStatus.CONFIRMATION,
        )
        .select_related(*_RELATED)
        .order_by("created_at")
    )


def thread_messages(*, dispute: Dispute, side: DisputeParty | None) -> QuerySet[Message]:
    qs = dispute.messages.select_related("author", "author_party")
    return qs.filter(side=side) if side is not None else qs.filter(side__isnull=True)


def side_threads_for(*, user: User, dispute: Dispute) -> list[DisputeParty]:
    """The private threads the user is in: all of them for the mediator, its own for a party."""
    parties = list(dispute.parties.all())
    if dispute.mediator_id is not None and dispute.mediator.user_id == user.id:
        return parties
    return [p for p in parties if p.user_id == user.id]


def party_side_get(*, dispute: Dispute, party_id) -> DisputeParty:
    try:
        return dispute.parties.get(pk=party_id)
    except (DisputeParty.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def agreements_of(*, dispute: Dispute) -> QuerySet[Agreement]:
    return dispute.agreements.prefetch_related("signatures__party").order_by("-version")


def mediators_of_court(*, court) -> QuerySet[Mediator]:
    return (
        Mediator.objects.filter(organisation__court=court, active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__name")
    )


def organisations_of_court(*, court) -> QuerySet[MediationOrganisation]:
    return MediationOrganisation.objects.filter(court=court).prefetch_related("mediators__user")


def caseloads(*, court) -> dict:
    """Open disputes per mediator of the court."""
    return Counter(
        Dispute.objects.filter(
            court=court, status__in=OPEN_STATUSES, mediator__isnull=False
        ).values_list("mediator_id", flat=True)
    )


def filing_dispute(*, filing) -> Dispute | None:
    return Dispute.objects.filter(Q(filing=filing) | Q(converted_filing=filing)).first()
