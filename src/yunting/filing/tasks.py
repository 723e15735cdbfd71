"""Background work of the filing app."""

from __future__ import annotations

from django_tasks import task


@task()
def acceptance_batch_task(*, batch_id: str) -> dict:
    """Accept a batch of filings; progress is read from the batch's rows while it works."""
    from .batch import acceptance_batch_run

    batch = acceptance_batch_run(batch_id=batch_id)
    return {"total": batch.total, "accepted": batch.accepted, "failed": batch.failed}
