"""Pages of the publication app: the reviewers' queue and review page (workbench), and the
public judgments page (no login). Thin: services decide, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.workbench.access import staff_required

from . import selectors, services
from .kinds import KIND_LABELS
from .models import PublicationStatus, WithheldReason

REVIEWERS = {Role.JUDGE, Role.CLERK}


def _errors(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@staff_required(roles=REVIEWERS)
def queue(request: HttpRequest) -> HttpResponse:
    decisions = list(selectors.decisions_to_review(user=request.user)[:500])
    return render(
        request,
        "publication/queue.html",
        {"decisions": decisions, "decided": selectors.publications_decided(user=request.user)[:50]},
    )


@require_POST
@staff_required(roles=REVIEWERS)
def start(request: HttpRequest, decision_id) -> HttpResponse:
    decision = selectors.decision_get_for_reviewer(user=request.user, decision_id=decision_id)
    try:
        publication = services.publication_prepare(decision=decision, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("publication:queue")
    return redirect(publication.get_absolute_url())


@staff_required(roles=REVIEWERS)
def review(request: HttpRequest, publication_id) -> HttpResponse:
    publication = selectors.publication_get_for_user(
        user=request.user, publication_id=publication_id
    )
    rows = [
        {**r, "kind_label": KIND_LABELS.get(r["kind"], r["kind"])} for r in publication.replacements
    ]
    return render(
        request,
        "publication/review.html",
        {
            "publication": publication,
            "rows": rows,
            "reasons": WithheldReason.choices,
            "leftovers": services.leftovers(publication, publication.text),
            "editable": publication.status == PublicationStatus.REVIEW,
        },
    )


@require_POST
@staff_required(roles=REVIEWERS)
def act(request: HttpRequest, publication_id) -> HttpResponse:
    publication = selectors.publication_get_for_user(
        user=request.user, publication_id=publication_id
    )
    action = request.POST.get("action")
    try:
        base = int(request.POST.get("version", "0"))
    except ValueError:
        base = 0
    try:
        if action == "save":
            services.publication_revise(
                publication=publication,
                actor=request.user,
                text=request.POST.get("text", ""),
                base_version=base,
            )
            messages.success(request, _("Correction saved."))
        elif action == "publish" and not request.POST.get("confirm_publish"):
            if "text" in request.POST:  # nothing typed is lost: kept as a correction
                services.publication_revise(
                    publication=publication,
                    actor=request.user,
                    text=request.POST.get("text", ""),
                    base_version=base,
                )
            messages.error(request, _("Tick the box to confirm that the text may be published."))
        elif action == "withhold" and not request.POST.get("confirm_withhold"):
            messages.error(request, _("Tick the box to confirm that it is not published."))
        elif action == "publish":
            if "text" in request.POST:
                publication = services.publication_revise(
                    publication=publication,
                    actor=request.user,
                    text=request.POST.get("text", ""),
                    base_version=base,
                )
                base = publication.version
            services.publication_publish(
                publication=publication, actor=request.user, base_version=base
            )
            messages.success(request, _("Published on the court's public judgments page."))
        elif action == "withhold":
            services.publication_withhold(
                publication=publication,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("Recorded: not published."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(publication.get_absolute_url())


# --- public -------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    cause = request.GET.get("cause", "")[:100]
    number = request.GET.get("number", "")[:40]
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    results = selectors.published_search(cause=cause, year=year, number=number)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "publication/public_list.html",
        {
            "page": page,
            "cause": cause,
            "number": number,
            "year": year,
            "causes": selectors.published_causes(),
            "years": selectors.published_years(),
            "searched": bool(cause or number or year),
        },
    )


def public_detail(request: HttpRequest, publication_id) -> HttpResponse:
    publication = selectors.published_get(publication_id=publication_id)
    return render(
        request,
        "publication/public_detail.html",
        {"publication": publication, "paragraphs": publication.text.split("\n")[3:]},
    )


def public_pdf(request: HttpRequest, publication_id) -> FileResponse:
    publication = selectors.published_get(publication_id=publication_id)
    response = FileResponse(
        default_storage.open(publication.storage_path, "rb"),
        content_type="application/pdf",
        filename=f"{publication.case_number}.pdf",
    )
    return response
