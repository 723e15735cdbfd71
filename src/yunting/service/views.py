"""Pages for parties (我的送达), the public notice board, and the recipient links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.selectors import user_is_staff_member
from yunting.cases.selectors import case_get_for_user

from . import addresses, links, selectors, services
from .errors import ServiceError
from .models import ADDRESSED

SESSION_KEY = "service_links_verified"


def _base(request) -> str:
    staff = request.user.is_authenticated and user_is_staff_member(user=request.user)
    return "workbench/base.html" if staff else "base.html"


def _pdf(document, *, inline: bool = True) -> FileResponse:
    fh = default_storage.open(document.storage_path, "rb")
    name = f"{document.case.case_number}-{document.title}.pdf"
    return FileResponse(fh, as_attachment=not inline, filename=name, content_type="application/pdf")


@login_required
def my_service(request: HttpRequest) -> HttpResponse:
    """我的送达: the documents served on the person (and on those they represent)."""
    return render(
        request,
        "service/my_service.html",
        {
            "inbox": selectors.inbox_for_user(user=request.user),
            "tasks": selectors.served_tasks_for_user(user=request.user).order_by("-created_at"),
            "base_template": _base(request),
        },
    )


@login_required
def my_addresses(request: HttpRequest, case_id) -> HttpResponse:
    """送达地址确认书 by the party itself (or its lawyer): addresses and consent per channel."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    parties = selectors.parties_represented(case=case, user=request.user)
    if not parties:
        raise Http404
    if request.method == "POST":
        party = next((p for p in parties if str(p.id) == request.POST.get("party")), None)
        if party is None:
            raise Http404
        try:
            addresses.address_confirm_by_party(
                party=party,
                actor=request.user,
                inbox=request.POST.get("inbox") == "on",
                mobile=request.POST.get("mobile", ""),
                email=request.POST.get("email", ""),
                postal=request.POST.get("postal", ""),
                consent=set(request.POST.getlist("consent")),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Your confirmation is sealed and filed in the case's e-file.")
            )
            return redirect("service:my_addresses", case_id=case.id)
    rows = []
    for party in parties:
        current = addresses.party_addresses(party=party)
        rows.append(
            {
                "party": party,
                "current": current,
                "shown": [current[c] for c in ADDRESSED if c in current],
                "has_account": addresses.party_has_account(party),
                "offered": addresses.channels_offered(party=party),
            }
        )
    return render(
        request,
        "service/my_addresses.html",
        {"case": case, "rows": rows, "post": request.POST, "base_template": _base(request)},
    )


@login_required
def inbox_read(request: HttpRequest, attempt_id) -> HttpResponse:
    attempt = selectors.inbox_item_get_for_user(user=request.user, attempt_id=attempt_id)
    services.attempt_read(attempt=attempt, actor=request.user)
    return _pdf(attempt.task.document, inline=False)


def notices(request: HttpRequest) -> HttpResponse:
    """The court's public notice board (公告): open to everyone."""
    return render(
        request,
        "service/notices.html",
        {"notices": selectors.public_notices()[:200], "base_template": _base(request)},
    )


def notice_pdf(request: HttpRequest, notice_id) -> HttpResponse:
    notice = get_object_or_404(selectors.public_notices(), pk=notice_id)
    return _pdf(notice.document, inline=False)


def _link_page(request, token: str, attempt=None, error=None, status: int = 200):
    return render(
        request,
        "service/link.html",
        {
            "token": token,
            "attempt": attempt,
            "error": error,
            "verified": attempt is not None
            and str(attempt.id) in request.session.get(SESSION_KEY, []),
            "base_template": "base.html",
        },
        status=status,
    )


def link_open(request: HttpRequest, token: str) -> HttpResponse:
    """A recipient link: ask for identity, then show the document."""
    try:
        attempt = links.link_resolve(token)
    except ServiceError as exc:
        return _link_page(request, token, error=exc.messages[0], status=exc.http_status)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send_code":
                links.link_send_code(attempt=attempt)
                messages.success(request, _("A code has been sent to the mobile number on file."))
            else:
                links.link_verify(
                    attempt=attempt,
                    method=request.POST.get("method", "id6"),
                    code=request.POST.get("code", ""),
                )
                verified = request.session.get(SESSION_KEY, [])
                request.session[SESSION_KEY] = [*verified, str(attempt.id)][-20:]
                return redirect("service_link:open", token=token)
        except ValidationError as exc:
            status = getattr(exc, "http_status", 400)
            return _link_page(request, token, attempt=attempt, error=exc.messages[0], status=status)
    return _link_page(request, token, attempt=attempt)


def link_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        attempt = links.link_resolve(token)
    except ServiceError as exc:
        raise Http404 from exc
    if str(attempt.id) not in request.session.get(SESSION_KEY, []):
        return redirect("service_link:open", token=token)
    services.attempt_read(
        attempt=attempt, actor=request.user if request.user.is_authenticated else None
    )
    return _pdf(attempt.task.document, inline=False)


@require_POST
def link_acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    try:
        attempt = links.link_resolve(token)
    except ServiceError as exc:
        raise Http404 from exc
    if str(attempt.id) not in request.session.get(SESSION_KEY, []):
        return redirect("service_link:open", token=token)
    services.attempt_read(attempt=attempt, actor=None, acknowledged=True)
    messages.success(request, _("Receipt acknowledged. Thank you."))
    return redirect("service_link:open", token=token)
