"""Running OCR over an item's image-only pages, with progress kept on the item."""

from __future__ import annotations

import logging

from django.db import transaction

from yunting.ledger.services import record_event

from . import ocr, pages, storage
from .errors import EfileError
from .events import ocr_done
from .models import Item, ItemKind, OcrStatus, PageText
from .search import tokens_for

logger = logging.getLogger(__name__)


def item_ocr(*, item_id: str) -> Item | None:
    """Recognise each page still without text; an unreadable file or page is reported on the
    item, never raised to the worker. Re-running continues where it stopped."""
    item = Item.objects.select_related("volume__efile__case").filter(pk=item_id).first()
    if item is None or item.ocr_status in (OcrStatus.NOT_NEEDED, OcrStatus.DONE):
        return item
    Item.objects.filter(pk=item.pk).update(ocr_status=OcrStatus.RUNNING, ocr_error="")
    try:
        data = storage.item_bytes(item)
        done = set(item.texts.values_list("page", flat=True))
        for n in range(1, item.pages + 1):
            if n in done:
                continue
            text = ocr.read_image(pages.render_page(data, item.content_type, n, dpi=ocr.OCR_DPI))
            with transaction.atomic():
                PageText.objects.update_or_create(
                    item=item,
                    page=n,
                    defaults={"text": text, "tokens": tokens_for(text), "source": "ocr"},
                )
                Item.objects.filter(pk=item.pk).update(ocr_pages_done=n)
    except EfileError as exc:
        Item.objects.filter(pk=item.pk).update(
            ocr_status=OcrStatus.FAILED, ocr_error=exc.message[:300]
        )
        return Item.objects.get(pk=item.pk)
    except Exception as exc:  # a page the renderer or engine cannot read
        logger.warning("OCR of item %s failed: %r", item.pk, exc)
        Item.objects.filter(pk=item.pk).update(
            ocr_status=OcrStatus.FAILED, ocr_error=f"{type(exc).__name__}: {exc}"[:300]
        )
        return Item.objects.get(pk=item.pk)
    return _finish(item)


@transaction.atomic
def _finish(item: Item) -> Item:
    from .catalogue import suggest

    item = Item.objects.select_for_update().get(pk=item.pk)
    text = "\n".join(item.texts.order_by("page").values_list("text", flat=True))
    item.ocr_pages_done = item.pages
    if not text.strip():
        item.ocr_status = OcrStatus.NO_TEXT
    else:
        item.ocr_status = OcrStatus.DONE
        s = suggest(text)
        item.suggested_label, item.suggested_kind, item.fields = s.label, s.kind, s.fields
        if s.label and not item.kind_confirmed and item.kind == ItemKind.OTHER:
            item.title = item.title if s.label in item.title else f"{s.label}（{item.title}）"[:200]
    item.save()
    case = item.volume.efile.case
    record_event(ocr_done(item=item, case=case))
    return item
