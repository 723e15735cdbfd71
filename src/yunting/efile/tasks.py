"""Background work of the e-file: text recognition per item, page by page."""

from __future__ import annotations

from django_tasks import task


@task()
def ocr_item_task(*, item_id: str) -> dict:
    from .ocr_service import item_ocr

    item = item_ocr(item_id=item_id)
    return {"item": item_id, "status": item.ocr_status if item else "gone"}
