"""Pages of scheduling: my hearings, calendars, iCalendar, booking and agreeing a time.
Thin: services write, selectors read (scoped); a refusal shows its reason."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.selectors import court_staff, user_is_staff_member
from yunting.cases.selectors import case_get_for_user
from yunting.courts.models import Courtroom

from . import ical, room, selectors, services
from .errors import HearingError, HearingErrorCode
from .models import HearingKind, HearingStatus, ParticipantRole


def _base(request) -> str:
    staff = user_is_staff_member(user=request.user)
    return "workbench/base.html" if staff else "base.html"


def _local(value: str) -> dt.datetime | None:
    parsed = parse_datetime(value or "")
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@login_required
def my_hearings(request: HttpRequest) -> HttpResponse:
    hearings = selectors.hearing_list_for_user(user=request.user).exclude(
        status=HearingStatus.CANCELLED
    )
    token = ical.subscription_token(request.user)
    feed = request.build_absolute_uri(reverse("hearings:ical", args=[token]))
    return render(
        request,
        "hearings/my_hearings.html",
        {
            "hearings": hearings.order_by("-created_at")[:100],
            "feed": feed,
            "base_template": _base(request),
            "to_schedule": selectors.cases_to_schedule_for_judge(user=request.user),
        },
    )


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Day or week of one person (a judge's or clerk's, for staff of their court) or a room."""
    day = parse_date(request.GET.get("date", "")) or timezone.localdate()
    view = "day" if request.GET.get("view") == "day" else "week"
    first = day if view == "day" else _week_start(day)
    days = [first + dt.timedelta(days=i) for i in range(1 if view == "day" else 7)]
    start = timezone.make_aware(dt.datetime.combine(days[0], dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(days[-1], dt.time.max))
    who, title, room_obj = request.user, request.user.name, None
    staff_court = None
    if user_is_staff_member(user=request.user):
        from yunting.accounts.selectors import user_home_court

        staff_court = user_home_court(user=request.user)
    if request.GET.get("person") and staff_court:
        people = {str(a.user_id): a.user for a in court_staff(court=staff_court)}
        if request.GET["person"] not in people:
            raise Http404
        who = people[request.GET["person"]]
        title = who.name
    if request.GET.get("room") and staff_court:
        room_obj = selectors.courtroom_of(court=staff_court, courtroom_id=request.GET["room"])
        title = str(room_obj.name)
    entries = selectors.calendar_entries(
        user_id=None if room_obj else who.pk,
        courtroom_id=room_obj.pk if room_obj else None,
        start=start,
        end=end,
    )
    by_day = {d: [] for d in days}
    for h in entries:
        local = timezone.localdate(h.starts_at)
        if local in by_day:
            by_day[local].append(h)
    staff_people, rooms = [], []
    if staff_court:
        staff_people = [
            a.user for a in court_staff(court=staff_court) if a.role in ("judge", "clerk")
        ]
        rooms = selectors.courtrooms_of(court=staff_court)
    step = dt.timedelta(days=1 if view == "day" else 7)
    return render(
        request,
        "hearings/calendar.html",
        {
            "base_template": _base(request),
            "title": title,
            "view": view,
            "days": [(d, by_day[d]) for d in days],
            "prev": (first - step).isoformat(),
            "next": (first + step).isoformat(),
            "query": {k: v for k, v in request.GET.items() if k in ("person", "room")},
            "staff_people": list({u.pk: u for u in staff_people}.values()),
            "rooms": rooms,
        },
    )


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription URL: anyone holding the signed link reads that person's hearings."""
    user_id = ical.token_user_id(token)
    user = selectors.feed_user(user_id=user_id)
    if user is None:
        raise Http404
    now = timezone.now()
    hearings = selectors.calendar_entries(
        user_id=user.pk, start=now - dt.timedelta(days=90), end=now + dt.timedelta(days=365)
    )
    body = ical.calendar(hearings, name=f"{user.name} 庭审日程", site=settings.YUNTING_SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hearings.ics"'
    return response


@login_required
def schedule(request: HttpRequest, case_id) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not selectors.user_is_court_staff(user=request.user, court_id=case.court_id):
        raise Http404
    rooms = selectors.courtrooms_of(court=case.court)
    error, values = None, request.POST
    if request.method == "POST":
        try:
            courtroom = rooms.get(pk=request.POST.get("courtroom"))
        except (Courtroom.DoesNotExist, ValueError, Exception):
            courtroom = None
        try:
            if courtroom is None:
                raise HearingError(HearingErrorCode.NOT_YOURS)
            common = {
                "case": case,
                "actor": request.user,
                "kind": request.POST.get("kind", ""),
                "courtroom": courtroom,
                "duration_minutes": max(15, min(480, int(request.POST.get("duration") or 60))),
                "online": request.POST.get("online") == "on",
            }
            if request.POST.get("mode") == "negotiate":
                slots = [_local(request.POST.get(f"slot{i}", "")) for i in range(1, 4)]
                hearing = services.hearing_propose(slots=[s for s in slots if s], **common)
                messages.success(request, _("The proposed times were sent to the parties."))
            else:
                hearing = services.hearing_schedule(
                    starts_at=_local(request.POST.get("starts_at", "")), **common
                )
                messages.success(request, _("The hearing is scheduled."))
            return redirect("hearings:detail", hearing_id=hearing.pk)
        except HearingError as exc:
            error = exc.detail
    return render(
        request,
        "hearings/schedule.html",
        {
            "base_template": _base(request),
            "case": case,
            "rooms": rooms,
            "kinds": HearingKind.choices,
            "error": error,
            "values": values,
        },
    )


@login_required
def detail(request: HttpRequest, hearing_id) -> HttpResponse:
    hearing = selectors.hearing_get_for_user(user=request.user, hearing_id=hearing_id)
    me = selectors.participant_for_user(hearing=hearing, user=request.user)
    staff = selectors.user_is_court_staff(user=request.user, court_id=hearing.case.court_id)
    is_judge = me is not None and me.role == ParticipantRole.JUDGE
    ranking = selectors.slot_ranking(hearing=hearing) if hearing.slots.exists() else []
    mine = set()
    if me is not None:
        mine = selectors.available_slot_ids(participant=me)
    witnesses = selectors.witnesses_of(hearing=hearing)
    return render(
        request,
        "hearings/detail.html",
        {
            "base_template": _base(request),
            "hearing": hearing,
            "me": me,
            "staff": staff,
            "is_judge": is_judge,
            "ranking": ranking,
            "mine": mine,
            "participants": hearing.participants.exclude(role=ParticipantRole.WITNESS),
            "exchange": selectors.exchange_brief_for(hearing=hearing, seat=me, staff=staff),
            "witnesses": witnesses,
            "absent": room.absent_participants(hearing=hearing) if is_judge else [],
            "can_answer": me is not None
            and me.role in (ParticipantRole.PARTY, ParticipantRole.LAWYER)
            and hearing.status == HearingStatus.NEGOTIATING,
            "applications": selectors.witness_applications_of(hearing=hearing),
            "can_apply": me is not None
            and me.role in (ParticipantRole.PARTY, ParticipantRole.LAWYER)
            and hearing.status not in (HearingStatus.CLOSED, HearingStatus.CANCELLED),
            "witness_links": [
                (w, request.build_absolute_uri(reverse("hearings:witness", args=[w.token])))
                for w in witnesses
            ]
            if is_judge
            else [],
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, hearing_id) -> HttpResponse:
    hearing = selectors.hearing_get_for_user(user=request.user, hearing_id=hearing_id)
    try:
        services.slot_answer(
            hearing=hearing,
            user=request.user,
            available=request.POST.getlist("slot"),
            propose=_local(request.POST.get("propose", "")),
        )
        messages.success(request, _("Your available times were sent."))
    except HearingError as exc:
        messages.error(request, exc.detail)
    return redirect("hearings:detail", hearing_id=hearing.pk)


@login_required
@require_POST
def fix(request: HttpRequest, hearing_id) -> HttpResponse:
    hearing = selectors.hearing_get_for_user(user=request.user, hearing_id=hearing_id)
    slot = selectors.slot_of(hearing=hearing, slot_id=request.POST.get("slot"))
    try:
        if slot is None:
            raise HearingError(HearingErrorCode.NO_SLOT)
        services.hearing_fix(hearing=hearing, actor=request.user, slot=slot)
        messages.success(
            request, _("The time is fixed; the summons and hearing notices were issued.")
        )
    except HearingError as exc:
        messages.error(request, exc.detail)
    return redirect("hearings:detail", hearing_id=hearing.pk)
