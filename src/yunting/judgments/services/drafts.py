"""Drafting, the panel and its deliberation, sign-off, approval and issue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from django.db import transaction
from django.utils import timezone

from yunting.cases.models import Case, CaseStatus, Procedure
from yunting.cases.services import case_change_status
from yunting.ledger.services import record_event
from yunting.rules.errors import RuleError
from yunting.rules.fee_burden import fee_burden

from .. import events
from ..drafting import (
    ALL_SECTIONS,
    KIND_SECTIONS,
    REQUIRED_FOR_ISSUE,
    SECTION_NAMES,
    initial_sections,
    legal_bases_for,
    legal_basis_text,
)
from ..errors import JudgmentError, JudgmentErrorCode
from ..models import (
    DRAFT_TRANSITIONS,
    PANEL_DECIDED_KINDS,
    Approval,
    ApprovalStage,
    Decision,
    DecisionKind,
    Deliberation,
    Draft,
    DraftStatus,
    DraftVersion,
    PanelMember,
    PanelRole,
)
from ..sources import gather_draft_sources
from .common import ensure_division_head, ensure_judge, ensure_open, lock_case, names

OUTCOME_OF_KIND = {
    DecisionKind.JUDGMENT: "judgment",
    DecisionKind.WITHDRAWAL_RULING: "withdrawal",
    DecisionKind.TREATED_WITHDRAWN_RULING: "treated_withdrawn",
    DecisionKind.DISMISSAL_RULING: "dismissed",
    DecisionKind.NOT_ACCEPTED_RULING: "not_accepted",
    # 移送管辖: no fee rule here, the receiving court settles the fee (as the closing does).
}


def compute_burden(
    case: Case, kind: str, *, awarded: Decimal | None = None, plaintiff_share=None
) -> dict:
    """The fee burden by the rules, as stored on the draft and printed in it (a transfer
    states none: the receiving court settles the fee)."""
    if kind not in OUTCOME_OF_KIND:
        return {
            "outcome": "",
            "fee": "0.00",
            "full_fee": str(case.acceptance_fee),
            "plaintiff": "0.00",
            "defendant": "0.00",
            "halved": False,
            "basis": "",
            "awarded": "",
            "text": "",
        }
    try:
        burden = fee_burden(
            OUTCOME_OF_KIND[kind],
            fee=case.acceptance_fee,
            claimed=case.claim_amount if case.claim_amount else None,
            awarded=(awarded if awarded is not None else case.claim_amount)
            if case.claim_amount
            else None,
            plaintiff_share=plaintiff_share
            if plaintiff_share is not None or case.claim_amount
            else Decimal("0"),
        )
    except RuleError as exc:
        raise JudgmentError(JudgmentErrorCode.REQUIRED, message=exc.message) from exc
    text = burden.text(names(case, "plaintiff"), names(case, "defendant"))
    return {
        "outcome": burden.outcome,
        "fee": str(burden.fee),
        "full_fee": str(case.acceptance_fee),
        "plaintiff": str(burden.plaintiff),
        "defendant": str(burden.defendant),
        "halved": burden.halved,
        "basis": burden.basis,
        "awarded": str(awarded) if awarded is not None else "",
        "text": text,
    }


def _version(draft: Draft, actor) -> None:
    DraftVersion.objects.create(
        draft=draft,
        number=draft.version,
        sections=draft.sections,
        legal_bases=draft.legal_bases,
        author=actor,
    )


@transaction.atomic
def draft_start(*, case: Case, kind: str, actor) -> Draft:
    """Start a judgment or ruling from the case's structured data and the registered
    sources (defence, evidence exchange, transcript); the fee burden computed by the rules."""
    case = lock_case(case)
    ensure_judge(actor, case)
    ensure_open(case)
    if kind not in DecisionKind.values:
        raise JudgmentError(JudgmentErrorCode.BAD_KIND)
    if Draft.objects.filter(case=case, kind=kind).exclude(status=DraftStatus.ISSUED).exists():
        raise JudgmentError(JudgmentErrorCode.DRAFT_EXISTS, kind=DecisionKind(kind).label)
    texts, used, failed = gather_draft_sources(case)
    burden = compute_burden(case, kind)
    sections = initial_sections(case=case, kind=kind, sources=texts, fee_text=burden["text"])
    if kind == DecisionKind.JUDGMENT:
        bases = [k for k in legal_bases_for(case.cause_name) if not k.startswith("evidence")][:3]
    else:
        bases = list(legal_bases_for(case.cause_name, kind))
    draft = Draft(
        case=case,
        kind=kind,
        sections=sections,
        legal_bases=bases,
        fee_burden={**burden, "sources": used, "failed_sources": failed},
        created_by=actor,
        updated_by=actor,
    )
    draft.full_clean()
    draft.save()
    _version(draft, actor)
    if case.status == CaseStatus.ACCEPTED:
        case_change_status(
            case=case, status=CaseStatus.IN_TRIAL, actor=actor, reason="起草裁判文书"
        )
    record_event(events.draft_started(draft=draft, actor=actor))
    return draft


def _lock_draft(draft: Draft) -> Draft:
    return Draft.objects.select_for_update().select_related("case__court").get(pk=draft.pk)


def _transition(draft: Draft, target: str) -> None:
    if target not in DRAFT_TRANSITIONS[draft.status]:
        raise JudgmentError(
            JudgmentErrorCode.BAD_STATE,
            current=DraftStatus(draft.status).label,
            target=DraftStatus(target).label,
        )
    draft.status = target


@transaction.atomic
def draft_save(
    *,
    draft: Draft,
    actor,
    base_version: int,
    sections: dict[str, str],
    legal_bases: list[str] | None = None,
) -> Draft:
    """Save an edit made on ``base_version``. When someone else saved meanwhile, the edit is
    refused and names them (no silent overwrite); a saved edit becomes a new version, and a
    draft waiting for approval goes back to drafting (approvals were for the old text)."""
    draft = _lock_draft(draft)
    if not _on_panel(actor, draft.case):
        ensure_judge(actor, draft.case)
    if draft.status == DraftStatus.ISSUED:
        raise JudgmentError(JudgmentErrorCode.DRAFT_NOT_EDITABLE)
    if base_version != draft.version:
        raise JudgmentError(
            JudgmentErrorCode.EDIT_CONFLICT,
            name=draft.updated_by.name,
            version=draft.version,
            base=base_version,
        )
    editable = KIND_SECTIONS.get(draft.kind, SECTION_NAMES)
    unknown = [k for k in sections if k not in editable]
    if unknown:
        raise JudgmentError(JudgmentErrorCode.UNKNOWN_SECTION, field=unknown[0], name=unknown[0])
    bases = legal_bases_for(draft.case.cause_name, draft.kind)
    if legal_bases is not None:
        for key in legal_bases:
            if key not in bases:
                raise JudgmentError(JudgmentErrorCode.UNKNOWN_BASIS, field="legal_bases", key=key)
    new_sections = {**draft.sections, **{k: str(v).strip() for k, v in sections.items()}}
    if new_sections.get("receiving_court"):
        _receiving_court(draft.case, new_sections["receiving_court"])
    changed = [k for k in SECTION_NAMES if new_sections.get(k, "") != draft.sections.get(k, "")]
    if legal_bases is not None and list(legal_bases) != list(draft.legal_bases):
        changed.append("legal_bases")
    if not changed:
        return draft
    draft.sections = new_sections
    if legal_bases is not None:
        draft.legal_bases = list(legal_bases)
    draft.version += 1
    draft.updated_by = actor
    if draft.status != DraftStatus.DRAFTING:
        _transition(draft, DraftStatus.DRAFTING)
    draft.save()
    _version(draft, actor)
    record_event(events.draft_saved(draft=draft, actor=actor, changed=changed))
    return draft


@transaction.atomic
def draft_set_burden(*, draft: Draft, actor, awarded: Decimal | None, plaintiff_share=None):
    """Recompute the fee burden from the amount awarded (or a share) and write it into the
    draft's fee section as a new version."""
    draft = _lock_draft(draft)
    ensure_judge(actor, draft.case)
    burden = compute_burden(
        draft.case, draft.kind, awarded=awarded, plaintiff_share=plaintiff_share
    )
    Draft.objects.filter(pk=draft.pk).update(fee_burden={**draft.fee_burden, **burden})
    draft.refresh_from_db()
    return draft_save(
        draft=draft,
        actor=actor,
        base_version=draft.version,
        sections={"fee_burden": burden["text"]},
    )


def _receiving_court(case: Case, name: str):
    """The court a case is transferred to: a court on the platform, not the case's own."""
    from yunting.courts.models import Court

    court = Court.objects.filter(name=name).first()
    if court is None or court.pk == case.court_id:
        raise JudgmentError(
            JudgmentErrorCode.BAD_RECEIVING_COURT, field="receiving_court", name=name
        )
    return court


def _on_panel(user, case: Case) -> bool:
    return PanelMember.objects.filter(case=case, user=user).exists()


def panel_required(case: Case) -> bool:
    """Ordinary procedure at first instance, and every appeal, is decided by a panel."""
    return case.procedure == Procedure.ORDINARY or case.type_code.endswith("终")


@transaction.atomic
def panel_form(*, case: Case, actor, presiding, members: list) -> list[PanelMember]:
    """Form the collegiate panel: a presiding judge and two judges of the court."""
    from yunting.accounts.roles import Role
    from yunting.accounts.selectors import user_courts_with_role

    case = lock_case(case)
    ensure_judge(actor, case)
    ensure_open(case)
    people = [presiding, *members]
    if len(members) != 2 or len({p.pk for p in people}) != 3:
        raise JudgmentError(JudgmentErrorCode.BAD_PANEL)
    for person in people:
        if case.court_id not in {
            c.id for c in user_courts_with_role(user=person, roles={Role.JUDGE})
        }:
            raise JudgmentError(JudgmentErrorCode.BAD_PANEL)
    if case.judge_id and case.judge_id not in {p.pk for p in people}:
        raise JudgmentError(JudgmentErrorCode.BAD_PANEL)
    PanelMember.objects.filter(case=case).delete()
    rows = [
        PanelMember.objects.create(
            case=case,
            user=person,
            role=PanelRole.PRESIDING if i == 0 else PanelRole.JUDGE,
            position=i,
        )
        for i, person in enumerate(people)
    ]
    record_event(events.panel_formed(case=case, actor=actor, members=rows))
    return rows


@transaction.atomic
def deliberation_record(
    *, case: Case, actor, held_on: dt.date, opinions: list[dict], conclusion: str
) -> Deliberation:
    """The panel's deliberation (合议笔录): stored, rendered to PDF and filed in the 副卷."""
    from yunting.documents.pdfwork import html_to_pdf
    from yunting.efile.models import ItemKind, VolumeKind
    from yunting.efile.services import item_add

    case = lock_case(case)
    if not _on_panel(actor, case):
        raise JudgmentError(JudgmentErrorCode.NOT_PANEL_MEMBER)
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="conclusion")
    members = {
        str(m.user_id): m for m in PanelMember.objects.filter(case=case).select_related("user")
    }
    clean = []
    for op in opinions:
        member = members.get(str(op.get("member", "")))
        if member is None or not str(op.get("opinion", "")).strip():
            raise JudgmentError(JudgmentErrorCode.NOT_PANEL_MEMBER, field="opinions")
        clean.append(
            {
                "member": str(member.user_id),
                "name": member.user.name,
                "role": member.get_role_display(),
                "opinion": str(op["opinion"]).strip(),
            }
        )
    row = Deliberation(
        case=case, held_on=held_on, opinions=clean, conclusion=conclusion, recorded_by=actor
    )
    row.full_clean()
    row.save()
    body = "".join(
        f"<p>{escape(o['name'])}（{escape(str(o['role']))}）：{escape(o['opinion'])}</p>"
        for o in clean
    )
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>合议笔录</title>'
        "<style>body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif}</style></head><body>"
        f"<h1>合议笔录</h1><p>案号：{escape(case.case_number)}　时间：{held_on:%Y年%m月%d日}</p>"
        f"{body}<p>合议结论：{escape(conclusion)}</p></body></html>"
    )
    pdf = html_to_pdf(html)
    item = item_add(
        case=case,
        data=pdf,
        content_type="application/pdf",
        title=f"合议笔录（{held_on:%Y-%m-%d}）",
        kind=ItemKind.DELIBERATION,
        actor=actor,
        source="deliberation",
        source_id=str(row.id),
        volume_kind=VolumeKind.SUB,
        dated=held_on,
    )
    row.efile_item = item.id
    row.save(update_fields=["efile_item"])
    record_event(events.deliberated(deliberation=row, actor=actor, sha256=item.sha256))
    return row


def _record_approval(draft: Draft, *, stage: str, actor, approved: bool, note: str) -> Approval:
    row = Approval.objects.create(
        draft=draft,
        version=draft.version,
        stage=stage,
        approver=actor,
        approved=approved,
        note=(note or "").strip(),
    )
    record_event(events.approval(approval=row, actor=actor))
    return row


@transaction.atomic
def draft_sign_off(*, draft: Draft, actor, note: str = "") -> Approval:
    """A panel member signs off the current version (recorded; the PDF names the panel)."""
    draft = _lock_draft(draft)
    if not _on_panel(actor, draft.case):
        raise JudgmentError(JudgmentErrorCode.NOT_PANEL_MEMBER)
    if draft.status == DraftStatus.ISSUED:
        raise JudgmentError(JudgmentErrorCode.DRAFT_NOT_EDITABLE)
    return _record_approval(draft, stage=ApprovalStage.PANEL, actor=actor, approved=True, note=note)


@transaction.atomic
def draft_flag(*, draft: Draft, actor, reason: str) -> Draft:
    """The division head designates the case (major, difficult) for approval before issue."""
    draft = _lock_draft(draft)
    ensure_division_head(actor, draft.case)
    if not (reason or "").strip():
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="reason")
    draft.needs_approval = True
    draft.flag_reason = reason.strip()[:200]
    if draft.status == DraftStatus.APPROVED:
        draft.status = DraftStatus.DRAFTING
    draft.save(update_fields=["needs_approval", "flag_reason", "status", "updated_at"])
    record_event(events.flagged(draft=draft, actor=actor))
    return draft


@transaction.atomic
def draft_submit(*, draft: Draft, actor) -> Draft:
    draft = _lock_draft(draft)
    ensure_judge(actor, draft.case)
    _transition(draft, DraftStatus.AWAITING_APPROVAL)
    draft.save(update_fields=["status", "updated_at"])
    record_event(events.submitted(draft=draft, actor=actor))
    return draft


@transaction.atomic
def draft_decide(*, draft: Draft, actor, approve: bool, note: str = "") -> Draft:
    """The division head approves the version submitted, or returns it with a note."""
    draft = _lock_draft(draft)
    ensure_division_head(actor, draft.case)
    if draft.status != DraftStatus.AWAITING_APPROVAL:
        raise JudgmentError(JudgmentErrorCode.NOT_AWAITING)
    if not approve and not (note or "").strip():
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="note")
    _transition(draft, DraftStatus.APPROVED if approve else DraftStatus.DRAFTING)
    draft.save(update_fields=["status", "updated_at"])
    _record_approval(
        draft, stage=ApprovalStage.DIVISION_HEAD, actor=actor, approved=approve, note=note
    )
    return draft


def _panel_signers(draft: Draft) -> list[PanelMember]:
    """The panel members who signed off the draft's current version, in the panel's order
    (an edit makes a new version: earlier sign-offs no longer count)."""
    signed = set(
        draft.approvals.filter(
            stage=ApprovalStage.PANEL, version=draft.version, approved=True
        ).values_list("approver_id", flat=True)
    )
    return [
        m
        for m in PanelMember.objects.filter(case=draft.case).select_related("user")
        if m.user_id in signed
    ]


def _bench(draft: Draft) -> list[PanelMember]:
    """Who the issued document names and who co-signs it: the whole panel once every member
    signed off the current version (always so for a panel-decided kind, the blockers see to
    it); otherwise nobody but the issuing judge (a panel signs as a whole or not at all)."""
    panel = list(PanelMember.objects.filter(case=draft.case))
    signers = _panel_signers(draft)
    return signers if panel and len(signers) == len(panel) else []


def issue_blockers(draft: Draft) -> list[tuple[JudgmentErrorCode, str]]:
    """Why the draft cannot be issued yet, each with its code (empty: it can). A judgment or
    a ruling the judge drafts (``PANEL_DECIDED_KINDS``) in a case a panel tries needs every
    member's sign-off of the current version; the withdrawal rulings of their own flows do
    not."""
    case = draft.case
    out: list[tuple[JudgmentErrorCode, str]] = []
    for name in REQUIRED_FOR_ISSUE[draft.kind]:
        if not (draft.sections.get(name) or "").strip():
            code = JudgmentErrorCode.SECTION_REQUIRED
            out.append((code, str(code.message) % {"name": dict(ALL_SECTIONS)[name]}))
    if draft.kind in PANEL_DECIDED_KINDS and panel_required(case):
        panel = list(PanelMember.objects.filter(case=case).select_related("user"))
        if len(panel) != 3:
            out.append((JudgmentErrorCode.NEEDS_PANEL, str(JudgmentErrorCode.NEEDS_PANEL.message)))
        else:
            signed = {m.user_id for m in _panel_signers(draft)}
            missing = [m.user.name for m in panel if m.user_id not in signed]
            if missing:
                code = JudgmentErrorCode.PANEL_NOT_SIGNED
                out.append((code, str(code.message) % {"names": "、".join(missing)}))
    if draft.needs_approval and draft.status != DraftStatus.APPROVED:
        out.append(
            (JudgmentErrorCode.NEEDS_APPROVAL, str(JudgmentErrorCode.NEEDS_APPROVAL.message))
        )
    if draft.kind == DecisionKind.TRANSFER_RULING:
        # A transfer closes the case on issue: what would block the closing blocks the issue.
        from ..sources import closing_blockers

        out.extend((JudgmentErrorCode.CLOSE_BLOCKED, m) for m in closing_blockers(case))
    return out


def _extra(draft: Draft) -> dict[str, str]:
    case = draft.case
    s = draft.sections
    if draft.kind == DecisionKind.JUDGMENT:
        extra = {
            k: s.get(k, "")
            for k in (
                "hearing_summary",
                "defence",
                "facts_found",
                "reasoning",
                "decision",
                "fee_burden",
            )
        }
        extra["legal_basis"] = legal_basis_text(case.cause_name, draft.legal_bases)
    elif draft.kind in (
        DecisionKind.DISMISSAL_RULING,
        DecisionKind.NOT_ACCEPTED_RULING,
        DecisionKind.TRANSFER_RULING,
    ):
        extra = {
            "reasoning": s.get("reasoning", ""),
            "legal_basis": legal_basis_text(case.cause_name, draft.legal_bases, draft.kind),
            "fee_burden": s.get("fee_burden", ""),
            "receiving_court": s.get("receiving_court", ""),
        }
    else:
        extra = {
            "withdrawal_date": s.get("withdrawal_date", ""),
            "withdrawal_reason": s.get("reason", ""),
            "fee_burden": s.get("fee_burden", ""),
        }
    panel = _bench(draft)
    if panel:
        extra["panel"] = "\n".join(
            f"{'审　判　长' if m.role == PanelRole.PRESIDING else '审　判　员'}　{m.user.name}"
            for m in panel
        )
    return extra


@transaction.atomic
def draft_issue(*, draft: Draft, actor) -> Decision:
    """Sign (the judge's PDF signature), seal and issue one copy to each party; the service
    app serves each copy (document_issued) and starts that party's appeal period."""
    from yunting.documents.services import document_issue

    draft = _lock_draft(draft)
    case = lock_case(draft.case)
    draft.case = case
    ensure_judge(actor, case)
    if draft.status == DraftStatus.ISSUED:
        raise JudgmentError(JudgmentErrorCode.DRAFT_NOT_EDITABLE)
    if draft.needs_approval and draft.status != DraftStatus.APPROVED:
        raise JudgmentError(JudgmentErrorCode.NEEDS_APPROVAL)
    blockers = issue_blockers(draft)
    if blockers:
        raise JudgmentError(blockers[0][0], messages=[m for _code, m in blockers])
    extra = _extra(draft)
    # The bench signs (the issuing judge first, then the other members of the panel), the
    # clerk certifies the copy, the court's seal covers the whole file (documents app).
    panel = [m.user for m in _bench(draft) if m.user_id != actor.pk]
    docs = [
        document_issue(
            template_code=draft.kind,
            case=case,
            actor=actor,
            recipient=party,
            extra=extra,
            sign_as_judge=True,
            co_signers=panel,
            clerk=case.clerk,
        )
        for party in case.parties.all()
    ]
    draft.status = DraftStatus.ISSUED
    draft.save(update_fields=["status", "updated_at"])
    decision = Decision.objects.create(
        case=case, draft=draft, kind=draft.kind, issued_at=timezone.now(), issued_by=actor
    )
    decision.documents.set(docs)
    record_event(events.issued(decision=decision, actor=actor, documents=docs))
    if decision.kind == DecisionKind.TRANSFER_RULING:
        _transfer(decision, actor)
    return decision


def _transfer(decision: Decision, actor) -> None:
    """移送管辖 (CPL Art. 37): the ruling is effective on issue and the case closes here as
    transferred; the receiving court settles the fee (``_settlement``)."""
    from ..models import ClosingMethod
    from .outcome import case_close, decision_effect_check

    court = _receiving_court(decision.case, decision.draft.sections.get("receiving_court", ""))
    decision_effect_check(decision=decision)
    decision.refresh_from_db()
    record_event(events.transferred(decision=decision, actor=actor, court=court))
    case_close(case=decision.case, actor=actor, method=ClosingMethod.TRANSFERRED, decision=decision)
