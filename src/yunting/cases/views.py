"""Case query (个案查询): parties and lawyers see their cases; staff see their court's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_is_staff_member
from yunting.documents.selectors import case_document_requests, case_documents
from yunting.ledger.selectors import case_timeline
from yunting.workbench.access import staff_required

from .assignment import case_reassign
from .forms import ReassignForm
from .models import CaseStatus
from .selectors import (
    case_deadlines,
    case_get_for_user,
    case_party_timeline,
    case_search_for_user,
    user_is_division_head,
)

TABS = ("overview", "parties", "documents", "log")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    cases = case_search_for_user(user=request.user, query=query, status=status)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    staff = user_is_staff_member(user=request.user)
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": CaseStatus.choices,
            "base_template": "workbench/base.html" if staff else "base.html",
            "staff": staff,
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    staff = user_is_staff_member(user=request.user)
    tab = request.GET.get("tab", "overview")
    if tab not in TABS:
        tab = "overview"
    timeline = (
        case_timeline(case_id=case.id, user=request.user)
        if staff
        else case_party_timeline(case=case)
    )
    deadlines = [
        d | {"days": (d["date"] - timezone.localdate()).days} for d in case_deadlines(case=case)
    ]
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "tab": tab,
            "tabs": TABS,
            "timeline": timeline,
            "deadlines": deadlines,
            "staff": staff,
            "base_template": "workbench/base.html" if staff else "base.html",
            "parties": case.parties.prefetch_related("agents"),
            "documents": case_documents(user=request.user, case=case) if tab == "documents" else (),
            "document_requests": case_document_requests(user=request.user, case=case)
            if tab == "documents"
            else (),
            "reassign_form": ReassignForm(case=case)
            if staff
            and case.department
            and user_is_division_head(user=request.user, department=case.department)
            else None,
        },
    )


@require_POST
@staff_required(roles={Role.JUDGE})
def case_reassign_view(request: HttpRequest, case_id) -> HttpResponse:
    """The division head reassigns the case to another judge of the division, with a reason."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    form = ReassignForm(request.POST, case=case)
    if form.is_valid():
        try:
            case_reassign(
                case=case,
                judge=form.cleaned_data["judge"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The case has been reassigned."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(case.get_absolute_url())
