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

from .models import Batch, DocumentTemplate, IssuedDocument


def _visible_q(user) -> Q:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    mine = Party.objects.filter(Q(user=user) | Q(agents__user=user))
    q = Q(case_id__in=mine.values("case_id")) & (
        Q(recipient__isnull=True) | Q(recipient_id__in=mine.values("id"))
    )
    if court_ids:
        q |= Q(court_id__in=court_ids)
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


def template_list() -> list[DocumentTemplate]:
    from .catalogue import CATALOGUE, seed_templates

    active = {t.code: t for t in DocumentTemplate.objects.filter(is_active=True)}
    if len(active) < len(CATALOGUE):
        seed_templates()
        active = {t.code: t for t in DocumentTemplate.objects.filter(is_active=True)}
    return [active[c] for c in CATALOGUE if c in active]


def template_versions(*, code: str) -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.filter(code=code).select_related("created_by")


def batch_get_for_user(*, user, batch_id) -> Batch:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    try:
        return Batch.objects.select_related("court").get(pk=batch_id, court_id__in=court_ids)
    except (Batch.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def batch_list_for_user(*, user) -> QuerySet[Batch]:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    return Batch.objects.filter(court_id__in=court_ids).order_by("-created_at")
