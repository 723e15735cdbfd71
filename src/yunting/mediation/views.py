"""Pages of online mediation: the parties' (portal) and the court's (workbench: coordinator,
mediator, judge). Thin: forms in, services do the work, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.roles import Role
from yunting.workbench.access import staff_required

from . import selectors, services
from .forms import (
    AddressForm,
    AgreementForm,
    EvidenceForm,
    ExtendForm,
    FactsForm,
    MessageForm,
    ReasonForm,
    ReferForm,
    RegisterForm,
    RuleForm,
    apply_errors,
)
from .models import Consent, DisputeStatus, PartySide

STAFF = {Role.MEDIATOR, Role.FILING_OFFICER, Role.COURT_ADMIN, Role.JUDGE}


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _agreement_context(dispute, user) -> dict:
    agreement = services.current_agreement(dispute)
    mine = services.parties_of(user, dispute)
    signed_ids = (
        set(agreement.signatures.values_list("party_id", flat=True)) if agreement else set()
    )
    return {
        "agreement": agreement,
        "agreements": selectors.agreements_of(dispute=dispute),
        "signed_ids": signed_ids,
        "to_sign": [p for p in mine if p.id not in signed_ids] if agreement else [],
        "exclusion": services.exclusion_of(agreement) if agreement else None,
    }


def _threads(dispute, user) -> list[dict]:
    rows = [
        {
            "side": None,
            "title": _("Joint conversation"),
            "messages": selectors.thread_messages(dispute=dispute, side=None),
        }
    ]
    for party in selectors.side_threads_for(user=user, dispute=dispute):
        rows.append(
            {
                "side": party,
                "title": _("Private conversation with the mediator: %(name)s")
                % {"name": party.name},
                "messages": selectors.thread_messages(dispute=dispute, side=party),
            }
        )
    return rows


def _common(dispute, user) -> dict:
    ruling = getattr(dispute, "ruling", None)  # reverse one-to-one: None until the judge rules
    return {
        "dispute": dispute,
        "parties": list(dispute.parties.all()),
        "threads": _threads(dispute, user),
        "evidence": dispute.evidence.select_related("party"),
        "extensions": dispute.extensions.all(),
        "ruling": ruling,
        "ruling_documents": list(ruling.documents.all()) if ruling else [],
        "message_form": MessageForm(),
        "today": timezone.localdate(),
        **_agreement_context(dispute, user),
    }


# --- parties (portal) --------------------------------------------------------------------------


@login_required
def my_disputes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mediation/my.html",
        {"disputes": selectors.disputes_for_party(user=request.user)},
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """A person registers a dispute for pre-litigation mediation (申请诉前调解)."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispute = services.dispute_register(
                user=request.user,
                court=data["court"],
                cause_name=data["cause_name"],
                speciality=data["speciality"],
                region=data["region"],
                claim=data["claim"],
                amount=services.parse_amount(data["amount"]),
                facts=data["facts"],
                parties=[
                    services.PartyInput(
                        side=PartySide.APPLICANT,
                        name=request.user.name,
                        address=data["my_address"],
                        is_self=True,
                    ),
                    services.PartyInput(
                        side=PartySide.RESPONDENT,
                        kind=data["respondent_kind"],
                        name=data["respondent_name"],
                        phone=data["respondent_phone"].strip(),
                        address=data["respondent_address"],
                    ),
                ],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Dispute %(number)s registered. The other side has been invited.")
                % {"number": dispute.number},
            )
            return redirect("mediation:dispute", dispute_id=dispute.id)
    return render(request, "mediation/register.html", {"form": form})


@login_required
def dispute_detail(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    mine = services.parties_of(request.user, dispute)
    context = _common(dispute, request.user)
    context.update(
        {
            "mine": mine,
            "pending": [p for p in mine if p.consent == Consent.PENDING],
            "is_applicant": any(p.side == PartySide.APPLICANT for p in mine),
            "can_choose": dispute.status == DisputeStatus.RECEIVED
            and dispute.mediator_id is None
            and timezone.localdate() <= dispute.joint_choice_due,
            "mediators": selectors.mediators_of_court(court=dispute.court),
            "evidence_form": EvidenceForm(),
            "address_form": AddressForm(
                initial={"address": mine[0].address, "phone": mine[0].phone, "email": mine[0].email}
            ),
            "reason_form": ReasonForm(),
        }
    )
    return render(request, "mediation/dispute.html", context)


def _dispute_for_post(request: HttpRequest, dispute_id):
    """A party's dispute, else one the staff member may see; otherwise "not found"."""
    try:
        return selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id), False
    except Http404:
        return selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id), True


def _back(dispute, staff: bool):
    if staff:
        return redirect("mediation:staff_dispute", dispute_id=dispute.id)
    return redirect("mediation:dispute", dispute_id=dispute.id)


def _party_choice(request, dispute):
    party_id = request.POST.get("party")
    if not party_id:
        return None
    return selectors.party_side_get(dispute=dispute, party_id=party_id)


@login_required
@require_POST
def answer(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.dispute_answer_invitation(
            dispute=dispute, user=request.user, accept=accept, party=_party_choice(request, dispute)
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("You consented to mediation.") if accept else _("You refused mediation: it ends."),
        )
    return redirect("mediation:dispute", dispute_id=dispute.id)


@login_required
@require_POST
def choose(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    mediator = next(
        (
            m
            for m in selectors.mediators_of_court(court=dispute.court)
            if str(m.id) == request.POST.get("mediator")
        ),
        None,
    )
    if mediator is None:
        messages.error(request, _("Choose a mediator from the list."))
    else:
        try:
            services.dispute_choose_mediator(dispute=dispute, user=request.user, mediator=mediator)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your choice is recorded."))
    return redirect("mediation:dispute", dispute_id=dispute.id)


def _post(request: HttpRequest, dispute_id, side_id=None) -> HttpResponse:
    dispute, staff = _dispute_for_post(request, dispute_id)
    side = selectors.party_side_get(dispute=dispute, party_id=side_id) if side_id else None
    if not services.thread_allowed(request.user, dispute, side):
        raise Http404
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
        return _back(dispute, staff)
    try:
        services.message_post(
            dispute=dispute, user=request.user, text=form.cleaned_data["text"], side=side
        )
    except ValidationError as exc:
        _error(request, exc)
    return _back(dispute, staff)


@login_required
@require_POST
def post_joint(request: HttpRequest, dispute_id) -> HttpResponse:
    return _post(request, dispute_id)


@login_required
@require_POST
def post_side(request: HttpRequest, dispute_id, party_id) -> HttpResponse:
    return _post(request, dispute_id, party_id)


@login_required
@require_POST
def evidence(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_add(
                dispute=dispute,
                user=request.user,
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Evidence added."))
    else:
        messages.error(request, _("Name the evidence."))
    return redirect("mediation:dispute", dispute_id=dispute.id)


@login_required
@require_POST
def address(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            services.address_confirm(dispute=dispute, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your address for service is confirmed."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("mediation:dispute", dispute_id=dispute.id)


@login_required
@require_POST
def sign(request: HttpRequest, dispute_id, agreement_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    agreement = dispute.agreements.filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    try:
        services.agreement_sign(
            agreement=agreement,
            user=request.user,
            seen_sha256=request.POST.get("sha256", ""),
            party=_party_choice(request, dispute),
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("You signed the agreement."))
    return redirect("mediation:dispute", dispute_id=dispute.id)


@login_required
@require_POST
def apply_confirmation(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    try:
        dispute = services.confirmation_apply(dispute=dispute, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Application for judicial confirmation filed as %(number)s (no fee).")
            % {"number": dispute.confirmation_case.case_number},
        )
    return redirect("mediation:dispute", dispute_id=dispute.id)


@login_required
@require_POST
def withdraw(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_party(user=request.user, dispute_id=dispute_id)
    try:
        services.dispute_withdraw(
            dispute=dispute, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The dispute is withdrawn."))
    return redirect("mediation:dispute", dispute_id=dispute.id)


@login_required
@require_POST
def convert(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute, staff = _dispute_for_post(request, dispute_id)
    try:
        filing = services.dispute_convert(
            dispute=dispute, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Sent to the court as filing %(number)s, with the mediation record.")
            % {"number": filing.number},
        )
    return _back(dispute, staff)


# --- the court (workbench) ---------------------------------------------------------------------


@staff_required(roles=STAFF)
def queue(request: HttpRequest) -> HttpResponse:
    """The coordinator's desk: disputes to designate (nearest clock first), and all others."""
    today = timezone.localdate()
    rows = [
        {"dispute": d, "overdue": d.designation_due < today}
        for d in selectors.to_designate(user=request.user)
    ]
    return render(
        request,
        "mediation/queue.html",
        {
            "rows": rows,
            "all": selectors.disputes_for_staff(user=request.user)[:100],
            "today": today,
        },
    )


@staff_required(roles=STAFF)
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mediation/mine.html",
        {"disputes": selectors.mediating_for(user=request.user), "today": timezone.localdate()},
    )


@staff_required(roles=STAFF)
def confirmations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mediation/confirmations.html",
        {"disputes": selectors.confirmations_for(user=request.user)},
    )


@staff_required(roles=STAFF)
def staff_dispute(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id)
    context = _common(dispute, request.user)
    loads = selectors.caseloads(court=dispute.court)
    context.update(
        {
            "is_coordinator": services.is_coordinator(request.user, dispute.court),
            "is_mediator": services.is_mediator_of(request.user, dispute),
            "is_judge": services.is_judge(request.user, dispute.court)
            and dispute.status == DisputeStatus.CONFIRMATION,
            "mediators": [
                {"mediator": m, "caseload": loads.get(m.id, 0)}
                for m in selectors.mediators_of_court(court=dispute.court)
            ],
            "suggested": services.suggest_mediator(dispute)
            if dispute.status == DisputeStatus.RECEIVED and dispute.mediator_id is None
            else None,
            "facts_form": FactsForm(initial={"text": dispute.undisputed_facts}),
            "extend_form": ExtendForm(),
            "agreement_form": AgreementForm(
                initial={"text": context["agreement"].text} if context["agreement"] else None
            ),
            "reason_form": ReasonForm(),
            "rule_form": RuleForm(initial={"reason": context["exclusion"] or ""}),
        }
    )
    return render(request, "mediation/staff_dispute.html", context)


@staff_required(roles=STAFF)
@require_POST
def assign(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id)
    choice = request.POST.get("mediator", "")
    mediator = None
    if choice and choice != "rules":
        mediator = next(
            (m for m in selectors.mediators_of_court(court=dispute.court) if str(m.id) == choice),
            None,
        )
        if mediator is None:
            messages.error(request, _("Choose a mediator from the list."))
            return _back(dispute, True)
    try:
        dispute = services.dispute_assign(dispute=dispute, actor=request.user, mediator=mediator)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(name)s designated.") % {"name": dispute.mediator.user.name})
        if dispute.assigned_late:
            messages.warning(
                request,
                _("Designated outside the 3-working-day clock (due %(due)s): flagged.")
                % {"due": dispute.designation_due.isoformat()},
            )
    return _back(dispute, True)


@staff_required(roles=STAFF)
@require_POST
def facts(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id)
    try:
        services.facts_record(
            dispute=dispute, actor=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Undisputed facts recorded."))
    return _back(dispute, True)


@staff_required(roles=STAFF)
@require_POST
def extend(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the extension as a whole number of days (1 to 30)."))
        return _back(dispute, True)
    try:
        ext = services.period_extend(
            dispute=dispute,
            actor=request.user,
            days=form.cleaned_data["days"],
            consent_note=form.cleaned_data["consent"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Mediation period now ends on %(day)s.") % {"day": ext.new_end.isoformat()}
        )
    return _back(dispute, True)


@staff_required(roles=STAFF)
@require_POST
def draft(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id)
    try:
        agreement = services.agreement_draft(
            dispute=dispute,
            actor=request.user,
            text=request.POST.get("text", ""),
            concerns=request.POST.get("concerns", ""),
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Agreement version %(v)s is ready for the parties to sign.")
            % {"v": agreement.version},
        )
    return _back(dispute, True)


@staff_required(roles=STAFF)
@require_POST
def rule(request: HttpRequest, dispute_id) -> HttpResponse:
    dispute = selectors.dispute_get_for_staff(user=request.user, dispute_id=dispute_id)
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.confirmation_rule(
            dispute=dispute,
            judge=request.user,
            confirm=confirm,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The ruling confirming the agreement is issued and sealed.")
            if confirm
            else _("The application is refused."),
        )
    return _back(dispute, True)


@staff_required(roles={Role.FILING_OFFICER, Role.COURT_ADMIN})
def refer(request: HttpRequest, filing_id) -> HttpResponse:
    """From the filing review page: guide a submitted filing to pre-litigation mediation, with
    the plaintiff's consent."""
    from yunting.filing.selectors import filing_get_for_user

    filing = filing_get_for_user(user=request.user, filing_id=filing_id)
    form = ReferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.dispute_from_filing(
                filing=filing,
                officer=request.user,
                consent_note=form.cleaned_data["consent"],
                speciality=form.cleaned_data["speciality"],
                region=form.cleaned_data["region"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Filing %(filing)s waits on pre-litigation mediation %(number)s.")
                % {"filing": filing.number, "number": dispute.number},
            )
            return redirect("mediation:staff_dispute", dispute_id=dispute.id)
    return render(request, "mediation/refer.html", {"filing": filing, "form": form})


@staff_required(roles=STAFF)
def network(request: HttpRequest) -> HttpResponse:
    """Organisations and mediators of the court's network, with a link to the statistics for
    those who coordinate (``stats_views``)."""
    from yunting.accounts.selectors import user_home_court

    court = user_home_court(user=request.user)
    return render(
        request,
        "mediation/network.html",
        {
            "organisations": selectors.organisations_of_court(court=court) if court else [],
            "coordinator": bool(selectors.coordinator_court_ids(user=request.user)),
        },
    )
