"""Background work of the documents app."""

from __future__ import annotations

from django_tasks import task


@task()
def batch_run_task(*, batch_id: str) -> dict:
    """Run a document batch; progress is read from the Batch row while it works."""
    from .services import batch_run

    batch = batch_run(batch_id=batch_id)
    return {"total": batch.total, "succeeded": batch.succeeded, "failed": batch.failed}


@task()
def document_request_task(*, request_id: str) -> str:
    """Make one requested document (acceptance notices, phase two); returns its status."""
    from .requests import document_request_run

    return document_request_run(request_id=request_id).status
