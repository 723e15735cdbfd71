"""Pages of the e-file: catalogue, viewer, search, and the clerk's edits. Thin: services do
the writes, selectors the (scoped) reads; a refused action shows its reason, never a 500."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.cases.selectors import case_get_for_user
from yunting.core.files import read_upload

from . import pages, selectors, services, storage
from .archive import borrow_approve, borrow_request, efile_archive
from .errors import EfileError
from .models import ItemKind, OcrStatus, VolumeKind

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
MAX_DOWNLOAD_PAGES = 100  # each page is re-rendered with the watermark


def _base(staff: bool) -> str:
    return "workbench/base.html" if staff else "base.html"


@login_required
def my_files(request: HttpRequest) -> HttpResponse:
    """网上阅卷: the cases whose e-file the person may read."""
    from yunting.accounts.selectors import user_is_staff_member
    from yunting.cases.selectors import case_list_for_user

    staff = user_is_staff_member(user=request.user)
    cases = case_list_for_user(user=request.user).order_by("-accepted_on", "-serial")[:100]
    return render(request, "efile/my_files.html", {"cases": cases, "base_template": _base(staff)})


@login_required
def case_efile(request: HttpRequest, case_id) -> HttpResponse:
    return redirect("efile:volume", case_id=case_id, kind=VolumeKind.MAIN)


@login_required
def volume(request: HttpRequest, case_id, kind: str) -> HttpResponse:
    vol = selectors.volume_get_for_user(user=request.user, case_id=case_id, kind=kind)
    case = vol.efile.case
    staff = selectors.user_is_case_staff(user=request.user, case=case)
    rows = selectors.volume_catalogue(volume=vol)
    marks = selectors.item_deposit_marks([r.item for r in rows])
    for r in rows:
        r.item.deposit_mark = marks.get(r.item.id)
    return render(
        request,
        "efile/volume.html",
        {
            "case": case,
            "efile": vol.efile,
            "volume": vol,
            "rows": rows,
            "staff": staff,
            "kinds": ItemKind.choices,
            "volume_kinds": selectors.visible_volume_kinds(user=request.user, case=case),
            "volume_choices": VolumeKind.choices,
            "base_template": _base(staff),
            "order": ",".join(str(r.item.id) for r in rows),
            "pending": any(
                r.item.ocr_status in (OcrStatus.PENDING, OcrStatus.RUNNING) for r in rows
            ),
            "borrows": selectors.efile_borrows(efile=vol.efile) if staff else [],
            "archive": vol.efile.archives.first(),
        },
    )


def _back(item_or_volume) -> HttpResponse:
    vol = getattr(item_or_volume, "volume", item_or_volume)
    return redirect("efile:volume", case_id=vol.efile.case_id, kind=vol.kind)


@login_required
@require_POST
def upload(request: HttpRequest, case_id) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not selectors.user_is_case_staff(user=request.user, case=case):
        raise Http404
    kind = request.POST.get("volume", VolumeKind.MAIN)
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, _("Choose a file to add."))
    for f in files:
        try:
            item = services.item_upload(
                case=case,
                actor=request.user,
                data=read_upload(f),
                name=f.name,
                kind=request.POST.get("kind", ""),
                volume_kind=kind,
            )
            messages.success(request, _("Added: %(title)s") % {"title": item.title})
        except ValidationError as exc:  # EfileError, or the size check before reading
            messages.error(request, f"{f.name}: {' '.join(exc.messages)}")
    return redirect(
        "efile:volume", case_id=case.id, kind=kind if kind in VolumeKind.values else "main"
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@login_required
@require_POST
def move(request: HttpRequest, item_id) -> HttpResponse:
    """Move an item up or down: a re-order of the whole volume, checked against its version."""
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    order = [o for o in request.POST.get("order", "").split(",") if o]
    direction = request.POST.get("direction")
    key = str(item.id)
    if key in order:
        i = order.index(key)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    try:
        services.volume_reorder(
            volume=item.volume, order=order, version=_version(request), actor=request.user
        )
        messages.success(request, _("The order is saved."))
    except EfileError as exc:
        messages.error(request, exc.message)
    return _back(item)


@login_required
@require_POST
def reclassify(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    fields = {
        k.removeprefix("field_"): v for k, v in request.POST.items() if k.startswith("field_")
    }
    try:
        services.item_reclassify(
            item=item,
            kind=request.POST.get("kind", ""),
            volume_kind=request.POST.get("volume") or None,
            version=_version(request),
            actor=request.user,
            fields=fields if fields else None,
        )
        messages.success(request, _("The kind is saved."))
    except EfileError as exc:
        messages.error(request, exc.message)
    return _back(item)


@login_required
@require_POST
def split(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    try:
        after = int(request.POST.get("after_page", "0"))
    except ValueError:
        after = 0
    try:
        services.item_split(
            item=item, after_page=after, version=_version(request), actor=request.user
        )
        messages.success(request, _("The item is split in two."))
    except EfileError as exc:
        messages.error(request, exc.message)
    return _back(item)


@login_required
@require_POST
def merge(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    try:
        other = selectors.item_get_for_user(
            user=request.user, item_id=request.POST.get("other", "")
        )
        services.item_merge(first=item, second=other, version=_version(request), actor=request.user)
        messages.success(request, _("The items are merged."))
    except Http404:
        messages.error(request, _("Choose two different items of the same volume to merge."))
    except EfileError as exc:
        messages.error(request, exc.message)
    return _back(item)


@login_required
def item_view(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    case = item.volume.efile.case
    staff = selectors.user_is_case_staff(user=request.user, case=case)
    try:
        page = min(max(1, int(request.GET.get("page", "1"))), item.pages)
    except ValueError:
        page = 1
    services.item_access_record(item=item, user=request.user, action="view", pages_read=[page])
    first = selectors.item_first_page(item=item)
    text = selectors.page_text(item=item, page=page)
    return render(
        request,
        "efile/item.html",
        {
            "case": case,
            "item": item,
            "page": page,
            # thumbnails around the page being read: a 500-page scan stays light
            "page_numbers": range(max(1, page - 20), min(item.pages, page + 20) + 1),
            "volume_page": first + page - 1,
            "first_page": first,
            "text": text,
            "staff": staff,
            "base_template": _base(staff),
            "query": request.GET.get("q", ""),
            "deposit_mark": selectors.item_deposit_marks([item]).get(item.id),
        },
    )


@login_required
def item_status(request: HttpRequest, item_id) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    return render(request, "efile/_ocr_status.html", {"item": item})


@login_required
def page_image(request: HttpRequest, item_id, page: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    if not 1 <= page <= item.pages:
        raise Http404
    try:
        data = storage.item_bytes(item)
    except EfileError:
        raise Http404 from None
    dpi = 30 if request.GET.get("size") == "thumb" else 110
    image = pages.render_page(data, item.content_type, page, dpi=dpi)
    response = HttpResponse(pages.png_bytes(image), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def download(request: HttpRequest, item_id) -> HttpResponse:
    """A watermarked copy (reader, time, case number) of one page or the whole item."""
    item = selectors.item_get_for_user(user=request.user, item_id=item_id)
    case = item.volume.efile.case
    try:
        page = int(request.GET["page"]) if request.GET.get("page") else None
    except ValueError:
        page = None
    wanted = [page] if page and 1 <= page <= item.pages else list(range(1, item.pages + 1))
    if len(wanted) > MAX_DOWNLOAD_PAGES:
        messages.error(
            request,
            _("Items of more than %(n)s pages are downloaded page by page.")
            % {"n": MAX_DOWNLOAD_PAGES},
        )
        return redirect("efile:item", item_id=item.id)
    try:
        data = storage.item_bytes(item)
    except EfileError as exc:
        messages.error(request, exc.message)
        return redirect("efile:item", item_id=item.id)
    now = timezone.localtime()
    lines = [
        request.user.name or request.user.phone,
        now.strftime("%Y-%m-%d %H:%M"),
        case.case_number,
    ]
    pdf = pages.watermarked_pdf(data, item.content_type, lines=lines, pages=wanted, font_path=FONT)
    services.item_access_record(item=item, user=request.user, action="download", pages_read=wanted)
    name = f"{case.case_number}-{item.position}" + (f"-p{page}" if page else "") + ".pdf"
    return FileResponse(
        io.BytesIO(pdf), as_attachment=True, filename=name, content_type="application/pdf"
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    case = None
    if request.GET.get("case"):
        case = case_get_for_user(user=request.user, case_id=request.GET["case"])
    from yunting.accounts.selectors import user_is_staff_member

    staff = user_is_staff_member(user=request.user)
    hits, error = [], ""
    if query:
        try:
            hits = selectors.search_pages(user=request.user, query=query, case=case)
        except EfileError as exc:
            error = exc.message
    return render(
        request,
        "efile/search.html",
        {"query": query, "case": case, "hits": hits, "error": error, "base_template": _base(staff)},
    )


@login_required
@require_POST
def archive(request: HttpRequest, case_id) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not selectors.user_is_case_staff(user=request.user, case=case):
        raise Http404
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that the e-file becomes read-only."))
    else:
        try:
            efile_archive(case=case, actor=request.user)
            messages.success(request, _("The e-file is archived; it is now read-only."))
        except EfileError as exc:
            messages.error(request, exc.message)
    return redirect("efile:volume", case_id=case.id, kind="main")


@login_required
@require_POST
def borrow(request: HttpRequest, case_id) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not selectors.user_is_case_staff(user=request.user, case=case):
        raise Http404
    try:
        if request.POST.get("borrow"):
            b = selectors.borrow_get(case=case, borrow_id=request.POST["borrow"])
            borrow_approve(borrow=b, actor=request.user)
            messages.success(request, _("Borrowing approved: the e-file can be changed again."))
        else:
            reason = request.POST.get("reason", "").strip()
            if not reason:
                messages.error(request, _("Give the reason for borrowing the e-file back."))
            else:
                borrow_request(case=case, actor=request.user, reason=reason)
                messages.success(request, _("Borrowing requested; it waits for approval."))
    except EfileError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("efile:volume", kwargs={"case_id": case.id, "kind": "main"}))
