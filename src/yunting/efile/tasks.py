"""Background work of the e-file: text recognition per item, page by page, and filing an
accepted filing's attachments after the acceptance commits."""

from __future__ import annotations

from django_tasks import task


@task()
def ocr_item_task(*, item_id: str) -> dict:
    from .ocr_service import item_ocr

    item = item_ocr(item_id=item_id)
    return {"item": item_id, "status": item.ocr_status if item else "gone"}


@task()
def efile_ingest_filing_task(*, filing_id: str, actor_id: str) -> int:
    """An accepted filing's attachments into its case's e-file, after the acceptance."""
    from .services import efile_ingest_filing_run

    return len(efile_ingest_filing_run(filing_id=filing_id, actor_id=actor_id))
