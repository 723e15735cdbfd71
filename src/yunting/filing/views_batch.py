"""Batch acceptance in the workbench: choose filings in the review queue, accept them at
once, and watch the progress (htmx polls the status fragment until the batch is done)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yunting.workbench.access import staff_required

from .batch import (
    acceptance_batch_create,
    acceptance_batch_get_for_user,
    acceptance_batch_rows,
)
from .errors import FilingError
from .selectors import filing_review_queue
from .views_review import OFFICERS


@require_POST
@staff_required(roles=OFFICERS)
def batch_start(request: HttpRequest) -> HttpResponse:
    if request.POST.get("all"):
        ids = list(filing_review_queue(user=request.user).values_list("id", flat=True))
    else:
        ids = request.POST.getlist("filing")
    try:
        batch = acceptance_batch_create(
            officer=request.user,
            filing_ids=ids,
            procedure=request.POST.get("procedure") or "ordinary",
        )
    except FilingError as exc:
        messages.error(request, exc.detail)
        return redirect("filing:review_queue")
    return redirect("filing:batch", batch.id)


def _context(batch) -> dict:
    return {
        "batch": batch,
        "rows": acceptance_batch_rows(batch=batch),
        "status_url": reverse("filing:batch_status", args=[batch.id]),
    }


@staff_required(roles=OFFICERS)
def batch_detail(request: HttpRequest, batch_id) -> HttpResponse:
    batch = acceptance_batch_get_for_user(user=request.user, batch_id=batch_id)
    return render(request, "filing/batch.html", _context(batch))


@staff_required(roles=OFFICERS)
def batch_status(request: HttpRequest, batch_id) -> HttpResponse:
    """The fragment htmx polls; it stops polling itself once the batch is done."""
    batch = acceptance_batch_get_for_user(user=request.user, batch_id=batch_id)
    return render(request, "filing/_batch_status.html", _context(batch))
