"""Reads of issued documents, scoped to the person asking.

Staff of a court see all its documents. A litigant or lawyer sees the documents of their own
cases, and of those with a recipient only the ones addressed to their own party: a summons to
the defendant is not the plaintiff's to download. Anyone else gets 404."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from yunting.accounts.selectors import user_staff_assignments
from yunting.cases.models import Case, Party
from yunting.cases.selectors import case_list_for_user

from .models import (
    Batch,
    DocumentRequest,
    DocumentRequestStatus,
    DocumentTemplate,
    IssuedDocument,
)


def _visible_q(user, court_field: str = "court_id") -> Q:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    mine = Party.objects.filter(Q(user=user) | Q(agents__user=user))
    q = Q(case_id__in=mine.values("case_id")) & (
        Q(recipient__isnull=True) | Q(recipient_id__in=mine.values("id"))
    )
    if court_ids:
        q |= Q(**{f"{court_field}__in": court_ids})
    return q


def document_list_for_user(*, user) -> QuerySet[IssuedDocument]:
    if not getattr(user, "is_authenticated", False):
        return IssuedDocument.objects.none()
    return IssuedDocument.objects.filter(_visible_q(user)).select_related(
        "case", "recipient", "issued_by"
    )


def case_documents(*, user, case: Case) -> QuerySet[IssuedDocument]:
    """The documents of ``case`` that ``user`` may see, newest first."""
    return document_list_for_user(user=user).filter(case=case).order_by("-issued_at")


def case_document_requests(*, user, case: Case) -> list[DocumentRequest]:
    """Documents of ``case`` asked for but not yet issued (being prepared, or failed), under
    the same visibility rule as issued documents; empty when there are none."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = DocumentRequest.objects.filter(
        _visible_q(user, court_field="case__court_id"),
        case=case,
        status__in=[DocumentRequestStatus.PENDING, DocumentRequestStatus.FAILED],
    )
    return list(rows.select_related("recipient").order_by("requested_at"))


def document_requests_failed(*, user) -> QuerySet[DocumentRequest]:
    """Requests that failed at the courts where ``user`` is staff: the filing officer's
    list of notices to send again."""
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    return (
        DocumentRequest.objects.filter(
            case__court_id__in=court_ids, status=DocumentRequestStatus.FAILED
        )
        .select_related("case", "recipient")
        .order_by("requested_at")
    )


def document_request_get_for_staff(*, user, request_id) -> DocumentRequest:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    try:
        return DocumentRequest.objects.select_related("case").get(
            pk=request_id, case__court_id__in=court_ids
        )
    except (DocumentRequest.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def document_get_for_user(*, user, document_id: uuid.UUID | str) -> IssuedDocument:
    try:
        return document_list_for_user(user=user).get(pk=document_id)
    except (IssuedDocument.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def document_by_sha256(*, sha256: str) -> IssuedDocument | None:
    """For public verification: whoever holds the bytes may learn what they are."""
    return (
        IssuedDocument.objects.filter(sha256=sha256)
        .select_related("court", "case", "signed_by_judge")
        .first()
    )


def template_list(*, court=None) -> list[DocumentTemplate]:
    """The template that applies at ``court`` for each code (its own version, else the
    platform default); ``court=None``: the platform defaults."""
    from .catalogue import CATALOGUE, seed_templates

    def defaults() -> dict[str, DocumentTemplate]:
        rows = DocumentTemplate.objects.filter(is_active=True, court__isnull=True)
        return {t.code: t for t in rows.select_related("created_by")}

    active = defaults()
    if len(active) < len(CATALOGUE):
        seed_templates()
        active = defaults()
    if court is not None:
        own = DocumentTemplate.objects.filter(is_active=True, court=court)
        active.update({t.code: t for t in own.select_related("court", "created_by")})
    return [active[c] for c in CATALOGUE if c in active]


def template_versions(*, code: str, court=None) -> QuerySet[DocumentTemplate]:
    """The versions of ``court``'s own template (``None``: of the platform default)."""
    rows = DocumentTemplate.objects.filter(code=code).select_related("created_by")
    return rows.filter(court=court) if court is not None else rows.filter(court__isnull=True)


def batch_get_for_user(*, user, batch_id) -> Batch:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    try:
        return Batch.objects.select_related("court").get(pk=batch_id, court_id__in=court_ids)
    except (Batch.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def batch_list_for_user(*, user) -> QuerySet[Batch]:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    return Batch.objects.filter(court_id__in=court_ids).order_by("-created_at")


def batch_candidate_cases(*, user, court, filters: dict) -> QuerySet[Case]:
    """The user's cases of ``court`` matching the batch filter form, at most 500."""
    return case_list_for_user(user=user).filter(court=court, **filters).order_by("serial")[:500]


def batch_failures(*, batch: Batch) -> QuerySet:
    """The cases of a batch whose document could not be issued."""
    return batch.items.filter(status="failed").select_related("case")
