"""The institution's own page (机构用户): its API keys (made with scopes, shown once, rotated,
revoked, each with its request log) and its webhook endpoints (registered with the events
chosen, the signing secret shown once, each with its recent deliveries, which can be sent
again). Thin: the services in ``keys`` and ``webhooks`` write; ``selectors`` read, scoped to
the person logged in; a refusal shows its reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_roles

from . import keys, selectors, webhooks
from .errors import InstitutionError
from .models import Scope

EVENT_LABELS = {
    "filing.accepted": gettext_lazy("Filing accepted"),
    "filing.refused": gettext_lazy("Filing refused"),
    "filing.correction_requested": gettext_lazy("Correction requested"),
    "fee.assessed": gettext_lazy("Fee assessed"),
    "payment.confirmed": gettext_lazy("Payment confirmed"),
    "document.served": gettext_lazy("Document served"),
    "hearing.fixed": gettext_lazy("Hearing fixed"),
    "judgment.issued": gettext_lazy("Judgment issued"),
    "case.closed": gettext_lazy("Case closed"),
    "dispute.registered": gettext_lazy("Dispute registered for mediation"),
    "dispute.assigned": gettext_lazy("Mediator designated"),
    "dispute.started": gettext_lazy("Mediation period started"),
    "dispute.refused": gettext_lazy("Mediation refused by a party"),
    "dispute.extended": gettext_lazy("Mediation period extended by consent"),
    "dispute.agreed": gettext_lazy("Mediation agreement signed by every party"),
    "dispute.confirmation_applied": gettext_lazy("Judicial confirmation applied for"),
    "dispute.confirmed": gettext_lazy("Mediation agreement judicially confirmed"),
    "dispute.confirmation_refused": gettext_lazy("Judicial confirmation refused"),
    "dispute.converted": gettext_lazy("Failed mediation sent to filing"),
    "dispute.withdrawn": gettext_lazy("Dispute withdrawn"),
}

DELIVERY_LABELS = {
    "pending": pgettext_lazy("webhook delivery", "Pending"),
    "delivered": pgettext_lazy("webhook delivery", "Delivered"),
    "failed": pgettext_lazy("webhook delivery", "Failed"),
}


def _institution(request: HttpRequest) -> None:
    if Role.INSTITUTION not in user_roles(user=request.user):
        raise PermissionDenied


def _event_choices() -> list[tuple[str, str]]:
    return [(e, str(EVENT_LABELS[e])) for e in webhooks.EVENTS]


def _secret_page(request: HttpRequest, *, title: str, what: str, secret: str, hint: str):
    return render(
        request,
        "institutions/secret.html",
        {"title": title, "what": what, "secret": secret, "hint": hint},
    )


def _labelled(endpoint):
    labels = dict(_event_choices())
    endpoint.event_labels = [labels.get(e, e) for e in endpoint.events]
    return endpoint


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _institution(request)
    scope_labels = dict(Scope.choices)
    api_keys = list(selectors.keys_for_user(user=request.user))
    for key in api_keys:
        key.scope_labels = [scope_labels.get(s, s) for s in key.scopes]
    return render(
        request,
        "institutions/home.html",
        {
            "keys": api_keys,
            "endpoints": [_labelled(e) for e in selectors.endpoints_for_user(user=request.user)],
            "scopes": Scope.choices,
            "events": _event_choices(),
        },
    )


@login_required
@require_POST
def key_create(request: HttpRequest) -> HttpResponse:
    _institution(request)
    try:
        rate = int(request.POST.get("rate_per_minute") or 600)
    except ValueError:
        rate = 0
    try:
        if not 1 <= rate <= 100_000:
            messages.error(request, _("Requests per minute: a whole number from 1 to 100,000."))
            return redirect("institutions:home")
        key, secret = keys.key_create(
            user=request.user,
            name=request.POST.get("name", ""),
            scopes=request.POST.getlist("scopes"),
            rate_per_minute=rate,
        )
    except InstitutionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("institutions:home")
    except ValidationError:  # full_clean: a blank or too long name
        messages.error(request, _("Give the key a name (up to 80 characters)."))
        return redirect("institutions:home")
    return _secret_page(
        request,
        title=_("New API key"),
        what=key.name,
        secret=secret,
        hint=_("Send it as the header Authorization: Key <key>."),
    )


@login_required
@require_POST
def key_rotate(request: HttpRequest, key_id) -> HttpResponse:
    _institution(request)
    key = selectors.key_get_for_user(user=request.user, key_id=key_id)
    try:
        new, secret = keys.key_rotate(key=key, user=request.user)
    except InstitutionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("institutions:home")
    return _secret_page(
        request,
        title=_("API key rotated"),
        what=new.name,
        secret=secret,
        hint=_("The old key no longer works: put this one in its place."),
    )


@login_required
@require_POST
def key_revoke(request: HttpRequest, key_id) -> HttpResponse:
    _institution(request)
    key = selectors.key_get_for_user(user=request.user, key_id=key_id)
    try:
        keys.key_revoke(key=key, user=request.user)
        messages.success(request, _("The key %(name)s is revoked.") % {"name": key.name})
    except InstitutionError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("institutions:home")


@login_required
def key_log(request: HttpRequest, key_id) -> HttpResponse:
    _institution(request)
    key = selectors.key_get_for_user(user=request.user, key_id=key_id)
    return render(
        request,
        "institutions/key_log.html",
        {"key": key, "requests": selectors.key_requests(key=key)},
    )


@login_required
@require_POST
def endpoint_create(request: HttpRequest) -> HttpResponse:
    _institution(request)
    try:
        endpoint = webhooks.endpoint_create(
            user=request.user,
            url=request.POST.get("url", "").strip(),
            events_chosen=request.POST.getlist("events"),
        )
    except InstitutionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("institutions:home")
    except ValidationError:  # full_clean: not a URL
        messages.error(request, _("Enter the endpoint's full address (https://…)."))
        return redirect("institutions:home")
    return _secret_page(
        request,
        title=_("Webhook endpoint registered"),
        what=endpoint.url,
        secret=endpoint.secret,
        hint=_(
            "Check each delivery's X-Yunting-Signature with it (HMAC-SHA256 of "
            "“<t>.<body>”) and refuse a t more than 5 minutes old."
        ),
    )


def _delivery_labelled(delivery):
    delivery.status_label = DELIVERY_LABELS.get(delivery.status, delivery.status)
    return delivery


@login_required
def endpoint(request: HttpRequest, endpoint_id) -> HttpResponse:
    _institution(request)
    found = selectors.endpoint_get_for_user(user=request.user, endpoint_id=endpoint_id)
    return render(
        request,
        "institutions/endpoint.html",
        {
            "endpoint": _labelled(found),
            "deliveries": [
                _delivery_labelled(d) for d in selectors.endpoint_deliveries(endpoint=found)
            ],
        },
    )


@login_required
@require_POST
def endpoint_remove(request: HttpRequest, endpoint_id) -> HttpResponse:
    _institution(request)
    found = selectors.endpoint_get_for_user(user=request.user, endpoint_id=endpoint_id)
    webhooks.endpoint_remove(endpoint=found, user=request.user)
    messages.success(request, _("The endpoint %(url)s is removed.") % {"url": found.url})
    return redirect("institutions:home")


@login_required
@require_POST
def redeliver(request: HttpRequest, delivery_id) -> HttpResponse:
    _institution(request)
    delivery = selectors.delivery_get_for_user(user=request.user, delivery_id=delivery_id)
    webhooks.delivery_redeliver(delivery=delivery, user=request.user)
    messages.success(
        request, _("Event #%(id)s will be sent again now.") % {"id": delivery.event_id}
    )
    return redirect("institutions:endpoint", endpoint_id=delivery.endpoint_id)
