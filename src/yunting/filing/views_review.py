"""Filing review in the workbench (立案审查): the queue with its 7-day clock, and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.workbench.access import staff_required

from . import services
from .forms import AcceptForm, CorrectionForm, RefuseForm
from .selectors import filing_get_for_user, filing_review_queue, filings_received_at_counter

OFFICERS = {Role.FILING_OFFICER, Role.COURT_ADMIN}


def _urgency(filing, today) -> str:
    if filing.review_due is None:
        return ""
    days = (filing.review_due - today).days
    return "overdue" if days < 0 else "due-soon" if days <= 2 else "ok"


@staff_required(roles=OFFICERS)
def review_queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for f in filing_review_queue(user=request.user):
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
        {"rows": rows, "received": filings_received_at_counter(user=request.user)[:50]},
    )


@staff_required(roles=OFFICERS)
def review_detail(request: HttpRequest, filing_id) -> HttpResponse:
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    context = {
        "filing": filing,
        "accept_form": AcceptForm(),
        "correction_form": CorrectionForm(),
        "refuse_form": RefuseForm(),
        "urgency": _urgency(filing, timezone.localdate()),
    }
    return render(request, "filing/review_detail.html", context)


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
        return _("Accepted as %(number)s; assigned to judge %(judge)s.") % {
            "number": case.case_number,
            "judge": case.judge.name if case.judge else "—",
        }

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
