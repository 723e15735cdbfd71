"""Portal pages for paying fees (交费), the payment callback, the local test provider and the
public receipt check. Thin: services do the writes, selectors the scoped reads."""

from __future__ import annotations

import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from yunting.core.clientip import client_ip
from yunting.core.files import read_upload
from yunting.core.ratelimit import count, limit_reached
from yunting.ledger.services import format_time

from . import selectors, services
from .forms import ReceiptCheckForm, ReliefForm
from .models import PaymentStatus, Provider
from .providers import notification_for, provider_get, provider_key, test_provider_enabled

logger = logging.getLogger(__name__)


def _days_left(order) -> int | None:
    pay_by = order.pay_by
    return None if pay_by is None else (pay_by - timezone.localdate()).days


def _row(order) -> dict:
    days = _days_left(order)
    urgency = ""
    if order.is_open and days is not None:
        urgency = "danger" if days < 0 else "warn" if days <= 2 else "ok"
    return {"order": order, "days": days, "overdue": -days if days else 0, "urgency": urgency}


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    """交费: every order the person pays, theirs or (for a lawyer) their principals'."""
    orders = selectors.orders_for_payer(user=request.user)
    return render(request, "fees/my_orders.html", {"rows": [_row(o) for o in orders]})


@login_required
@require_http_methods(["GET", "POST"])
def order_detail(request: HttpRequest, order_id) -> HttpResponse:
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    pays = selectors.user_pays_for(request.user, order.payer)
    form = ReliefForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not pays:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            upload = data["proof"]
            try:
                proof_data = read_upload(upload)
                services.relief_apply(
                    order=order,
                    user=request.user,
                    kind=data["kind"],
                    reasons=data["reasons"],
                    percent=data.get("percent"),
                    until=data.get("until"),
                    proof_name=upload.name,
                    proof_data=proof_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your application was sent to the judge."))
                return redirect(order)
    context = {
        "row": _row(order),
        "order": order,
        "pays": pays,
        "payments": selectors.order_payments(order=order),
        "reliefs": selectors.order_reliefs(order=order),
        "relief_form": form,
        "test_provider": test_provider_enabled(),
    }
    return render(request, "fees/order_detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def pay_online(request: HttpRequest, order_id) -> HttpResponse:
    """Start an online payment and send the payer to the provider's page."""
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    try:
        payment = services.payment_start(
            order=order, user=request.user, provider_code=request.POST.get("provider", "")
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect(order)
    return redirect("fees:test_provider", payment.out_trade_no)


CALLBACK_REJECTIONS_PER_MINUTE = 30


@csrf_exempt  # called server to server by the provider; authenticated by its HMAC signature
@require_POST
def callback(request: HttpRequest, provider: str) -> HttpResponse:
    # Rejections are counted (unsigned ones outside the ledger, signed ones once each); past
    # this many per minute from one address (core.clientip: X-Forwarded-For only from
    # YUNTING_TRUSTED_PROXIES) the endpoint stops listening.
    client = client_ip(request)
    if limit_reached("fees-callback-rejected", client, limit=CALLBACK_REJECTIONS_PER_MINUTE):
        return HttpResponse("fail: rate_limited", status=429, content_type="text/plain")
    outcome = services.payment_callback(provider_code=provider, params=request.POST.dict())
    if outcome.ok:
        return HttpResponse("success", content_type="text/plain")
    count("fees-callback-rejected", client)
    return HttpResponse(f"fail: {outcome.code}", status=400, content_type="text/plain")


def _callback_url(request: HttpRequest, provider: str) -> str:
    base = getattr(settings, "YUNTING_PAYMENT_CALLBACK_BASE", "")
    path = reverse("fees:callback", args=[provider])
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def _post_notification(url: str, params: dict[str, str]) -> str:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise ValueError("callback URL must be http(s)")
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - scheme checked
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - scheme checked
            return response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.read().decode(errors="replace")


@login_required
@require_http_methods(["GET", "POST"])
def test_provider(request: HttpRequest, out_trade_no: str) -> HttpResponse:
    """测试支付通道: plays the provider's cashier page. Paying here moves no money: the server
    sends the platform a real signed notification over HTTP, exactly as a provider would, then
    brings the payer back to the order."""
    if not test_provider_enabled():
        raise Http404
    payment = selectors.payment_by_trade_no_for_payer(user=request.user, out_trade_no=out_trade_no)
    if request.method == "POST":
        if payment.status != PaymentStatus.CREATED:
            return redirect(payment.order)
        provider = provider_get(Provider.TEST)
        assert provider is not None
        params = notification_for(
            out_trade_no=payment.out_trade_no,
            transaction_id=f"TEST{secrets.token_hex(10).upper()}",
            amount=f"{payment.amount:.2f}",
            paid_at=format_time(timezone.now()),
            status="SUCCESS" if request.POST.get("action") == "pay" else "FAILED",
            key=provider_key(provider.code),
        )
        try:
            answer = _post_notification(_callback_url(request, provider.code), params)
        except (OSError, ValueError) as exc:
            logger.warning("Test provider could not reach the callback: %s", exc)
            answer = "fail: unreachable"
        if answer.strip() == "success" and params["status"] == "SUCCESS":
            messages.success(request, _("Payment received. Your e-receipt is below."))
        elif params["status"] != "SUCCESS":
            messages.warning(request, _("Payment cancelled. Nothing was charged."))
        else:
            messages.error(
                request, _("The payment could not be confirmed: %(why)s") % {"why": answer}
            )
        return redirect(payment.order)
    return render(request, "fees/test_provider.html", {"payment": payment, "order": payment.order})


@login_required
def receipt_download(request: HttpRequest, payment_id) -> HttpResponse:
    payment = selectors.payment_get_for_user(user=request.user, payment_id=payment_id)
    doc = payment.receipt
    if doc is None:
        raise Http404
    try:
        fh = default_storage.open(doc.storage_path, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"{payment.order.case.case_number}诉讼费电子票据-{doc.verification_code}.pdf"
    return FileResponse(fh, as_attachment=True, filename=name, content_type="application/pdf")


@login_required
def relief_proof(request: HttpRequest, application_id) -> HttpResponse:
    """The proof attached to an application: for the payer side and the court's staff."""
    application = selectors.relief_get_for_user(user=request.user, application_id=application_id)
    try:
        fh = default_storage.open(application.proof_path, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        fh,
        as_attachment=True,
        filename=application.proof_name,
        content_type=application.proof_content_type,
    )


def receipt_check(request: HttpRequest) -> HttpResponse:
    """Public: anyone holding a receipt checks it by its code, no login (票据查验)."""
    form = ReceiptCheckForm(request.GET or None)
    payment = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        payment = selectors.receipt_by_code(code=form.cleaned_data["code"])
    return render(
        request,
        "fees/receipt_check.html",
        {"form": form, "payment": payment, "searched": searched},
        status=404 if searched and payment is None else 200,
    )
