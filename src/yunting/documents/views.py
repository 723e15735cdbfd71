"""Pages of the documents app: thin, everything real happens in services and selectors."""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yunting.accounts.roles import Role
from yunting.accounts.selectors import (
    user_courts_with_role,
    user_has_confirmed_totp,
    user_home_court,
)
from yunting.cases.selectors import case_get_for_user, case_list_for_user, court_latest_case
from yunting.courts.selectors import court_list
from yunting.workbench.access import staff_required

from . import selectors, services
from .catalogue import CATALOGUE, list_title
from .errors import DocumentError, DocumentErrorCode
from .forms import (
    BatchCreateForm,
    BatchFilterForm,
    IssueForm,
    TemplateChoiceForm,
    TemplateEditForm,
    VerifyForm,
)
from .verification import MAX_BYTES, verify_code, verify_pdf

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
    chooser = TemplateChoiceForm(request.GET or None)
    code = request.POST.get("template_code") or request.GET.get("template") or ""
    if code not in CATALOGUE or not CATALOGUE[code].issuable:
        code = next(iter(CATALOGUE))
    chooser.initial["template"] = code
    action = request.POST.get("action", "issue")
    form = IssueForm(
        request.POST or None,
        case=case,
        template_code=code,
        drafting=action in ("preview", "docx"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
            form.add_error(None, exc.detail)
        else:
            messages.success(
                request,
                _("%(title)s issued, sealed and recorded in the ledger (entry %(seq)s).")
                % {"title": doc.title, "seq": doc.ledger_seq},
            )
            return redirect("documents:case", case_id=case.id)
    context = {
        "case": case,
        "chooser": chooser,
        "form": form,
        "kind": CATALOGUE[code],
        "title": list_title(code),
        "documents": selectors.case_documents(user=request.user, case=case),
        "document_requests": selectors.case_document_requests(user=request.user, case=case),
        "staff": True,
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
    """Public: anyone holding a court document may check it, no account needed — by the file,
    or by the code printed on paper (``?code=`` works too, for a link or a scanned QR)."""
    bound = request.method == "POST" or "code" in request.GET
    data = request.POST if request.method == "POST" else request.GET
    form = VerifyForm(data if bound else None, request.FILES or None)
    report = code_report = None
    status = 200
    if bound and form.is_valid():
        upload = form.cleaned_data.get("file")
        code = form.cleaned_data.get("code", "")
        field = "file"
        try:
            if upload is None and code:
                field = "code"
                code_report = verify_code(code)
            else:
                if upload is not None and upload.size > MAX_BYTES:
                    data = b"\0" * (MAX_BYTES + 1)  # let the one check produce the message
                else:
                    data = upload.read() if upload is not None else None
                report = verify_pdf(data)
        except DocumentError as exc:
            form.add_error(field, exc.message)
            status = 400 if field == "file" else 404
    context = {"form": form, "report": report, "code_report": code_report}
    return render(request, "documents/verify.html", context, status=status)


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


def template_admin_required(func):
    """Court administrators edit their court's templates (``request.template_court``); a
    platform administrator (superuser) edits the platform defaults (``None``), also with
    ``?scope=platform`` when they administer a court too. Anyone else: 404."""

    @wraps(func)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        courts = user_courts_with_role(user=user, roles=ADMIN)
        wants_platform = "platform" in (request.GET.get("scope"), request.POST.get("scope"))
        if courts and not (user.is_superuser and wants_platform):
            request.template_court = courts[0]
            return staff_required(roles=ADMIN)(func)(request, *args, **kwargs)
        if not user.is_superuser:
            raise Http404
        request.template_court = None
        has_device = user_has_confirmed_totp(user=user)
        if has_device and not user.is_verified():
            return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
        if settings.YUNTING_STAFF_2FA_REQUIRED and not has_device:
            return redirect("accounts:otp_setup")
        return func(request, *args, **kwargs)

    return wrapper


@template_admin_required
def templates(request: HttpRequest) -> HttpResponse:
    court = request.template_court
    return render(
        request,
        "documents/templates.html",
        {
            "court": court,
            "templates": selectors.template_list(court=court),
            "titles": {c: list_title(c) for c in CATALOGUE},
            "scope": "" if court is not None else "platform",
        },
    )


@template_admin_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    if code not in CATALOGUE:
        raise Http404
    court = request.template_court
    current = services.template_get_active(code=code, court=court)
    form = TemplateEditForm(request.POST or None, initial={"body": current.body})
    preview = None
    if request.method == "POST" and request.POST.get("action") == "revert" and court is not None:
        services.template_revert(code=code, actor=request.user, court=court)
        messages.success(request, _("The platform default applies again at your court."))
        return redirect("documents:template_edit", code=code)
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        try:
            if request.POST.get("action") == "preview":
                preview = _preview_image(body, court)
            else:
                saved = services.template_save(
                    code=code,
                    body=body,
                    actor=request.user,
                    court=court,
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request, _("Saved as version %(version)s.") % {"version": saved.version}
                )
                url = reverse("documents:template_edit", args=[code])
                return redirect(url if court is not None else f"{url}?scope=platform")
        except DocumentError as exc:
            form.add_error("body", exc.detail)
    context = {
        "code": code,
        "title": list_title(code),
        "kind": CATALOGUE[code],
        "court": court,
        "scope": "" if court is not None else "platform",
        "current": current,
        "is_own": court is None or current.court_id == court.id,
        "form": form,
        "preview": preview,
        "versions": selectors.template_versions(code=code, court=court),
    }
    return render(request, "documents/template_edit.html", context)


def _preview_image(body: str, court) -> str:
    """The first page of an edited text, rendered against the court's latest case (or a
    sample); any failure of the edited text is a ``DocumentError`` shown on the field."""
    sample = None
    if court is not None:
        sample = court_latest_case(court=court)
    else:  # the platform default is previewed with a made-up case, never a court's real one
        court = court_list().first()
    if court is None:
        raise DocumentError(DocumentErrorCode.BAD_TEMPLATE, reason=_("no court to preview with"))
    pdf = services.template_preview_pdf(body=body, court=court, case=sample)
    try:
        return _png_of_first_page(pdf)
    except (subprocess.SubprocessError, OSError) as exc:
        raise DocumentError(DocumentErrorCode.RENDER_FAILED, reason=str(exc)) from exc


# --- batches ----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    """Select cases (by default: accepted today) and a template; a task issues them."""
    court = user_home_court(user=request.user)
    filter_form = BatchFilterForm(request.GET or {"accepted_on": timezone.localdate().isoformat()})
    cases = case_list_for_user(user=request.user).filter(court=court, **filter_form.filters())
    cases = cases.order_by("serial")[:500]
    chooser = TemplateChoiceForm(request.GET or None)
    code = request.POST.get("template_code") or request.GET.get("template") or ""
    if code not in CATALOGUE or not CATALOGUE[code].issuable:
        code = next(iter(CATALOGUE))
    chooser.initial["template"] = code
    form = BatchCreateForm(request.POST or None, template_code=code)
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
            form.add_error(None, exc.detail)
        else:
            return redirect("documents:batch", batch_id=batch.id)
    context = {
        "filter_form": filter_form,
        "chooser": chooser,
        "accepted_on": request.GET.get("accepted_on", ""),
        "status": request.GET.get("status", ""),
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
        "failures": selectors.batch_failures(batch=batch),
        "status_url": reverse("documents:batch_status", args=[batch.id]),
    }
