"""Batch acceptance (批量立案): a filing officer accepts many filings of the review queue at
once — a prison's complaints, a bank's loan cases — and watches a progress bar.

Each filing is accepted by ``services.filing_accept`` in its own transaction with its own
ledger events, exactly as one accepted by hand; a filing that cannot be accepted (changed in
the meantime, refused by a colleague, …) is marked failed with the reason and the batch goes
on. The batch runs in the task worker; its rows are the progress."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yunting.cases.models import Procedure
from yunting.core.tasks import enqueue_on_commit

from .errors import FilingError, FilingErrorCode
from .models import (
    AcceptanceBatch,
    AcceptanceBatchItem,
    AcceptanceBatchItemStatus,
    AcceptanceBatchStatus,
    Filing,
)
from .selectors import filing_review_queue

if TYPE_CHECKING:
    from yunting.accounts.models import User

logger = logging.getLogger(__name__)

MAX_BATCH = 1000


@transaction.atomic
def acceptance_batch_create(
    *, officer: User, filing_ids: Iterable, procedure: str = "ordinary"
) -> AcceptanceBatch:
    """Queue the chosen filings of the officer's review queue (one court per batch); the
    worker accepts them after this commits."""
    ids = list(dict.fromkeys(str(i) for i in filing_ids))
    if not ids:
        raise FilingError(FilingErrorCode.BATCH_EMPTY)
    if len(ids) > MAX_BATCH:
        raise FilingError(FilingErrorCode.BATCH_TOO_LARGE, limit=MAX_BATCH)
    if procedure not in Procedure.values:
        raise FilingError(FilingErrorCode.BATCH_BAD_PROCEDURE, field="procedure")
    try:
        found = {str(f.id): f for f in filing_review_queue(user=officer).filter(id__in=ids)}
    except ValidationError as exc:  # a malformed id
        raise FilingError(FilingErrorCode.BATCH_NOT_IN_QUEUE) from exc
    if len(found) != len(ids):
        raise FilingError(FilingErrorCode.BATCH_NOT_IN_QUEUE)
    courts = {f.court_id for f in found.values()}
    if len(courts) != 1:
        raise FilingError(FilingErrorCode.BATCH_ONE_COURT)
    batch = AcceptanceBatch.objects.create(
        court_id=courts.pop(), officer=officer, procedure=procedure, total=len(ids)
    )
    AcceptanceBatchItem.objects.bulk_create(
        [AcceptanceBatchItem(batch=batch, filing=found[i], position=n) for n, i in enumerate(ids)]
    )
    from .tasks import acceptance_batch_task

    enqueue_on_commit(acceptance_batch_task, batch_id=str(batch.id))
    return batch


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    return f"{type(exc).__name__}: {exc}"


def acceptance_batch_run(*, batch_id) -> AcceptanceBatch:
    """Accept every waiting filing of the batch, each in its own transaction."""
    from .services import filing_accept

    batch = AcceptanceBatch.objects.select_related("officer").get(pk=batch_id)
    if batch.status == AcceptanceBatchStatus.DONE:
        return batch
    AcceptanceBatch.objects.filter(pk=batch.pk).update(status=AcceptanceBatchStatus.RUNNING)
    items = AcceptanceBatchItem.objects.filter(
        batch=batch, status=AcceptanceBatchItemStatus.PENDING
    ).order_by("position")
    for item in list(items.select_related("filing")):
        try:
            case = filing_accept(
                filing=item.filing, officer=batch.officer, procedure=batch.procedure
            )
        except Exception as exc:  # one bad filing must not stop the batch
            logger.info("acceptance batch %s: %s not accepted: %s", batch.id, item.filing_id, exc)
            with transaction.atomic():
                AcceptanceBatchItem.objects.filter(pk=item.pk).update(
                    status=AcceptanceBatchItemStatus.FAILED, error=_error_text(exc)[:2000]
                )
                AcceptanceBatch.objects.filter(pk=batch.pk).update(failed=F("failed") + 1)
            continue
        with transaction.atomic():
            AcceptanceBatchItem.objects.filter(pk=item.pk).update(
                status=AcceptanceBatchItemStatus.ACCEPTED, case=case
            )
            AcceptanceBatch.objects.filter(pk=batch.pk).update(accepted=F("accepted") + 1)
    AcceptanceBatch.objects.filter(pk=batch.pk).update(
        status=AcceptanceBatchStatus.DONE, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    return batch


def acceptance_batch_get_for_user(*, user: User, batch_id) -> AcceptanceBatch:
    """A batch is its officer's own page (another officer's batch is a 404)."""
    from django.http import Http404

    try:
        return AcceptanceBatch.objects.select_related("court").get(pk=batch_id, officer=user)
    except (AcceptanceBatch.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def acceptance_batch_rows(*, batch: AcceptanceBatch):
    return batch.items.select_related("filing", "case").order_by("position")


__all__ = [
    "Filing",
    "acceptance_batch_create",
    "acceptance_batch_get_for_user",
    "acceptance_batch_rows",
    "acceptance_batch_run",
]
