"""Pages: public verification (no login) and the court administrators' event search."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from yunting.accounts.roles import Role
from yunting.workbench.access import staff_required
from yunting.workbench.navigation import queues_for

from .errors import LedgerError
from .events import event_label
from .forms import EventSearchForm, VerifyForm
from .selectors import chain_status, event_search, parse_hash, public_proof

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a file (hashed here, never stored) or pastes a hash and learns whether,
    when and as what it was recorded, with the proof against the latest signed head."""
    result = None
    searched = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            searched = form.cleaned_data["hash"]
            result = public_proof(searched)
    elif request.GET.get("sha256"):  # a link from a deposit mark or a receipt
        form = VerifyForm(request.GET)
        if form.is_valid():
            searched = form.cleaned_data["hash"]
            result = public_proof(searched)
    else:
        form = VerifyForm()
    context = {
        "form": form,
        "searched": searched,
        "result": result,
        "entries": [
            {
                **item,
                "time": dt.datetime.fromisoformat(item["recorded_at"])
                if "recorded_at" in item
                else None,
            }
            for item in (result or {}).get("entries", [])
        ],
    }
    return render(request, "ledger/verify.html", context)


@require_http_methods(["GET"])
def verify_proof_json(request: HttpRequest) -> HttpResponse:
    """The same proof as a file to keep (what the API's inclusion endpoint returns)."""
    try:
        hash_hex = parse_hash(request.GET.get("hash"))
    except LedgerError as exc:
        return JsonResponse({"error": str(exc), "code": exc.code}, status=400)
    result = public_proof(hash_hex)
    if result is None:
        raise Http404
    response = JsonResponse(result, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="ledger-proof-{hash_hex[:16]}.json"'
    return response


@staff_required(roles={Role.COURT_ADMIN})
def events(request: HttpRequest) -> HttpResponse:
    """Court-wide event search for court administrators (others get 404)."""
    form = EventSearchForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        qs = event_search(user=request.user).none()
    else:
        qs = event_search(user=request.user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(e, event_label(e.event_type)) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "queues": queues_for(request.user),
    }
    return render(request, "ledger/events.html", context)


@require_http_methods(["GET"])
def chain(request: HttpRequest) -> HttpResponse:
    """The chain's public picture: log key, quorum, witnesses and alarms (issue 22)."""
    status = chain_status()
    cosigned = {c["name"] for c in (status["latest"] or {}).get("cosigners", [])}
    witnesses = [{**w, "cosigned": w["name"] in cosigned} for w in status["witnesses"]]
    return render(request, "ledger/chain.html", {"status": status, "witnesses": witnesses})
