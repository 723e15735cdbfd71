"""Pages of witness applications: the party applies, the other side objects, the judge
decides. Thin: ``witnesses`` writes, selectors read (someone else's hearing is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, witnesses
from .errors import HearingError
from .models import ApplicationStatus, ParticipantRole
from .views import _base


@login_required
def apply(request: HttpRequest, hearing_id) -> HttpResponse:
    hearing = selectors.hearing_get_for_user(user=request.user, hearing_id=hearing_id)
    me = selectors.participant_for_user(hearing=hearing, user=request.user)
    if me is None or me.role not in (ParticipantRole.PARTY, ParticipantRole.LAWYER):
        raise Http404
    error, values = None, request.POST
    if request.method == "POST":
        try:
            application = witnesses.witness_apply(
                hearing=hearing,
                user=request.user,
                name=request.POST.get("name", ""),
                id_number=request.POST.get("id_number", ""),
                phone=request.POST.get("phone", ""),
                testimony=request.POST.get("testimony", ""),
                online=request.POST.get("online") == "on",
            )
            messages.success(request, _("Your application was sent; the other side may object."))
            return redirect(
                "hearings:witness_application", hearing_id=hearing.pk, application_id=application.pk
            )
        except HearingError as exc:
            error = exc.detail
    return render(
        request,
        "hearings/witness_apply.html",
        {"base_template": _base(request), "hearing": hearing, "error": error, "values": values},
    )


@login_required
def application(request: HttpRequest, hearing_id, application_id) -> HttpResponse:
    app = selectors.witness_application_for_user(
        user=request.user, hearing_id=hearing_id, application_id=application_id
    )
    hearing = app.hearing
    me = selectors.participant_for_user(hearing=hearing, user=request.user)
    is_judge = me is not None and me.role == ParticipantRole.JUDGE
    staff = me is not None and me.is_staff_role
    other = {p.pk for p in witnesses.other_side(app)}
    on_other_side = me is not None and me.party_id in other
    pending = app.status == ApplicationStatus.PENDING
    return render(
        request,
        "hearings/witness_application.html",
        {
            "base_template": _base(request),
            "hearing": hearing,
            "app": app,
            "objections": app.objections.select_related("party"),
            "is_judge": is_judge,
            # the ID number is for the bench and the applicant's side only
            "show_id": staff or (me is not None and me.party_id == app.party_id),
            "can_object": on_other_side
            and pending
            and timezone.now() < app.objection_until
            and selectors.objection_of(application=app, user=request.user) is None,
            "can_decide": is_judge and pending,
            "witness_link": request.build_absolute_uri(
                reverse("hearings:witness", args=[app.participant.token])
            )
            if is_judge and app.participant_id
            else "",
        },
    )


@login_required
@require_POST
def application_action(request: HttpRequest, hearing_id, application_id, action) -> HttpResponse:
    app = selectors.witness_application_for_user(
        user=request.user, hearing_id=hearing_id, application_id=application_id
    )
    try:
        if action == "object":
            witnesses.witness_object(
                application=app, user=request.user, reasons=request.POST.get("reasons", "")
            )
            messages.success(request, _("Your objection was recorded for the judge."))
        elif action in ("grant", "refuse"):
            witnesses.witness_decide(
                application=app,
                actor=request.user,
                grant=action == "grant",
                reasons=request.POST.get("reasons", ""),
            )
            messages.success(
                request,
                _("The witness was allowed; send them their personal link.")
                if action == "grant"
                else _("The application was refused."),
            )
        else:
            raise Http404
    except HearingError as exc:
        messages.error(request, exc.detail)
    return redirect(
        "hearings:witness_application", hearing_id=app.hearing_id, application_id=app.pk
    )
