"""Filing review in the workbench (立案审查): the queue with its 7-day clock, and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.cases.models import Procedure
from yunting.documents.selectors import document_requests_failed
from yunting.workbench.access import staff_required

from . import services
from .forms import AcceptForm, CorrectionForm, RefuseForm
from .selectors import (
    filing_get_for_user,
    filing_history,
    filing_review_queue,
    filings_received_at_counter,
)

OFFICERS = {Role.FILING_OFFICER, Role.COURT_ADMIN}


def _urgency(filing, today) -> str:
    if filing.review_due is None:
        return ""
    days = (filing.review_due - today).days
    return "overdue" if days < 0 else "due-soon" if days <= 2 else "ok"


@staff_required(roles=OFFICERS)
def review_queue(request: HttpRequest) -> HttpResponse:
    from yunting.institutions.selectors import queue_of_batch, review_batches  # batch filings

    today = timezone.localdate()
    queue = filing_review_queue(user=request.user)
    batches = review_batches(queue)
    batch = request.GET.get("batch", "")
    if batch:
        queue = queue_of_batch(queue, batch)
    rows = []
    for f in queue:
        days_left = (f.review_due - today).days
        rows.append(
            {
                "filing": f,
                "urgency": _urgency(f, today),
                "days_left": days_left,
                "days_overdue": -days_left,
            }
        )
    return render(
        request,
        "filing/review_queue.html",
        {
            "rows": rows,
            "received": filings_received_at_counter(user=request.user)[:50],
            "procedures": Procedure.choices,
            "failed_requests": document_requests_failed(user=request.user)[:50],
            "batches": batches,
            "batch": batch,
        },
    )


@staff_required(roles=OFFICERS)
def review_detail(request: HttpRequest, filing_id) -> HttpResponse:
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    return _review_page(request, filing)


def _review_page(request: HttpRequest, filing, revealed: dict | None = None) -> HttpResponse:
    context = {
        "filing": filing,
        "party_rows": [
            {"party": p, "revealed": (revealed or {}).get(str(p.id))}
            for p in filing.parties.prefetch_related("agents")
        ],
        "history": filing_history(filing=filing),
        "accept_form": AcceptForm(),
        "correction_form": CorrectionForm(),
        "refuse_form": RefuseForm(),
        "urgency": _urgency(filing, timezone.localdate()),
    }
    return render(request, "filing/review_detail.html", context)


@require_POST
@staff_required(roles=OFFICERS)
def review_reveal_id(request: HttpRequest, filing_id, party_id) -> HttpResponse:
    """The officer asks to see a party's full ID number; the look is recorded."""
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    party = get_object_or_404(filing.parties, pk=party_id)
    try:
        number = services.filing_party_id_reveal(filing=filing, party=party, officer=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("filing:review_detail", filing.id)
    return _review_page(request, filing, revealed={str(party.id): number})


def _decide(request: HttpRequest, filing_id, form_class, action) -> HttpResponse:
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = action(filing, form)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
            return redirect("filing:review_queue")
    else:
        for errs in form.errors.values():
            for text in errs:
                messages.error(request, text)
    return redirect("filing:review_detail", filing.id)


@require_POST
@staff_required(roles=OFFICERS)
def review_accept(request: HttpRequest, filing_id) -> HttpResponse:
    def act(filing, form) -> str:
        case = services.filing_accept(
            filing=filing, officer=request.user, procedure=form.cleaned_data["procedure"]
        )
        accepted = _("Accepted as %(number)s; assigned to judge %(judge)s.") % {
            "number": case.case_number,
            "judge": case.judge.name if case.judge else "—",
        }
        return f"{accepted} {_('The notices are being prepared.')}"

    return _decide(request, filing_id, AcceptForm, act)


@require_POST
@staff_required(roles=OFFICERS)
def review_correction(request: HttpRequest, filing_id) -> HttpResponse:
    def act(filing, form) -> str:
        services.filing_request_correction(
            filing=filing, officer=request.user, items=form.all_items()
        )
        return _("Correction requested from the filer.")

    return _decide(request, filing_id, CorrectionForm, act)


@require_POST
@staff_required(roles=OFFICERS)
def review_refuse(request: HttpRequest, filing_id) -> HttpResponse:
    def act(filing, form) -> str:
        services.filing_refuse(
            filing=filing, officer=request.user, reason=form.cleaned_data["reason"]
        )
        return _("The filing was not accepted; the filer has been told the reasons.")

    return _decide(request, filing_id, RefuseForm, act)
