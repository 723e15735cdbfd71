"""Pages: public verification (no login) and the court administrators' event search."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yunting.accounts.roles import Role
from yunting.workbench.access import staff_required
from yunting.workbench.navigation import queues_for

from .bundle import make_bundle, verify_bundle
from .errors import LedgerError
from .events import event_label
from .forms import BundleVerifyForm, EventSearchForm, VerifyForm
from .selectors import chain_status, event_search, parse_hash, public_proof

PAGE_SIZE = 50


def _bundle_problems(result: dict, quorum: int) -> list[str]:
    """Each problem ``verify_bundle`` names, said in the reader's language."""
    said = {
        "format": _("This is not a proof bundle."),
        "checkpoint": _("Its checkpoint is not a signed note."),
        "log_signature": _(
            "The log's signature on the checkpoint does not verify: it was altered."
        ),
        "log_untrusted": _("The checkpoint is not signed by any log key you trust."),
        "quorum": _("Cosigned by %(n)s of the witnesses you trust; %(q)s needed.")
        % {"n": len(result.get("cosigners", [])), "q": quorum},
        "not_included": _(
            "No entry recording the document's hash is included in the checkpoint's tree."
        ),
    }
    return [said[code] for code in result["codes"]]


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


@require_http_methods(["GET"])
def verify_bundle_json(request: HttpRequest) -> HttpResponse:
    """The proof bundle of a recorded document, to hand to another court with the case."""
    try:
        hash_hex = parse_hash(request.GET.get("hash"))
    except LedgerError as exc:
        return JsonResponse({"error": str(exc), "code": exc.code}, status=400)
    data = make_bundle(hash_hex)
    if data is None:  # never recorded, or its head is not signed yet
        raise Http404
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="proof-bundle-{hash_hex[:16]}.json"'
    return response


def _export_findings(summary: dict) -> list[dict]:
    """Each problem ``export_check`` found, said in the reader's language, with where."""
    said = {
        "head_key": _("Signed tree head %(at)s: signed by a key you do not trust or none kept."),
        "head_signature": _("Signed tree head %(at)s: the signature does not verify."),
        "head_root": _("Signed tree head %(at)s: its root is not the root of the entries."),
        "head_missing": _("Signed tree head %(at)s: covers entries missing from the export."),
        "entry_order": _("Entry %(at)s: sequence number out of order (entries removed or added)."),
        "entry_leaf": _("Entry %(at)s: its leaf hash does not match its text: it was altered."),
        "entry_private": _("Entry %(at)s: its private part does not match its digest."),
        "checkpoint_note": _("Checkpoint %(at)s: not a signed note."),
        "checkpoint_names": _("Checkpoint %(at)s: names another tree size or another log."),
        "checkpoint_key": _("Checkpoint %(at)s: not signed by a log key you trust."),
        "checkpoint_signature": _("Checkpoint %(at)s: the log's signature does not verify."),
        "checkpoint_root": _("Checkpoint %(at)s: its root is not the root of the entries."),
        "checkpoint_missing": _("Checkpoint %(at)s: covers entries missing from the export."),
        "chain_key": _("chain.json holds a log verifier key that is not valid."),
        "witness_key": _("A witness key is not valid."),
        "no_crypto": _("Signatures could not be checked."),
        "no_note": _("Checkpoints could not be checked."),
    }
    return [
        {**f, "said": said.get(f["code"], f["text"]) % {"at": f["at"]}}
        for f in summary.get("findings", [])
    ]


def _verify_export(upload, d: dict) -> dict:
    from .export_upload import ExportUnreadable, check_upload

    try:
        summary = check_upload(
            upload,
            log_keys=d["log_keys"],
            witnesses=d["witness_keys"],
            quorum=d["quorum"],
        )
    except ExportUnreadable as exc:
        return {"kind": "export", "ok": False, "unreadable": str(exc), "findings": []}
    return {**summary, "kind": "export", "findings": _export_findings(summary)}


@require_http_methods(["GET", "POST"])
def verify_bundle_page(request: HttpRequest) -> HttpResponse:
    """Anyone checks a proof bundle or a whole log export (another court's, or this one's)
    against the log and witness keys they trust, which they type in: the keys an upload
    carries prove nothing."""
    result = None
    if request.method == "POST":
        form = BundleVerifyForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            if "export" in d["bundle"]:  # a whole log export: every entry, head, checkpoint
                result = _verify_export(d["bundle"]["export"], d)
                return render(
                    request, "ledger/verify_bundle.html", {"form": form, "result": result}
                )
            result = verify_bundle(
                d["bundle"],
                log_keys=d["log_keys"],
                witness_keys=d["witness_keys"],
                quorum=d["quorum"],
            )
            result["said"] = _bundle_problems(result, d["quorum"])
    elif request.GET.get("own"):  # this court's published keys, to check its own bundles
        status = chain_status()
        form = BundleVerifyForm(
            initial={
                "log_keys": status["log_verifier_key"] or "",
                "witness_keys": "\n".join(w["vkey"] for w in status["witnesses"] if w["active"]),
                "quorum": status["quorum"],
            }
        )
    else:
        form = BundleVerifyForm()
    return render(request, "ledger/verify_bundle.html", {"form": form, "result": result})


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
