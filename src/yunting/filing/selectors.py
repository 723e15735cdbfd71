"""Reads of filings, scoped: the filer sees their own; filing officers and administrators of
the court with jurisdiction, or of the court that received it at its counter, see it too."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role

from .models import Filing, FilingStatus

REVIEWER_ROLES = frozenset({Role.FILING_OFFICER, Role.COURT_ADMIN})


def filings_of_user(*, user: User) -> QuerySet[Filing]:
    return Filing.objects.filter(created_by=user).select_related("court", "origin_court", "case")


def filing_get_for_user(*, user: User, filing_id: uuid.UUID | str) -> Filing:
    courts = user_courts_with_role(user=user, roles=REVIEWER_ROLES)
    q = Q(created_by=user)
    if courts:
        q |= Q(court__in=courts) | Q(origin_court__in=courts)
    try:
        return (
            Filing.objects.filter(q)
            .select_related("court", "origin_court", "case", "created_by")
            .get(pk=filing_id)
        )
    except (Filing.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def filing_review_queue(*, user: User) -> QuerySet[Filing]:
    """Filings awaiting a decision at the courts where the user is a filing officer."""
    courts = user_courts_with_role(user=user, roles={Role.FILING_OFFICER})
    return (
        Filing.objects.filter(court__in=courts, status=FilingStatus.SUBMITTED)
        .select_related("court", "origin_court", "created_by")
        .order_by("review_due", "submitted_at")
    )


def filings_received_at_counter(*, user: User) -> QuerySet[Filing]:
    """Cross-region filings taken at the user's court for other courts: their status."""
    courts = user_courts_with_role(user=user, roles=REVIEWER_ROLES)
    return Filing.objects.filter(origin_court__in=courts).select_related("court", "case")
