"""Pages of the judgments app: the judge's case page (limit, drafts, panel, closing), the draft
editor, the trial-limit dashboard, the appeal queues of both courts, and the party's page
(judgments, appeal, withdrawal, certificate of effect). Thin: services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yunting.accounts.models import User
from yunting.cases.selectors import case_get_for_user, case_trial_limit, party_clock
from yunting.workbench.access import staff_required

from . import selectors, services
from .drafting import ALL_SECTIONS, KIND_SECTIONS, SECTION_NAMES, legal_bases_for
from .models import (
    APPEALABLE_RULING_KINDS,
    DRAFTED_KINDS,
    ClosingMethod,
    DecisionKind,
    Extension,
    SuspensionKind,
    Withdrawal,
)
from .services.common import is_staff_at, parties_acting_for
from .services.outcome import treated_withdrawn_pending


def _attempt(request: HttpRequest, action: Callable[[], object], success: str) -> object | None:
    try:
        result = action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return None
    messages.success(request, success)
    return result if result is not None else True


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError as exc:
        raise ValidationError({field: _("Enter a date (YYYY-MM-DD).")}) from exc


def _staff_case(request, case_id):
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not is_staff_at(request.user, case):
        raise Http404
    return case


@staff_required
@require_http_methods(["GET", "POST"])
def case_page(request: HttpRequest, case_id) -> HttpResponse:
    case = _staff_case(request, case_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        user = request.user
        p = request.POST
        handlers: dict[str, tuple[Callable[[], object], str]] = {
            "draft": (
                lambda: services.draft_start(case=case, kind=p.get("kind", ""), actor=user),
                _("Draft started from the case data."),
            ),
            "panel": (
                lambda: services.panel_form(
                    case=case,
                    actor=user,
                    presiding=_judge(case, p.get("presiding")),
                    members=[_judge(case, p.get("member1")), _judge(case, p.get("member2"))],
                ),
                _("Panel formed."),
            ),
            "deliberate": (
                lambda: services.deliberation_record(
                    case=case,
                    actor=user,
                    held_on=_date(p.get("held_on", ""), "held_on"),
                    opinions=[
                        {"member": str(m.user_id), "opinion": p.get(f"opinion_{m.user_id}", "")}
                        for m in selectors.case_panel(case=case)
                    ],
                    conclusion=p.get("conclusion", ""),
                ),
                _("Deliberation recorded and filed in the internal volume."),
            ),
            "suspend": (
                lambda: services.suspension_start(
                    case=case,
                    actor=user,
                    kind=p.get("kind", ""),
                    start=_date(p.get("start", ""), "start"),
                    note=p.get("note", ""),
                ),
                _("Excluded period recorded."),
            ),
            "resume": (
                lambda: services.suspension_end(
                    suspension=selectors.case_suspension(
                        case=case, suspension_id=p.get("suspension")
                    ),
                    actor=user,
                    end=_date(p.get("end", ""), "end"),
                ),
                _("Excluded period ended."),
            ),
            "extend": (
                lambda: services.extension_request(
                    case=case, actor=user, length=_int(p.get("length")), reason=p.get("reason", "")
                ),
                _("Extension requested from the president."),
            ),
            "convert": (
                lambda: services.procedure_convert(
                    case=case, actor=user, to_procedure="ordinary", reason=p.get("reason", "")
                ),
                _("Converted to the ordinary procedure; the limit runs from filing."),
            ),
            "close": (
                lambda: services.case_close(
                    case=case,
                    actor=user,
                    method=p.get("method", ""),
                    paid_directly=p.get("paid_directly") == "on",
                ),
                _("Case closed; the archive is being built."),
            ),
            "treated_withdrawn": (
                lambda: services.treated_withdrawn_rule(case=case, actor=user),
                _("Ruling issued: the suit is treated as withdrawn."),
            ),
            "effect": (
                lambda: [
                    services.decision_effect_check(decision=d)
                    for d in selectors.case_decisions(case=case)
                ],
                _("Effect checked."),
            ),
        }
        if action in handlers:
            result = _attempt(request, *handlers[action])
            if action == "draft" and result:
                return redirect("judgments:draft", result.id)
        return redirect("judgments:case", case.id)
    today = timezone.localdate()
    limit = case_trial_limit(case=case, today=today)
    judges = selectors.court_judges(court=case.court)
    decisions = selectors.case_decisions(case=case)
    return render(
        request,
        "judgments/case.html",
        {
            "case": case,
            "limit": limit,
            "limit_state": limit.state(today),
            "days_left": limit.days_left(today),
            "suspensions": selectors.case_suspensions(case=case),
            "extensions": selectors.case_extensions(case=case),
            "suspension_kinds": SuspensionKind.choices,
            "drafts": selectors.case_drafts(case=case),
            "decisions": [
                (d, [(c, c and c.party) for c in services.outcome.appeal_clocks(d)])
                for d in decisions
            ],
            "panel": selectors.case_panel(case=case),
            "judges": judges,
            "methods": ClosingMethod.choices,
            "closing": getattr(case, "closing", None),
            "appeals": selectors.case_appeals(case=case),
            "withdrawals": selectors.case_withdrawals(case=case),
            "treated_withdrawn": treated_withdrawn_pending(case),
            # What the judge drafts here (the withdrawal rulings come from their own flows).
            "kinds": [(k, DecisionKind(k).label) for k in DRAFTED_KINDS],
            "appealable_rulings": sorted(APPEALABLE_RULING_KINDS),
        },
    )


def _judge(case, user_id) -> User:
    try:
        return selectors.court_judges(court=case.court).get(pk=user_id)
    except (User.DoesNotExist, ValueError, ValidationError) as exc:
        raise ValidationError({"panel": _("Choose three judges.")}) from exc


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"length": _("Enter a whole number.")}) from exc


@staff_required
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, draft_id) -> HttpResponse:
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    if request.method == "POST":
        p = request.POST
        action = p.get("action", "save")
        user = request.user
        if action == "save":
            _attempt(
                request,
                lambda: services.draft_save(
                    draft=draft,
                    actor=user,
                    base_version=_int(p.get("base_version")),
                    sections={name: p.get(name, "") for name in SECTION_NAMES if name in p},
                    legal_bases=p.getlist("legal_bases"),
                ),
                _("Saved as a new version."),
            )
        elif action == "burden":
            _attempt(
                request,
                lambda: services.draft_set_burden(
                    draft=draft, actor=user, awarded=_money(p.get("awarded"))
                ),
                _("Fee burden recomputed."),
            )
        elif action == "sign_off":
            _attempt(
                request, lambda: services.draft_sign_off(draft=draft, actor=user), _("Signed off.")
            )
        elif action == "flag":
            _attempt(
                request,
                lambda: services.draft_flag(draft=draft, actor=user, reason=p.get("reason", "")),
                _("Flagged for the division head's approval."),
            )
        elif action == "submit":
            _attempt(
                request,
                lambda: services.draft_submit(draft=draft, actor=user),
                _("Submitted for approval."),
            )
        elif action in ("approve", "return"):
            _attempt(
                request,
                lambda: services.draft_decide(
                    draft=draft, actor=user, approve=action == "approve", note=p.get("note", "")
                ),
                _("Decision recorded."),
            )
        elif action == "issue":
            if not p.get("confirm"):
                messages.error(
                    request,
                    _(
                        "Tick the box to confirm: the document will be signed, sealed and "
                        "served on every party."
                    ),
                )
            else:
                _attempt(
                    request,
                    lambda: services.draft_issue(draft=draft, actor=user),
                    _("Signed, sealed and issued to every party."),
                )
                return redirect("judgments:case", draft.case_id)
        return redirect("judgments:draft", draft.id)
    versions = selectors.draft_versions(draft=draft)
    diff = []
    if len(versions) > 1:
        diff = selectors.draft_diff(draft=draft, old=versions[-2].number, new=versions[-1].number)
    return render(
        request,
        "judgments/draft.html",
        {
            "draft": draft,
            "case": draft.case,
            "sections": [
                (n, label, draft.sections.get(n, ""))
                for n, label in ALL_SECTIONS
                if n in KIND_SECTIONS.get(draft.kind, ("fee_burden",)) and n != "receiving_court"
            ],
            "asks_court": "receiving_court" in KIND_SECTIONS.get(draft.kind, ()),
            "receiving_courts": selectors.transfer_courts(case=draft.case)
            if draft.kind == DecisionKind.TRANSFER_RULING
            else [],
            "bases": legal_bases_for(draft.case.cause_name, draft.kind).items(),
            "versions": versions,
            "diff": diff,
            "blockers": [m for _c, m in services.issue_blockers(draft)],
            "approvals": selectors.draft_approvals(draft=draft),
        },
    )


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError({"awarded": _("Enter an amount in yuan.")}) from exc


@staff_required
@require_http_methods(["GET", "POST"])
def limits(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ext = get_object_or_404(Extension, pk=request.POST.get("extension"))
        _attempt(
            request,
            lambda: services.extension_decide(
                extension=ext, actor=request.user, approve=request.POST.get("approve") == "1"
            ),
            _("Decision recorded."),
        )
        return redirect("judgments:limits")
    rows = selectors.cases_by_limit_state(user=request.user)
    return render(
        request,
        "judgments/limits.html",
        {
            "rows": rows,
            "summary": selectors.limit_summary(rows),
            "pending": selectors.extensions_pending_for_president(user=request.user),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def appeals_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        appeal = get_object_or_404(
            selectors.appeals_to_transmit(user=request.user), pk=request.POST.get("appeal")
        )
        _attempt(
            request,
            lambda: services.appeal_transmit(appeal=appeal, actor=request.user),
            _("Sent to the court of appeal with the e-file."),
        )
        return redirect("judgments:appeals_out")
    return render(
        request,
        "judgments/appeals_out.html",
        {"appeals": selectors.appeals_to_transmit(user=request.user)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def appeals_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        appeal = get_object_or_404(
            selectors.appeals_to_docket(user=request.user), pk=request.POST.get("appeal")
        )
        new = _attempt(
            request,
            lambda: services.appeal_docket(appeal=appeal, officer=request.user),
            _("Docketed."),
        )
        if new and new is not True:
            return redirect("cases:detail", new.id)
        return redirect("judgments:appeals_in")
    return render(
        request,
        "judgments/appeals_in.html",
        {"appeals": selectors.appeals_to_docket(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_case(request: HttpRequest, case_id) -> HttpResponse:
    """The party's page: judgments with each party's own appeal period, appeal, withdrawal."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    mine = parties_acting_for(request.user, case)
    if request.method == "POST":
        p = request.POST
        if p.get("action") == "appeal":
            if not p.get("confirm"):
                messages.error(request, _("Tick the box to confirm the appeal."))
            else:
                _attempt(
                    request,
                    lambda: services.appeal_file(
                        case=case,
                        user=request.user,
                        requests=p.get("requests", ""),
                        grounds=p.get("grounds", ""),
                        amount=p.get("amount") or None,
                    ),
                    _("Appeal lodged. Pay the appeal fee to have it sent to the court of appeal."),
                )
        elif p.get("action") == "withdraw":
            if not p.get("confirm"):
                messages.error(request, _("Tick the box to confirm the withdrawal."))
            else:
                _attempt(
                    request,
                    lambda: services.withdrawal_apply(
                        case=case, user=request.user, reason=p.get("reason", "")
                    ),
                    _("Application to withdraw sent to the judge."),
                )
        return redirect("judgments:my_case", case.id)
    decisions = []
    for d in selectors.case_decisions(case=case):
        clocks = [(party, party_clock(party=party, kind=d.appeal_clock_kind)) for party in mine]
        decisions.append((d, clocks))
    return render(
        request,
        "judgments/my_case.html",
        {
            "case": case,
            "base_template": "workbench/base.html"
            if is_staff_at(request.user, case)
            else "base.html",
            "mine": mine,
            "decisions": decisions,
            "appeals": selectors.appeals_for_user(user=request.user).filter(case=case),
            "closing": getattr(case, "closing", None),
            "limit": case_trial_limit(case=case),
            "withdrawals": selectors.case_withdrawals(case=case),
            "today": timezone.localdate(),
            "appealable_rulings": sorted(APPEALABLE_RULING_KINDS),
        },
    )


@login_required
@require_POST
def certificate(request: HttpRequest, decision_id) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, decision_id=decision_id)
    try:
        doc = services.effect_certificate(decision=decision, user=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("judgments:my_case", decision.case_id)
    return redirect("documents:download", doc.id)


@staff_required
@require_POST
def withdrawal_decide(request: HttpRequest, withdrawal_id) -> HttpResponse:
    row = get_object_or_404(Withdrawal, pk=withdrawal_id)
    _staff_case(request, row.case_id)
    _attempt(
        request,
        lambda: services.withdrawal_decide(
            withdrawal=row,
            actor=request.user,
            grant=request.POST.get("grant") == "1",
            note=request.POST.get("note", ""),
        ),
        _("Decision recorded."),
    )
    return redirect("judgments:case", row.case_id)
