"""Reads of the publication app. Staff see their own cases' effective judgments; the public
sees only what was published."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from yunting.accounts.selectors import user_staff_assignments
from yunting.judgments.models import Decision, DecisionKind

from .models import Publication, PublicationStatus


def _court_ids(user) -> set:
    return {a.court_id for a in user_staff_assignments(user=user)}


def decisions_to_review(*, user) -> QuerySet[Decision]:
    """Effective judgments of cases the user judges or clerks, not yet published or withheld."""
    return (
        Decision.objects.filter(
            kind=DecisionKind.JUDGMENT,
            effective_on__isnull=False,
            case__court_id__in=_court_ids(user),
        )
        .filter(Q(case__judge=user) | Q(case__clerk=user))
        .exclude(publication__status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHHELD])
        .select_related("case__court")
        .order_by("effective_on")
    )


def decision_get_for_reviewer(*, user, decision_id) -> Decision:
    try:
        return (
            Decision.objects.select_related("case__court")
            .filter(case__court_id__in=_court_ids(user))
            .filter(Q(case__judge=user) | Q(case__clerk=user))
            .get(pk=decision_id)
        )
    except (Decision.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def publication_get_for_user(*, user, publication_id) -> Publication:
    try:
        return (
            Publication.objects.select_related("case__court", "updated_by", "decided_by")
            .filter(court_id__in=_court_ids(user))
            .filter(Q(case__judge=user) | Q(case__clerk=user))
            .get(pk=publication_id)
        )
    except (Publication.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def publications_decided(*, user) -> QuerySet[Publication]:
    """The user's courts' published and withheld judgments, newest first."""
    return (
        Publication.objects.filter(court_id__in=_court_ids(user))
        .exclude(status=PublicationStatus.REVIEW)
        .select_related("decided_by")
        .order_by("-updated_at")
    )


def published_search(
    *, cause: str = "", year: int | None = None, number: str = "", court_id=None
) -> QuerySet[Publication]:
    """Published judgments (public): by cause (part of the name), year, case number (part)."""
    qs = Publication.objects.filter(status=PublicationStatus.PUBLISHED).select_related("court")
    if court_id:
        qs = qs.filter(court_id=court_id)
    if cause.strip():
        qs = qs.filter(cause_name__icontains=cause.strip())
    if year:
        qs = qs.filter(year=year)
    if number.strip():
        needle = number.strip().replace("(", "（").replace(")", "）")
        qs = qs.filter(case_number__icontains=needle)
    return qs.order_by("-published_at")


def published_causes() -> list[str]:
    return list(
        Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        .order_by("cause_name")
        .values_list("cause_name", flat=True)
        .distinct()
    )


def published_years() -> list[int]:
    return list(
        Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def published_get(*, publication_id) -> Publication:
    try:
        uuid.UUID(str(publication_id))
        return Publication.objects.select_related("court").get(
            pk=publication_id, status=PublicationStatus.PUBLISHED
        )
    except (Publication.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
