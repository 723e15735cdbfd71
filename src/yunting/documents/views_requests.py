"""Documents being prepared after acceptance: staff send a failed one to the workers again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.workbench.access import staff_required

from . import selectors
from .errors import DocumentError
from .requests import document_request_retry


@require_POST
@staff_required
def request_retry(request: HttpRequest, request_id) -> HttpResponse:
    row = selectors.document_request_get_for_staff(user=request.user, request_id=request_id)
    try:
        document_request_retry(request=row, actor=request.user)
    except DocumentError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("The document is being prepared again."))
    return redirect(reverse("cases:detail", args=[row.case_id]) + "?tab=documents")
