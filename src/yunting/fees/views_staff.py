"""Workbench pages for fees: a case's fees (re-assessment, application fees, refunds), the
judge's queues (unpaid fees, relief applications) and the finance office (transfers, refunds,
daily reconciliation with CSV/XLSX export)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.selectors import case_get_for_user, case_parties
from yunting.workbench.access import staff_required

from . import selectors, services
from .forms import (
    ApplicationFeeForm,
    DecisionForm,
    OverdueDecisionForm,
    ReassessForm,
    RefundRequestForm,
    ReportForm,
    TransferConfirmForm,
)
from .models import PAID_STATUSES, Refund, ReliefApplication

JUDGES = {Role.JUDGE}
FINANCE = {Role.FINANCE_OFFICER}


def _attempt(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service; show its refusal as a message people can act on."""
    try:
        action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return False
    messages.success(request, success)
    return True


def _form_errors(request: HttpRequest, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errs:
            messages.error(request, f"{label}: {text}" if label else text)


@staff_required
@require_http_methods(["GET", "POST"])
def case_fees(request: HttpRequest, case_id) -> HttpResponse:
    """The 费用 tab of a case."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    orders = list(selectors.case_orders(user=request.user, case=case))
    parties = case_parties(case=case)
    paid = [o for o in orders if o.status in PAID_STATUSES]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reassess":
            form = ReassessForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                _attempt(
                    request,
                    lambda: services.fee_reassess(
                        case=case,
                        judge=request.user,
                        reason=f"{d['reason_code']}: {d['reason']}",
                        claim_amount=d.get("claim_amount"),
                        procedure=d.get("procedure") or None,
                        fee_kind=d.get("fee_kind") or None,
                    ),
                    _("The fee was re-assessed."),
                )
            else:
                _form_errors(request, form)
        elif action == "application_fee":
            form = ApplicationFeeForm(request.POST, parties=parties)
            if form.is_valid():
                d = form.cleaned_data
                payer = next(p for p in parties if str(p.id) == d["payer"])
                _attempt(
                    request,
                    lambda: services.fee_order_assess_application(
                        case=case,
                        payer=payer,
                        kind=d["kind"],
                        amount=d.get("amount"),
                        actor=request.user,
                    ),
                    _("The application fee was assessed."),
                )
            else:
                _form_errors(request, form)
        elif action == "refund":
            form = RefundRequestForm(request.POST, orders=paid)
            if form.is_valid():
                d = form.cleaned_data
                order = next(o for o in paid if str(o.id) == d["order"])
                _attempt(
                    request,
                    lambda: services.refund_request(
                        order=order,
                        actor=request.user,
                        reason=d["reason"],
                        amount=d.get("amount"),
                        note=d.get("note", ""),
                    ),
                    _("The refund was sent to the finance office for approval."),
                )
            else:
                _form_errors(request, form)
        return redirect("fees:case", case.id)
    context = {
        "case": case,
        "orders": orders,
        "refunds": selectors.order_refunds(orders=orders),
        "reassess_form": ReassessForm(),
        "application_form": ApplicationFeeForm(parties=parties),
        "refund_form": RefundRequestForm(orders=paid) if paid else None,
    }
    return render(request, "fees/case_fees.html", context)


@staff_required(roles=JUDGES)
@require_http_methods(["GET", "POST"])
def overdue_queue(request: HttpRequest) -> HttpResponse:
    """按撤诉处理 pending: acceptance fees unpaid past the deadline, for the judge to decide."""
    if request.method == "POST":
        form = OverdueDecisionForm(request.POST)
        order = selectors.order_get_for_user(
            user=request.user, order_id=request.POST.get("order", "")
        )
        if form.is_valid():
            _attempt(
                request,
                lambda: services.overdue_decide(
                    order=order,
                    judge=request.user,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                ),
                _("Your decision was recorded."),
            )
        else:
            _form_errors(request, form)
        return redirect("fees:overdue_queue")
    today = timezone.localdate()
    rows = [
        {"order": o, "days_overdue": (today - o.pay_by).days}
        for o in selectors.orders_overdue_for_judge(user=request.user, today=today)
    ]
    return render(request, "fees/overdue_queue.html", {"rows": rows, "form": OverdueDecisionForm()})


@staff_required(roles=JUDGES)
@require_http_methods(["GET", "POST"])
def relief_queue(request: HttpRequest) -> HttpResponse:
    pending = selectors.reliefs_pending_for_judge(user=request.user)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        try:
            application = pending.get(pk=request.POST.get("application", ""))
        except (ReliefApplication.DoesNotExist, ValueError, ValidationError):
            messages.error(request, _("That application is no longer waiting for a decision."))
            return redirect("fees:relief_queue")
        approve = request.POST.get("decision") == "approve"
        note = form.cleaned_data.get("note", "") if form.is_valid() else ""
        _attempt(
            request,
            lambda: services.relief_decide(
                application=application, judge=request.user, approve=approve, note=note
            ),
            _("Approved: the fee order was changed.") if approve else _("Refused."),
        )
        return redirect("fees:relief_queue")
    return render(request, "fees/relief_queue.html", {"applications": pending})


@staff_required(roles=FINANCE)
@require_http_methods(["GET", "POST"])
def finance_home(request: HttpRequest) -> HttpResponse:
    """The finance office: confirm bank transfers by reference, approve or refuse refunds."""
    form = TransferConfirmForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "transfer":
            if form.is_valid():
                d = form.cleaned_data
                ok = _attempt(
                    request,
                    lambda: services.payment_confirm_transfer(
                        officer=request.user,
                        reference=d["reference"],
                        amount=d["amount"],
                        bank_txn_id=d["bank_txn_id"],
                    ),
                    _("Transfer confirmed; the e-receipt was issued."),
                )
                if ok:
                    return redirect("fees:finance_home")
        elif action in {"approve_refund", "refuse_refund"}:
            try:
                refund = selectors.refunds_pending_for_finance(user=request.user).get(
                    pk=request.POST.get("refund", "")
                )
            except (Refund.DoesNotExist, ValueError, ValidationError):
                messages.error(request, _("That refund is no longer waiting for a decision."))
            else:
                approve = action == "approve_refund"
                _attempt(
                    request,
                    lambda: services.refund_decide(
                        refund=refund, officer=request.user, approve=approve
                    ),
                    _("Refund approved.") if approve else _("Refund refused."),
                )
            return redirect("fees:finance_home")
    context = {
        "form": form,
        "awaiting": selectors.orders_awaiting_transfer(user=request.user)[:100],
        "refunds": selectors.refunds_pending_for_finance(user=request.user),
    }
    return render(request, "fees/finance_home.html", context, status=400 if form.errors else 200)


def _report_rows(report) -> list[list]:
    rows = [
        [
            r.court,
            r.provider,
            r.paid_count,
            r.paid,
            r.refunded_count,
            r.refunded,
            r.duplicates,
        ]
        for r in report.rows
    ]
    rows.append([_("Total"), "", "", report.total_paid, "", report.total_refunded, ""])
    for court, amount in report.outstanding.items():
        rows.append([court, _("Outstanding now"), "", amount, "", "", ""])
    return rows


@staff_required(roles=FINANCE)
def finance_report(request: HttpRequest) -> HttpResponse:
    """日对账: by court and channel; ``?format=csv`` or ``xlsx`` to download."""
    form = ReportForm(request.GET or {"day": timezone.localdate().isoformat()})
    day = form.cleaned_data["day"] if form.is_valid() else timezone.localdate()
    courts = user_courts_with_role(user=request.user, roles=FINANCE)
    report = selectors.reconciliation(courts=courts, day=day)
    fmt = request.GET.get("format")
    header = [
        _("Court"),
        _("Channel"),
        _("Payments"),
        _("Paid (yuan)"),
        _("Refunds"),
        _("Refunded (yuan)"),
        _("Received twice (yuan)"),
    ]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in _report_rows(report):
            writer.writerow([str(v) for v in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="reconciliation-{day}.csv"'
        return response
    if fmt == "xlsx":
        return _xlsx(report, header, day)
    return render(request, "fees/finance_report.html", {"form": form, "report": report})


def _xlsx(report, header: list[str], day) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(day)
    ws.append(header)
    for row in _report_rows(report):
        ws.append(row)  # Decimal cells stay exact numbers
    for cells in ws.iter_cols(min_col=4, max_col=7, min_row=2):
        for cell in cells:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="reconciliation-{day}.xlsx"'
    return response


@staff_required(roles=FINANCE)
@require_POST
def issue_receipt(request: HttpRequest, payment_id) -> HttpResponse:
    """Retry a receipt that failed to issue with its payment."""
    payment = selectors.payment_get_for_user(user=request.user, payment_id=payment_id)
    _attempt(
        request,
        lambda: services.receipt_issue(payment=payment, actor=request.user),
        _("The e-receipt was issued."),
    )
    return redirect("fees:order", payment.order_id)
