"""Pages of the guided element-style complaint (要素式起诉状): choose a cause, answer one
group of questions per screen (each saved as it is answered, so a draft can be left and
resumed), check the computed claims, then generate the complaint into the filing and carry on
with the ordinary filing wizard. The views only route; ``guided`` does the work."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.cases.models import PartyRole

from . import guided, services
from .forms import NewFilingForm, PartyForm
from .models import Filing
from .selectors import filing_get_for_user, filing_item_get, filing_items, guided_drafts_of_user


def _own_guided(request: HttpRequest, filing_id: uuid.UUID) -> Filing:
    """The user's own guided draft; anything else is not found (not even a reviewer's)."""
    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    if filing.created_by_id != request.user.id or filing.guided_kind not in guided.QUESTIONNAIRES:
        raise Http404
    return filing


def _next_step(q: guided.Questionnaire, answers: dict) -> str:
    """Where a resumed questionnaire picks up: the first screen not yet answered."""
    return next((key for key in q.step_keys[1:-1] if key not in answers), guided.REVIEW_STEP)


def _context(filing: Filing, current: str) -> dict:
    q = guided.QUESTIONNAIRES[filing.guided_kind]
    answers = filing.guided_answers or {}
    roles = {p.role for p in filing_items(filing=filing, related="parties")}
    done = {key for key in answers if not key.startswith("_")}
    if {PartyRole.PLAINTIFF, PartyRole.DEFENDANT} <= roles:
        done.add(guided.PARTIES_STEP)
    return {
        "filing": filing,
        "q": q,
        "steps": q.step_titles(),
        "current_step": current,
        "done": done,
        "step_number": q.step_keys.index(current) + 1,
        "step_count": len(q.step_keys),
    }


def _index(request: HttpRequest, bound: NewFilingForm | None = None) -> HttpResponse:
    """The three causes, each with its own court choice (prefixed, so ids stay unique)."""
    drafts = guided_drafts_of_user(user=request.user, kinds=list(guided.QUESTIONNAIRES))
    resume = []
    for f in drafts:
        q = guided.QUESTIONNAIRES[f.guided_kind]
        resume.append((f, q, _next_step(q, f.guided_answers or {})))
    kinds = [
        (q, bound if bound is not None and bound.prefix == q.kind else NewFilingForm(prefix=q.kind))
        for q in guided.QUESTIONNAIRES.values()
    ]
    return render(request, "filing/guided_index.html", {"kinds": kinds, "drafts": resume})


@login_required
def guided_index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
def guided_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in guided.QUESTIONNAIRES:
        raise Http404
    form = NewFilingForm(request.POST, prefix=kind)
    if not form.is_valid():
        return _index(request, form)
    filing = guided.guided_start(user=request.user, court=form.cleaned_data["court"], kind=kind)
    return redirect("filing:guided_step", filing.id, guided.PARTIES_STEP)


@login_required
def guided_step(request: HttpRequest, filing_id: uuid.UUID, step: str) -> HttpResponse:
    filing = _own_guided(request, filing_id)
    if not filing.is_editable:
        messages.info(request, _("This filing has been submitted and can no longer be changed."))
        return redirect("filing:detail", filing.id)
    if step == guided.PARTIES_STEP:
        return _parties(request, filing)
    if step == guided.REVIEW_STEP:
        return _review(request, filing)
    q = guided.QUESTIONNAIRES[filing.guided_kind]
    if q.step(step) is None:
        raise Http404
    answers = filing.guided_answers or {}
    if request.method == "POST":
        try:
            guided.guided_save_step(filing=filing, user=request.user, step=step, data=request.POST)
        except guided.GuidedFormError as exc:
            form = exc.form
        else:
            keys = q.step_keys
            return redirect("filing:guided_step", filing.id, keys[keys.index(step) + 1])
    else:
        form = guided.bind_step(filing.guided_kind, step, None, answers=answers)
    context = _context(filing, step) | {"form": form, "title": q.step(step).title}
    return render(request, "filing/guided_step.html", context)


def _parties(request: HttpRequest, filing: Filing) -> HttpResponse:
    form = PartyForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.filing_add_party(
                filing=filing, user=request.user, data=form.to_input(request.user)
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errs in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errs)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Party added."))
            return redirect("filing:guided_step", filing.id, guided.PARTIES_STEP)
    q = guided.QUESTIONNAIRES[filing.guided_kind]
    context = _context(filing, guided.PARTIES_STEP) | {
        "form": form,
        "parties": filing.parties.prefetch_related("agents"),
        "next_step": q.step_keys[1],
    }
    return render(request, "filing/guided_parties.html", context)


@login_required
@require_POST
def guided_party_remove(
    request: HttpRequest, filing_id: uuid.UUID, party_id: uuid.UUID
) -> HttpResponse:
    filing = _own_guided(request, filing_id)
    party = filing_item_get(filing=filing, related="parties", item_id=party_id)
    services.filing_remove_party(party=party, user=request.user)
    return redirect("filing:guided_step", filing.id, guided.PARTIES_STEP)


def _review(request: HttpRequest, filing: Filing) -> HttpResponse:
    if request.method == "POST":
        try:
            guided.guided_generate(filing=filing, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "The complaint has been generated and the claims filled in. Check them, "
                    "add your evidence, then submit."
                ),
            )
            return redirect("filing:step_attachments", filing.id)
    missing = guided.guided_missing(filing)
    composition = None if missing else guided.guided_preview(filing)
    made = (filing.guided_answers or {}).get("_generated")
    context = _context(filing, guided.REVIEW_STEP) | {
        "missing": missing,
        "c": composition,
        "generated": made,
    }
    return render(request, "filing/guided_review.html", context)
