"""The filing wizard in the portal (网上立案). Each step saves as it goes; a draft can be
left and resumed; the review step lists everything missing at once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunting.core.files import read_upload
from yunting.rules import causes

from . import services
from .forms import AttachmentForm, BasicsForm, ClaimForm, NewFilingForm, PartyForm
from .models import Filing
from .selectors import (
    filing_agents,
    filing_get_for_user,
    filing_item_get,
    filing_items,
    filing_missing,
    filings_of_user,
)

STEPS = [
    ("basics", gettext_lazy("Court and cause")),
    ("parties", gettext_lazy("Parties")),
    ("claims", gettext_lazy("Claims")),
    ("attachments", gettext_lazy("Materials")),
    ("review", gettext_lazy("Check and submit")),
]


def _own_editable(request: HttpRequest, filing_id) -> Filing:
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    if filing.created_by_id != request.user.id:
        raise Http404
    return filing


def _step_context(filing: Filing, current: str) -> dict:
    return {"filing": filing, "steps": STEPS, "current_step": current}


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc)


@login_required
def filing_list(request: HttpRequest) -> HttpResponse:
    form = NewFilingForm()
    return render(
        request,
        "filing/list.html",
        {"filings": filings_of_user(user=request.user), "form": form},
    )


@login_required
@require_POST
def filing_start(request: HttpRequest) -> HttpResponse:
    form = NewFilingForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "filing/list.html",
            {"filings": filings_of_user(user=request.user), "form": form},
        )
    filing = services.filing_create(user=request.user, court=form.cleaned_data["court"])
    return redirect("filing:step_basics", filing.id)


@login_required
def step_basics(request: HttpRequest, filing_id) -> HttpResponse:
    filing = _own_editable(request, filing_id)
    initial = {"court": filing.court, "cause_name": filing.cause_name, "facts": filing.facts}
    form = BasicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.filing_update_basics(
                filing=filing,
                user=request.user,
                court=data["court"],
                cause_name=data["cause_name"],
                facts=data["facts"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("filing:step_parties", filing.id)
    context = _step_context(filing, "basics") | {"form": form}
    return render(request, "filing/step_basics.html", context)


@login_required
def cause_options(request: HttpRequest) -> HttpResponse:
    """Suggestions while typing a cause of action (htmx), from the official catalogue."""
    fragment = request.GET.get("cause_name", "").strip()
    found = causes.search(fragment)[:15] if fragment else []
    return render(request, "filing/_cause_options.html", {"causes": found})


@login_required
def step_parties(request: HttpRequest, filing_id) -> HttpResponse:
    filing = _own_editable(request, filing_id)
    action = request.POST.get("action", "add")
    if action == "fill":  # "this party is me" ticked (htmx): show the person's own details
        initial = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        if request.POST.get("is_self"):
            initial.update(PartyForm.identity_of(request.user))
        form = PartyForm.for_user(request.user, initial=initial)
    else:
        form = PartyForm.for_user(request.user, request.POST or None)
    if action == "continue" and not form.has_input():
        return redirect("filing:step_claims", filing.id)
    if request.method == "POST" and action != "fill" and form.is_valid():
        try:
            services.filing_add_party(
                filing=filing, user=request.user, data=form.to_input(request.user)
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Party added."))
            if action == "continue":  # what was typed is saved, not lost
                return redirect("filing:step_claims", filing.id)
            return redirect("filing:step_parties", filing.id)
    context = _step_context(filing, "parties") | {
        "form": form,
        "parties": filing.parties.prefetch_related("agents"),
    }
    return render(request, "filing/step_parties.html", context)


@login_required
def step_claims(request: HttpRequest, filing_id) -> HttpResponse:
    filing = _own_editable(request, filing_id)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.filing_add_claim(
                filing=filing,
                user=request.user,
                text=form.cleaned_data["text"],
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("filing:step_claims", filing.id)
    context = _step_context(filing, "claims") | {
        "form": form,
        "claims": filing_items(filing=filing, related="claims"),
    }
    return render(request, "filing/step_claims.html", context)


@login_required
def step_attachments(request: HttpRequest, filing_id) -> HttpResponse:
    filing = _own_editable(request, filing_id)
    agents = filing_agents(filing=filing)
    form = AttachmentForm(request.POST or None, request.FILES or None, agents=agents)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        agent = next((a for a in agents if str(a.id) == form.cleaned_data["agent"]), None)
        try:
            services.filing_add_attachment(
                filing=filing,
                user=request.user,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                data=read_upload(upload),
                agent=agent,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("File uploaded."))
            return redirect("filing:step_attachments", filing.id)
    context = _step_context(filing, "attachments") | {
        "form": form,
        "attachments": filing_items(filing=filing, related="attachments"),
        "agents": agents,
    }
    return render(request, "filing/step_attachments.html", context)


def _remover(related: str, id_kwarg: str, service, target: str):
    """A POST view that removes one party, claim or attachment of the user's own draft."""

    @login_required
    @require_POST
    def view(request: HttpRequest, filing_id, **kwargs) -> HttpResponse:
        filing = _own_editable(request, filing_id)
        obj = filing_item_get(filing=filing, related=related, item_id=kwargs[id_kwarg])
        service(obj, request.user)
        return redirect(target, filing.id)

    return view


party_remove = _remover(
    "parties",
    "party_id",
    lambda party, user: services.filing_remove_party(party=party, user=user),
    "filing:step_parties",
)
claim_remove = _remover(
    "claims",
    "claim_id",
    lambda claim, user: services.filing_remove_claim(claim=claim, user=user),
    "filing:step_claims",
)
attachment_remove = _remover(
    "attachments",
    "attachment_id",
    lambda attachment, user: services.filing_remove_attachment(attachment=attachment, user=user),
    "filing:step_attachments",
)


@login_required
def step_review(request: HttpRequest, filing_id) -> HttpResponse:
    filing = _own_editable(request, filing_id)
    if request.method == "POST" and request.POST.get("action") == "service_address":
        try:
            services.filing_set_service_address(
                filing=filing,
                user=request.user,
                inbox=request.POST.get("inbox") == "on",
                mobile=request.POST.get("mobile", ""),
                email=request.POST.get("email", ""),
                postal=request.POST.get("postal", ""),
                consent=request.POST.getlist("consent"),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your address for service is saved with the filing."))
            return redirect("filing:step_review", filing.id)
    elif request.method == "POST":
        try:
            services.filing_submit(filing=filing, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your filing has been submitted."))
            return redirect("filing:detail", filing.id)
    context = _step_context(filing, "review") | {
        "missing": filing_missing(filing),
        "address": filing.service_address
        or {"mobile": request.user.phone, "email": request.user.email, "inbox": True},
        "address_given": bool(filing.service_address),
        "post": request.POST if request.method == "POST" else None,
    }
    return render(request, "filing/step_review.html", context)


@login_required
def filing_detail(request: HttpRequest, filing_id) -> HttpResponse:
    """The receipt and status page: number, status, corrections asked for, the case."""
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    return render(request, "filing/detail.html", {"filing": filing})


@login_required
def attachment_download(request: HttpRequest, filing_id, attachment_id) -> FileResponse:
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    attachment = filing_item_get(filing=filing, related="attachments", item_id=attachment_id)
    return FileResponse(
        default_storage.open(attachment.path, "rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
    )
