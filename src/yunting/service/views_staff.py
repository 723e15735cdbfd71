"""The central service desk (集约送达): queue, task page, address confirmation, batches and
their postal PDF, the CSV import, and the dashboard. Thin: services decide, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_home_court
from yunting.cases.selectors import case_get_for_user
from yunting.core.charts import bar_chart
from yunting.core.files import read_upload
from yunting.documents.selectors import case_documents
from yunting.workbench.access import staff_required

from . import addresses, postal, selectors, services
from .models import (
    ADDRESSED,
    FAILED_ATTEMPTS,
    Channel,
    ConsentSource,
    ServiceAttempt,
    TaskStatus,
)
from .withdrawal import service_task_withdraw

STAFF = {Role.SERVICE_OFFICER, Role.CLERK, Role.JUDGE, Role.JUDGE_ASSISTANT}


def _errors(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@staff_required(roles=STAFF)
def queue(request: HttpRequest, overdue: bool = False) -> HttpResponse:
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1"
    tasks = selectors.service_queue(user=request.user, status=status, mine=mine, overdue=overdue)
    today = timezone.localdate()
    rows = [
        {
            "task": t,
            "days": (t.due_on - today).days,
            "urgency": "danger" if t.due_on < today else ("warn" if t.due_on <= today else ""),
        }
        for t in tasks[:500]
    ]
    return render(
        request,
        "service/queue.html",
        {
            "rows": rows,
            "status": status,
            "statuses": TaskStatus.choices,
            "mine": mine,
            "overdue": overdue,
            "officers": selectors.officers_for(user=request.user),
            "channels": [(c, Channel(c).label) for c in ADDRESSED],
        },
    )


@require_POST
@staff_required(roles=STAFF)
def queue_action(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("task")
    action = request.POST.get("action")
    try:  # a malformed task id is a ValidationError too: a message, not a 500
        tasks = list(selectors.tasks_for_staff(user=request.user).filter(pk__in=ids)) if ids else []
        if action == "assign":
            officer = selectors.officer_for(
                user=request.user, officer_id=request.POST.get("officer", "")
            )
            if officer is None:  # an id from no officer list: say so, never guess
                raise services.ServiceError(services.ServiceErrorCode.NOT_OFFICER)
            n = services.service_tasks_assign(tasks=tasks, officer=officer, actor=request.user)
            messages.success(
                request, _("%(n)s tasks assigned to %(name)s.") % {"n": n, "name": officer.name}
            )
        elif action == "batch":
            batch = services.service_batch_create(
                tasks=tasks, name=request.POST.get("name", ""), actor=request.user
            )
            messages.success(request, _("Batch “%(name)s” created.") % {"name": batch.name})
            return redirect(batch)
        elif action == "serve":
            channels = request.POST.getlist("channels")
            if not tasks:
                raise services.ServiceError(services.ServiceErrorCode.NO_TASKS)
            with transaction.atomic():  # all the selected tasks, or none
                for task in tasks:
                    services.service_dispatch(task=task, channels=channels, actor=request.user)
            messages.success(request, _("Service started for %(n)s tasks.") % {"n": len(tasks)})
        else:
            raise services.ServiceError(services.ServiceErrorCode.NO_TASKS)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("service:queue")


@staff_required(roles=STAFF)
def task_detail(request: HttpRequest, task_id) -> HttpResponse:
    task = selectors.service_task_get_for_user(user=request.user, task_id=task_id)
    offered = addresses.channels_offered(party=task.party)
    return render(
        request,
        "service/task.html",
        {
            "task": task,
            "attempts": task.attempts.all(),
            "withdrawn": [
                a for a in task.attempts.all() if a.delivered_at and a.status in FAILED_ATTEMPTS
            ],
            "offered": [(c, Channel(c).label) for c in offered if c != Channel.PUBLIC_NOTICE],
            "recommended": services.recommend_channels(task=task),
            "history": addresses.address_history(party=task.party),
            "current": addresses.party_addresses(party=task.party),
            "can_serve": task.status in (TaskStatus.PENDING, TaskStatus.FAILED),
            "can_withdraw": task.status in selectors.OPEN,
        },
    )


@require_POST
@staff_required(roles=STAFF)
def task_serve(request: HttpRequest, task_id) -> HttpResponse:
    task = selectors.service_task_get_for_user(user=request.user, task_id=task_id)
    try:
        if request.POST.get("action") == "public_notice":
            if request.POST.get("confirm_notice") != "on":  # irreversible: ticked, not clicked
                messages.error(request, _("Tick the box to confirm the public notice."))
                return redirect("service:task", task_id=task.id)
            services.service_notice_publish(task=task, actor=request.user)
            messages.success(request, _("The public notice is published."))
        else:
            services.service_dispatch(
                task=task, channels=request.POST.getlist("channels"), actor=request.user
            )
            messages.success(request, _("Service started."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(task)


@require_POST
@staff_required(roles=STAFF)
def task_withdraw(request: HttpRequest, task_id) -> HttpResponse:
    task = selectors.service_task_get_for_user(user=request.user, task_id=task_id)
    try:
        service_task_withdraw(task=task, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The service is withdrawn."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(task)


@require_POST
@staff_required(roles=STAFF)
def attempt_postal(request: HttpRequest, attempt_id) -> HttpResponse:
    attempt = get_object_or_404(
        ServiceAttempt,
        pk=attempt_id,
        task__in=selectors.tasks_for_staff(user=request.user),
        channel=Channel.POSTAL,
    )
    try:
        day = request.POST.get("date", "")
        import datetime as dt

        try:
            day = dt.date.fromisoformat(day) if day else None
        except ValueError as exc:
            raise services.ServiceError(services.ServiceErrorCode.BAD_DATE, field="date") from exc
        postal.postal_update(
            attempt=attempt,
            status=request.POST.get("status", "sent"),
            actor=request.user,
            tracking_number=request.POST.get("tracking_number", ""),
            day=day,
        )
        messages.success(request, _("Postal status recorded."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(attempt.task)


@staff_required(roles=STAFF)
def party_addresses(request: HttpRequest, case_id, party_id) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    party = get_object_or_404(case.parties, pk=party_id)
    if request.method == "POST":
        try:
            addresses.address_confirm(
                party=party,
                actor=request.user,
                source=request.POST.get("source", ""),
                inbox=request.POST.get("inbox") == "on",
                mobile=request.POST.get("mobile", ""),
                email=request.POST.get("email", ""),
                postal=request.POST.get("postal", ""),
                consent=set(request.POST.getlist("consent")),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The confirmation is signed and filed in the e-file."))
            return redirect("service:case", case_id=case.id)
    return render(
        request,
        "service/addresses.html",
        {
            "case": case,
            "party": party,
            "current": addresses.party_addresses(party=party),
            "has_account": addresses.party_has_account(party),
            "sources": ConsentSource.choices,
            "post": request.POST,
        },
    )


@staff_required(roles=STAFF)
def case_service(request: HttpRequest, case_id) -> HttpResponse:
    """The case's 送达 tab: parties' confirmations, tasks, and opening tasks by choice."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    if request.method == "POST":
        docs = [
            d
            for d in case_documents(user=request.user, case=case)
            if str(d.id) in request.POST.getlist("document")
        ]
        parties = [p for p in case.parties.all() if str(p.id) in request.POST.getlist("party")]
        try:
            opened = services.service_tasks_open(
                documents=docs, parties=parties, actor=request.user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("%(n)s service tasks opened.") % {"n": len(opened)})
        return redirect("service:case", case_id=case.id)
    from .kinds import NOT_SERVED

    return render(
        request,
        "service/case.html",
        {
            "case": case,
            "tasks": selectors.case_tasks(case=case),
            "parties": [
                {"party": p, "addresses": addresses.party_addresses(party=p)}
                for p in case.parties.all()
            ],
            "documents": [
                d
                for d in case_documents(user=request.user, case=case)
                if d.template_code not in NOT_SERVED
            ],
        },
    )


@staff_required(roles=STAFF)
def batch_detail(request: HttpRequest, batch_id) -> HttpResponse:
    batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    return render(
        request,
        "service/batch.html",
        {
            "batch": batch,
            "tasks": batch.tasks.select_related("party", "case", "document"),
            "postal": postal.batch_postal_attempts(batch),
        },
    )


@staff_required(roles=STAFF)
def batch_pdf(request: HttpRequest, batch_id) -> HttpResponse:
    batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    try:
        pdf = postal.batch_postal_pdf(batch=batch)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(batch)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="postal-{batch.id}.pdf"'
    return response


@staff_required(roles=STAFF)
def postal_import_view(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        court = user_home_court(user=request.user)
        try:
            if upload is None:
                raise services.ServiceError(services.ServiceErrorCode.CSV_UNREADABLE)
            data = read_upload(upload, max_bytes=2_000_000)
            report = postal.postal_import(court=court, actor=request.user, data=data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            if report.errors:
                messages.error(request, str(services.ServiceErrorCode.CSV_INVALID.message))
            else:
                messages.success(request, _("%(n)s rows applied.") % {"n": report.applied})
    return render(request, "service/postal_import.html", {"report": report})


@staff_required(roles=STAFF)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(user=request.user)
    chart = bar_chart(
        [(m["month"], m["served"], m["electronic"]) for m in data["by_month"]],
        title=_("Served per month (dark: electronically)"),
    )
    return render(request, "service/dashboard.html", {"d": data, "chart": chart})
