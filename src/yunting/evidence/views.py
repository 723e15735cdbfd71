"""Pages of the written preparation: one page per case showing the exchange as the person may
see it, and one POST endpoint per act. Thin: services decide, a refusal is shown as its
reason and the page is shown again (nothing half-written: each act is one transaction)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunting.accounts.selectors import user_is_staff_member
from yunting.cases.models import ClockKind, PartyRole
from yunting.cases.selectors import party_clock
from yunting.core.files import read_upload

from . import selectors, services
from .errors import EvidenceError, EvidenceErrorCode
from .models import (
    Agreement,
    DisputePoint,
    EvidenceItem,
    Opinion,
    OpinionStatus,
    ProposalStatus,
    RequestStatus,
    RoundKind,
    TimeRequest,
    Verdict,
    Visibility,
)
from .services.report import exchange_rows


def _base(request: HttpRequest) -> str:
    return "workbench/base.html" if user_is_staff_member(user=request.user) else "base.html"


def _upload(request: HttpRequest, name: str) -> bytes | None:
    f = request.FILES.get(name)
    return read_upload(f) if f else None


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise EvidenceError(EvidenceErrorCode.BAD_DATE) from None


@login_required
def exchange_page(request: HttpRequest, case_id) -> HttpResponse:
    case, exchange = selectors.exchange_case_for_user(user=request.user, case_id=case_id)
    viewer = selectors.viewer_for(user=request.user, case=case)
    mine = viewer.party_ids
    today = timezone.localdate()
    opinions = list(selectors.opinions_visible(viewer=viewer, case=case))
    by_item: dict = {}
    for op in opinions:
        by_item.setdefault(op.item_id, []).append(op)
    status = {r.item.id: r.status for r in exchange_rows(exchange)}
    open_opinion_round = selectors.open_round(
        exchange=exchange, kind=RoundKind.OPINIONS, today=today
    )
    open_reply_round = selectors.open_round(exchange=exchange, kind=RoundKind.REPLIES, today=today)
    properties = [
        ("authenticity", _("Authenticity")),
        ("legality", _("Legality")),
        ("relevance", _("Relevance")),
        ("purpose", _("What it is to prove")),
    ]
    items = []
    for item in selectors.items_for(case=case):
        ops = by_item.get(item.id, [])
        draft = next(
            (o for o in ops if o.status == OpinionStatus.DRAFT and not o.reply_to_id), None
        )
        items.append(
            {
                "form": [
                    (
                        n,
                        label,
                        getattr(draft, n, "") if draft else "",
                        getattr(draft, f"{n}_reason", "") if draft else "",
                    )
                    for n, label in properties
                ],
                "item": item,
                "mine": item.party_id in mine,
                "opinions": [o for o in ops if o.status == OpinionStatus.SUBMITTED],
                "draft": draft,
                "reply_draft": next(
                    (o for o in ops if o.status == OpinionStatus.DRAFT and o.reply_to_id), None
                ),
                "my_submitted": next(
                    (
                        o
                        for o in reversed(ops)
                        if o.status == OpinionStatus.SUBMITTED
                        and o.party_id in mine
                        and not o.reply_to_id
                    ),
                    None,
                ),
                "status": status.get(item.id, ""),
            }
        )
    parties = []
    consents = selectors.consents_by_party(exchange=exchange)
    for p in case.parties.all():
        parties.append(
            {
                "party": p,
                "mine": p.id in mine,
                "consent": consents.get(p.id),
                "evidence_due": services.party_evidence_due(p),
                "defence_clock": party_clock(party=p, kind=ClockKind.DEFENCE),
            }
        )
    proposals = list(selectors.proposals_visible(viewer=viewer, case=case))
    agreements = selectors.agreements_by_proposal(proposals=proposals)
    for proposal in proposals:
        proposal.agreement_row = agreements.get(proposal.id)
        proposal.my_answer = next((a for a in proposal.answers.all() if a.party_id in mine), None)
        if proposal.agreement_row:
            a = proposal.agreement_row
            signed = {s.party_id for s in a.signatures.all()}
            proposal.signed_by_me = bool(mine & signed)
            proposal.all_signed = signed >= {p.id for p in case.parties.all()}
            my_copies = [c for c in a.copies.all() if c.party_id in mine]
            proposal.can_refuse = bool(
                a.statement_id
                and my_copies
                and a.effective_on is None
                and a.refused_at is None
                and all(c.received_at is None for c in my_copies)
            )
    my_roles = {p.role for p in viewer.parties}
    return render(
        request,
        "evidence/exchange.html",
        {
            "base_template": _base(request),
            "case": case,
            "exchange": exchange,
            "viewer": viewer,
            "court": viewer.court,
            "parties": parties,
            "pleadings": selectors.pleadings_for(case=case),
            "items": items,
            "rounds": exchange.rounds.all(),
            "round_kinds": RoundKind.choices,
            "open_opinion_round": open_opinion_round,
            "open_reply_round": open_reply_round,
            "verdicts": Verdict.choices,
            "points": selectors.points_for(exchange=exchange),
            "requests": selectors.requests_for(exchange=exchange),
            "proposals": proposals,
            "visibilities": Visibility.choices,
            "is_defendant": PartyRole.DEFENDANT in my_roles,
            "is_third_party": PartyRole.THIRD_PARTY in my_roles,
            "submitted_opinions": [o for o in opinions if o.status == OpinionStatus.SUBMITTED],
            "today": today,
            "PENDING": RequestStatus.PENDING,
            "OPEN": ProposalStatus.OPEN,
            "ALL": Visibility.ALL,
        },
    )


def _act(request: HttpRequest, case_id, work) -> HttpResponse:
    """Run one act; show its refusal (or success) on the exchange page."""
    case, _exchange = selectors.exchange_case_for_user(user=request.user, case_id=case_id)
    try:
        note = work(case)
    except ValidationError as exc:  # EvidenceError and the upload size check
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, note)
    return redirect("evidence:case", case_id=case.id)


def _in_case(model, pk, case):
    return selectors.object_in_case(model=model, pk=pk, case=case)


@login_required
@require_POST
def pleading(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        kind = request.POST.get("kind", "defence")
        amount = None
        if kind != "defence":
            try:
                amount = Decimal(request.POST.get("claim_amount", "").strip())
            except InvalidOperation:
                amount = None
        p = services.pleading_file(
            case=case,
            actor=request.user,
            kind=kind,
            text=request.POST.get("text", ""),
            upload=_upload(request, "file"),
            claim_amount=amount,
        )
        if p.fee_order_id:
            return _("Filed. Fee to pay (halved, Art. 18): %(fee)s yuan.") % {
                "fee": p.fee_order.amount
            }
        return _("Filed; the plaintiff and the court see it now.")

    return _act(request, case_id, work)


@login_required
@require_POST
def propose(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        services.exchange_propose(case=case, actor=request.user)
        return _("Asynchronous exchange proposed to every party.")

    return _act(request, case_id, work)


@login_required
@require_POST
def consent(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        agreed = request.POST.get("agreed") == "yes"
        services.consent_give(case=case, actor=request.user, agreed=agreed)
        return _("Your answer is recorded.")

    return _act(request, case_id, work)


@login_required
@require_POST
def limit(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        try:
            days = int(request.POST.get("days", "15"))
        except ValueError:
            days = 0
        ex = services.evidence_limit_set(case=case, actor=request.user, days=days)
        return _("Time limit set to %(date)s; evidence notices issued.") % {
            "date": ex.evidence_due_on.isoformat()
        }

    return _act(request, case_id, work)


@login_required
@require_POST
def time_request(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        services.time_request_make(
            case=case,
            actor=request.user,
            kind=request.POST.get("kind", "extension"),
            until=_date(request.POST.get("until", "")),
            reason=request.POST.get("reason", ""),
        )
        return _("Application sent to the judge.")

    return _act(request, case_id, work)


@login_required
@require_POST
def time_decide(request: HttpRequest, case_id, request_id) -> HttpResponse:
    def work(case):
        row = _in_case(TimeRequest, request_id, case)
        services.time_request_decide(
            request=row, actor=request.user, approve=request.POST.get("approve") == "yes"
        )
        return _("Decision recorded.")

    return _act(request, case_id, work)


@login_required
@require_POST
def item_add(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        def num(name, default):
            try:
                return int(request.POST.get(name) or default)
            except ValueError:
                return 0

        item = services.item_submit(
            case=case,
            actor=request.user,
            name=request.POST.get("name", ""),
            source=request.POST.get("source", ""),
            purpose=request.POST.get("purpose", ""),
            data=_upload(request, "file") or b"",
            page_from=num("page_from", 1),
            page_to=num("page_to", 0) or None,
            original_available=request.POST.get("original") == "on",
        )
        return _("Item %(n)s added to your evidence list.") % {"n": item.number}

    return _act(request, case_id, work)


@login_required
@require_POST
def item_withdraw(request: HttpRequest, case_id, item_id) -> HttpResponse:
    def work(case):
        services.item_withdraw(item=_in_case(EvidenceItem, item_id, case), actor=request.user)
        return _("Item withdrawn.")

    return _act(request, case_id, work)


@login_required
@require_POST
def round_open(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        rnd = services.round_open(
            case=case,
            actor=request.user,
            kind=request.POST.get("kind", ""),
            due_on=_date(request.POST.get("due_on", "")),
        )
        return _("Round %(n)s opened.") % {"n": rnd.number}

    return _act(request, case_id, work)


@login_required
@require_POST
def opinion(request: HttpRequest, case_id, item_id) -> HttpResponse:
    def work(case):
        item = _in_case(EvidenceItem, item_id, case)
        post = request.POST
        reply_to = _in_case(Opinion, post["reply_to"], case) if post.get("reply_to") else None
        supersedes = _in_case(Opinion, post["supersedes"], case) if post.get("supersedes") else None
        names = services.exchange.VERDICT_FIELDS
        draft = services.opinion_save(
            item=item,
            actor=request.user,
            verdicts={n: post.get(n, "") for n in names},
            reasons={n: post.get(f"{n}_reason", "") for n in names},
            text=post.get("text", ""),
            reply_to=reply_to,
            supersedes=supersedes,
        )
        if post.get("action") == "submit":
            services.opinion_submit(opinion=draft, actor=request.user)
            return _("Submitted: the other parties and the court see it now; it is final.")
        return _("Draft saved: only your side sees it until you submit.")

    return _act(request, case_id, work)


@login_required
@require_POST
def point_add(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        items = [_in_case(EvidenceItem, i, case) for i in request.POST.getlist("items")]
        opinions = [_in_case(Opinion, i, case) for i in request.POST.getlist("opinions")]
        services.point_record(
            case=case,
            actor=request.user,
            title=request.POST.get("title", ""),
            items=items,
            opinions=opinions,
        )
        return _("Point in dispute recorded.")

    return _act(request, case_id, work)


@login_required
@require_POST
def point_comment(request: HttpRequest, case_id, point_id) -> HttpResponse:
    def work(case):
        services.point_comment(
            point=_in_case(DisputePoint, point_id, case),
            actor=request.user,
            text=request.POST.get("text", ""),
        )
        return _("Comment added.")

    return _act(request, case_id, work)


@login_required
@require_POST
def report(request: HttpRequest, case_id) -> HttpResponse:
    def work(case):
        services.report_issue(case=case, actor=request.user)
        return _("Exchange report issued, sealed and filed into the e-file.")

    return _act(request, case_id, work)


@login_required
@require_POST
def proposal_post(request: HttpRequest, case_id) -> HttpResponse:
    from .models import Proposal

    def work(case):
        counter = request.POST.get("counter_of")
        services.proposal_post(
            case=case,
            actor=request.user,
            text=request.POST.get("text", ""),
            visibility=request.POST.get("visibility", Visibility.ALL),
            counter_of=_in_case(Proposal, counter, case) if counter else None,
        )
        return _("Proposal posted.")

    return _act(request, case_id, work)


@login_required
@require_POST
def proposal_act(request: HttpRequest, case_id, proposal_id) -> HttpResponse:
    from .models import Proposal

    def work(case):
        proposal = _in_case(Proposal, proposal_id, case)
        action = request.POST.get("action")
        if action == "withdraw":
            services.proposal_withdraw(proposal=proposal, actor=request.user)
            return _("Proposal withdrawn.")
        services.proposal_answer(proposal=proposal, actor=request.user, answer=action or "")
        return _("Your answer is recorded.")

    return _act(request, case_id, work)


@login_required
@require_POST
def agreement_act(request: HttpRequest, case_id, agreement_id) -> HttpResponse:
    def work(case):
        agreement = _in_case(Agreement, agreement_id, case)
        if request.POST.get("action") == "issue":
            services.mediation_statement_issue(agreement=agreement, actor=request.user)
            return _("Mediation statement issued and filed into the e-file.")
        if request.POST.get("action") == "refuse":
            if request.POST.get("confirm_refusal") != "on":
                raise EvidenceError(EvidenceErrorCode.CONFIRM_REFUSAL)
            services.mediation_statement_refuse(
                agreement=agreement, actor=request.user, reason=request.POST.get("reason", "")
            )
            return _(
                "You refused the mediation statement: it will not take effect and the court "
                "goes on to decide the case."
            )
        if request.POST.get("confirm") != "on":
            raise EvidenceError(EvidenceErrorCode.CONFIRM_TERMS)
        services.agreement_sign(
            agreement=agreement,
            actor=request.user,
            seen_sha256=request.POST.get("seen", ""),
            digits=request.POST.get("digits", ""),
        )
        return _("You signed the agreement.")

    return _act(request, case_id, work)


@login_required
def link(request: HttpRequest) -> HttpResponse:
    """A lawyer links to a party's side with its ID number and a power of attorney."""
    if request.method == "POST":
        try:
            agent = services.agent_link(
                case_number=request.POST.get("case_number", ""),
                party_id_number=request.POST.get("party_id_number", ""),
                actor=request.user,
                poa=_upload(request, "poa") or b"",
                law_firm=request.POST.get("law_firm", ""),
                licence_number=request.POST.get("licence_number", ""),
            )
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("You now act for %(party)s.") % {"party": agent.party.name})
            return redirect("evidence:case", case_id=agent.party.case_id)
    return render(
        request, "evidence/link.html", {"base_template": _base(request), "post": request.POST}
    )
