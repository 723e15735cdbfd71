"""Pages of the documents app: thin, everything real happens in services and selectors."""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role, user_home_court
from yunting.cases.models import Case
from yunting.cases.selectors import case_get_for_user, case_list_for_user
from yunting.workbench.access import staff_required

from . import selectors, services
from .catalogue import CATALOGUE, list_title
from .errors import DocumentError
from .forms import BatchCreateForm, BatchFilterForm, IssueForm, TemplateEditForm, VerifyForm
from .verification import MAX_BYTES, verify_pdf

ADMIN = {Role.COURT_ADMIN}
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"  # poppler-utils


def _pdf_response(data: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    import io

    return FileResponse(
        io.BytesIO(data),
        as_attachment=attachment,
        filename=filename,
        content_type="application/pdf",
    )


@staff_required
@require_http_methods(["GET", "POST"])
def case_documents(request: HttpRequest, case_id) -> HttpResponse:
    """The 文书 tab of a case: what was issued, and a form to issue, preview or draft more."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    form = IssueForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = request.POST.get("action", "issue")
        try:
            if action == "preview":
                pdf = services.document_render_pdf(
                    template_code=data["template_code"], case=case, extra=data["extra"]
                )
                return _pdf_response(pdf, "preview.pdf", attachment=False)
            if action == "docx":
                docx = services.document_docx(
                    template_code=data["template_code"],
                    case=case,
                    recipient=data["recipient"],
                    extra=data["extra"],
                )
                name = f"{case.case_number}{list_title(data['template_code'])}.docx"
                import io

                return FileResponse(io.BytesIO(docx), as_attachment=True, filename=name)
            doc = services.document_issue(
                template_code=data["template_code"],
                case=case,
                actor=request.user,
                recipient=data["recipient"],
                extra=data["extra"],
                sign_as_judge=data["sign_as_judge"],
            )
        except DocumentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(title)s issued, sealed and recorded in the ledger (entry %(seq)s).")
                % {"title": doc.title, "seq": doc.ledger_seq},
            )
            return redirect("documents:case", case_id=case.id)
    context = {
        "case": case,
        "form": form,
        "documents": selectors.case_documents(user=request.user, case=case),
        "catalogue": CATALOGUE,
    }
    return render(request, "documents/case_documents.html", context)


@login_required
def download(request: HttpRequest, document_id) -> HttpResponse:
    doc = selectors.document_get_for_user(user=request.user, document_id=document_id)
    try:
        fh = default_storage.open(doc.storage_path, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"{doc.case.case_number}{doc.title}-{doc.verification_code}.pdf"
    return FileResponse(fh, as_attachment=True, filename=name, content_type="application/pdf")


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone holding a court document may check it, no account needed."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None and upload.size > MAX_BYTES:
                data = b"\0" * (MAX_BYTES + 1)  # let the one check produce the message
            else:
                data = upload.read() if upload is not None else None
            report = verify_pdf(data)
        except DocumentError as exc:
            form.add_error("file", exc.message)
            status = 400
    return render(request, "documents/verify.html", {"form": form, "report": report}, status=status)


# --- templates (court administrators) ---------------------------------------------------------


def _png_of_first_page(pdf: bytes) -> str:
    """The first page as a PNG data URI (the workbench forbids frames, so no embedded PDF)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        command = [PDFTOPPM, "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
            [*command, str(src), str(Path(tmp) / "page")],
            check=True,
            timeout=30,
            capture_output=True,
        )
        png = (Path(tmp) / "page.png").read_bytes()
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@staff_required(roles=ADMIN)
def templates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "documents/templates.html",
        {"templates": selectors.template_list(), "titles": {c: list_title(c) for c in CATALOGUE}},
    )


@staff_required(roles=ADMIN)
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    if code not in CATALOGUE:
        raise Http404
    current = services.template_get_active(code=code)
    form = TemplateEditForm(request.POST or None, initial={"body": current.body})
    preview = None
    court = user_courts_with_role(user=request.user, roles=ADMIN)[0]
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        try:
            if request.POST.get("action") == "preview":
                sample = Case.objects.filter(court=court).order_by("-created_at").first()
                pdf = services.template_preview_pdf(body=body, court=court, case=sample)
                preview = _png_of_first_page(pdf)
            else:
                saved = services.template_save(
                    code=code, body=body, actor=request.user, note=form.cleaned_data["note"]
                )
                messages.success(
                    request, _("Saved as version %(version)s.") % {"version": saved.version}
                )
                return redirect("documents:template_edit", code=code)
        except DocumentError as exc:
            form.add_error("body", exc.message)
    context = {
        "code": code,
        "title": list_title(code),
        "kind": CATALOGUE[code],
        "current": current,
        "form": form,
        "preview": preview,
        "versions": selectors.template_versions(code=code),
    }
    return render(request, "documents/template_edit.html", context)


# --- batches ----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    """Select cases (by default: accepted today) and a template; a task issues them."""
    court = user_home_court(user=request.user)
    filter_form = BatchFilterForm(request.GET or {"accepted_on": timezone.localdate().isoformat()})
    cases = case_list_for_user(user=request.user).filter(court=court, **filter_form.filters())
    cases = cases.order_by("serial")[:500]
    form = BatchCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                batch = services.batch_create(
                    actor=request.user,
                    court=court,
                    template_code=form.cleaned_data["template_code"],
                    case_ids=request.POST.getlist("cases"),
                    extra=form.cleaned_data["extra"],
                )
        except DocumentError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("documents:batch", batch_id=batch.id)
    context = {
        "filter_form": filter_form,
        "form": form,
        "cases": cases,
        "batches": selectors.batch_list_for_user(user=request.user)[:10],
        "selected": set(request.POST.getlist("cases")),
    }
    return render(request, "documents/batch_new.html", context)


@staff_required
def batch_detail(request: HttpRequest, batch_id) -> HttpResponse:
    batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    return render(request, "documents/batch.html", {"batch": batch, **_batch_context(batch)})


@staff_required
def batch_status(request: HttpRequest, batch_id) -> HttpResponse:
    """The fragment htmx polls; it stops polling itself once the batch is done."""
    batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    return render(
        request, "documents/_batch_status.html", {"batch": batch, **_batch_context(batch)}
    )


def _batch_context(batch) -> dict:
    return {
        "title": list_title(batch.template_code),
        "failures": batch.items.filter(status="failed").select_related("case"),
        "status_url": reverse("documents:batch_status", args=[batch.id]),
    }
