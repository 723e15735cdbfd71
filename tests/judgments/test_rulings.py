"""The closing rulings: 驳回起诉 and 不予受理 (appealable within 10 days of each party's own
service, effective once every period ran, the prepaid fee refunded) and 移送管辖 (effective
on issue, closing the case as transferred). In an ordinary-procedure case the panel decides
them: every member signs off the current version before issue, and they all sign it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fees.conftest import accept
from tests.judgments.conftest import panel_of, panel_signs, pay, serve_open_tasks
from yunting.cases.models import Clock
from yunting.fees.models import Refund, RefundReason
from yunting.judgments import services
from yunting.judgments.errors import JudgmentErrorCode
from yunting.judgments.events import JudgmentEvent
from yunting.judgments.models import Closing, DecisionKind
from yunting.ledger.models import Entry
from yunting.rules.deadlines import named_period_end
from yunting.service.kinds import served_kind

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def draft_ruling(case, kind: str, **sections):
    draft = services.draft_start(case=case, kind=kind, actor=case.judge)
    if sections:
        draft = services.draft_save(
            draft=draft, actor=case.judge, base_version=draft.version, sections=sections
        )
    return draft


def test_the_appealable_rulings_start_the_ruling_appeal_period_and_transfer_none():
    assert served_kind("dismissal_ruling").clock == "appeal_ruling"
    assert served_kind("not_accepted_ruling").clock == "appeal_ruling"
    assert served_kind("transfer_ruling").clock is None


def test_dismissal_appealable_for_ten_days_then_effective_and_the_fee_refunded(demo, case, people):
    draft = services.draft_start(case=case, kind=DecisionKind.DISMISSAL_RULING, actor=case.judge)
    assert draft.legal_bases == ["cpl_122", "cpl_157_1_3", "spc_208_3"]
    assert draft.sections["fee_burden"] == "本案不交纳案件受理费，已交纳的予以退还"
    assert draft.fee_burden["outcome"] == "dismissed"
    # Without the reasons the ruling cannot be issued; a judgment's sections are refused.
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "section_required"
    with pytest.raises(Exception) as exc:
        services.draft_save(
            draft=draft, actor=case.judge, base_version=1, sections={"decision": "判决如下"}
        )
    assert exc.value.code == "unknown_section"
    with pytest.raises(Exception) as exc:
        services.draft_save(
            draft=draft,
            actor=case.judge,
            base_version=1,
            sections={"reasoning": "x"},
            legal_bases=["cc_667"],
        )
    assert exc.value.code == "unknown_basis"
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={
            "reasoning": "原告与被告之间的纠纷已由仲裁机构作出裁决，原告的起诉不符合起诉条件。"
        },
        legal_bases=["cpl_122", "cpl_157_1_3"],
    )
    panel_signs(draft, people)
    decision = services.draft_issue(draft=draft, actor=case.judge)
    assert decision.kind == "dismissal_ruling"
    assert decision.appeal_clock_kind == "appeal_ruling"
    issued = Entry.objects.get(case_id=case.id, event_type=JudgmentEvent.ISSUED)
    assert issued.payload["kind"] == "dismissal_ruling"
    assert len(issued.payload["copies"]) == 2
    # Appealable: not effective on issue, and the case cannot close on it yet.
    assert not services.decision_effect_check(decision=decision)
    with pytest.raises(Exception) as exc:
        services.case_close(case=case, actor=case.judge, method="dismissed")
    assert exc.value.code == "close_blocked"
    # The desk serves each copy: each party's own 10-day ruling period starts.
    serve_open_tasks(case, demo)
    clocks = list(Clock.objects.filter(case=case, kind="appeal_ruling", stopped_at=None))
    assert len(clocks) == 2
    for clock in clocks:
        assert clock.due_on == named_period_end("appeal_ruling", clock.starts_on).date
    last = max(c.due_on for c in clocks)
    assert not services.decision_effect_check(decision=decision, today=last)
    with pytest.raises(Exception) as exc:
        services.case_close(case=case, actor=case.judge, method="dismissed")
    assert exc.value.code == "close_blocked"
    assert str(JudgmentErrorCode.RULING_NOT_EFFECTIVE.message) in exc.value.messages
    assert services.decision_effect_check(decision=decision, today=last + dt.timedelta(1))
    decision.refresh_from_db()
    assert decision.effective_on == last + dt.timedelta(1)
    effective = Entry.objects.get(case_id=case.id, event_type=JudgmentEvent.EFFECTIVE)
    assert effective.payload["effective_on"] == str(last + dt.timedelta(1))
    assert len(effective.payload["appeal_periods"]) == 2
    # Closing: no acceptance fee for a dismissed suit (Art. 8, 27): the 3,300 prepaid refunded.
    closing = services.case_close(case=case, actor=case.judge, method="dismissed")
    assert closing.decision_id == decision.id
    lines = {line["role"]: line for line in closing.settlement["lines"]}
    assert lines["plaintiff"]["bears"] == "0.00"
    assert lines["plaintiff"]["refund"] == "3300.00"
    assert closing.settlement["basis"] == "《诉讼费用交纳办法》第八条第（二）项、第二十七条"
    refund = Refund.objects.get(order__case=case)
    assert (refund.amount, refund.reason) == (Decimal("3300.00"), RefundReason.NO_FEE)
    closed = Entry.objects.get(case_id=case.id, event_type=JudgmentEvent.CLOSED)
    assert closed.payload["method"] == "dismissed"
    assert closed.payload["decision"] == str(decision.id)


def test_an_appeal_against_the_dismissal_within_the_ruling_period_without_fee(demo, case, people):
    draft = draft_ruling(case, DecisionKind.DISMISSAL_RULING, reasoning="原告不是适格的当事人。")
    panel_signs(draft, people)
    decision = services.draft_issue(draft=draft, actor=case.judge)
    with pytest.raises(Exception) as exc:  # not served yet: nothing to appeal
        services.appeal_file(case=case, user=demo["lawyer"], requests="撤销", grounds="理由")
    assert exc.value.code == "no_appealable_decision"
    serve_open_tasks(case, demo)
    plaintiff = case.parties.get(role="plaintiff")
    clock = Clock.objects.get(case=case, kind="appeal_ruling", party=plaintiff)
    assert clock.due_on == named_period_end("appeal_ruling", clock.starts_on).date
    with pytest.raises(Exception) as exc:
        services.appeal_file(
            case=case,
            user=demo["lawyer"],
            requests="撤销原裁定，指令继续审理",
            grounds="原告系适格当事人",
            today=clock.due_on + dt.timedelta(1),
        )
    assert exc.value.code == "appeal_late"
    appeal = services.appeal_file(
        case=case,
        user=demo["lawyer"],
        requests="撤销原裁定，指令继续审理",
        grounds="原告系适格当事人",
        amount="100000",  # ignored: a ruling appeal claims no amount
        today=clock.due_on,
    )
    assert appeal.decision_id == decision.id
    assert appeal.deadline == clock.due_on
    assert appeal.fee_order is None and appeal.amount is None  # Art. 8(3): no appeal fee
    assert appeal.court_of_appeal == case.court.parent
    filed = Entry.objects.get(case_id=case.id, event_type=JudgmentEvent.APPEAL_FILED)
    assert filed.payload["decision_kind"] == "dismissal_ruling"
    assert filed.payload["deadline"] == str(clock.due_on)
    decision.refresh_from_db()
    assert decision.appealed and not services.decision_effect_check(decision=decision)
    # Nothing to pay: the appeal goes straight to the court of appeal; then the case closes.
    services.appeal_transmit(appeal=appeal, actor=case.judge)
    closing = services.case_close(case=case, actor=case.judge, method="dismissed")
    assert closing.method == "dismissed"
    # Docketed as 民终: an appeal against a ruling is tried within 30 days (CPL Art. 183(2)),
    # not the three months of an appeal against a judgment.
    from yunting.cases.selectors import case_trial_limit
    from yunting.rules.trial_limits import trial_limit

    second = services.appeal_docket(appeal=appeal, officer=people["officer01"])
    limit = case_trial_limit(case=second)
    assert limit.procedure == "appeal_ruling"
    assert limit.end == trial_limit("appeal_ruling", second.accepted_on).end
    assert limit.end < trial_limit("appeal_judgment", second.accepted_on).end


def test_not_accepted_needs_its_ruling_and_refunds_the_fee(demo, case, people):
    with pytest.raises(Exception) as exc:
        services.case_close(case=case, actor=case.judge, method="not_accepted")
    assert exc.value.code == "no_decision"
    draft = services.draft_start(case=case, kind=DecisionKind.NOT_ACCEPTED_RULING, actor=case.judge)
    assert draft.legal_bases == ["cpl_122", "cpl_126", "cpl_157_1_1"]
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={"reasoning": "本案属于劳动争议，应当先行申请劳动仲裁。"},
    )
    panel_signs(draft, people)
    decision = services.draft_issue(draft=draft, actor=case.judge)
    # A 驳回起诉 ruling is not the one a 不予受理 closing needs.
    with pytest.raises(Exception) as exc:
        services.case_close(case=case, actor=case.judge, method="dismissed")
    assert exc.value.code == "no_decision"
    serve_open_tasks(case, demo)
    last = max(
        c.due_on for c in Clock.objects.filter(case=case, kind="appeal_ruling", stopped_at=None)
    )
    assert services.decision_effect_check(decision=decision, today=last + dt.timedelta(1))
    closing = services.case_close(case=case, actor=case.judge, method="not_accepted")
    lines = {line["role"]: line for line in closing.settlement["lines"]}
    assert lines["plaintiff"]["refund"] == "3300.00"
    assert closing.settlement["outcome"] == "not_accepted"
    assert Refund.objects.get(order__case=case).reason == RefundReason.NO_FEE


def test_transfer_names_a_court_and_closes_the_case_on_issue(demo, case, people, jingan):
    from yunting.courts.models import Court

    draft = services.draft_start(case=case, kind=DecisionKind.TRANSFER_RULING, actor=case.judge)
    assert draft.fee_burden["outcome"] == "" and draft.sections["receiving_court"] == ""
    for bad in ("不存在的法院", case.court.name):
        with pytest.raises(Exception) as exc:
            services.draft_save(
                draft=draft,
                actor=case.judge,
                base_version=1,
                sections={"reasoning": "x", "receiving_court": bad},
            )
        assert exc.value.code == "bad_receiving_court"
        assert "receiving_court" in exc.value.field_errors()
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "section_required"
    target = Court.objects.get(code="沪0106")
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={
            "reasoning": "被告住所地在上海市静安区，本案不属于本院管辖。",
            "receiving_court": target.name,
        },
    )
    panel_signs(draft, people)
    decision = services.draft_issue(draft=draft, actor=case.judge)
    decision.refresh_from_db()
    assert decision.effective_on == timezone.localdate(decision.issued_at)  # no appeal
    case.refresh_from_db()
    assert case.status == "closed"
    closing = Closing.objects.get(case=case)
    assert (closing.method, closing.decision_id) == ("transferred", decision.id)
    assert closing.settlement == {"outcome": "", "lines": [], "refunds": []}
    assert not Refund.objects.filter(order__case=case).exists()  # the receiving court settles
    moved = Entry.objects.get(case_id=case.id, event_type=JudgmentEvent.TRANSFERRED)
    assert moved.payload == {
        "decision": str(decision.id),
        "receiving_court": str(target.id),
        "receiving_court_name": target.name,
        "effective_on": str(decision.effective_on),
    }
    # The ruling itself is still served after the closing, and starts no appeal period.
    serve_open_tasks(case, demo)
    assert not Clock.objects.filter(case=case, kind="appeal_ruling").exists()
    doc = decision.documents.first()
    assert doc.template_code == "transfer_ruling"


def _codes(draft) -> list[str]:
    draft.refresh_from_db()
    return [code for code, _m in services.issue_blockers(draft)]


def test_a_panel_ruling_waits_for_every_member_on_the_current_version(demo, case, people):
    """驳回起诉 in an ordinary-procedure case: the panel decides it (合议庭), each member signs
    off the version issued; an edit resets the sign-offs; the issued copies name the panel and
    carry each member's signature after the issuing judge's."""
    import io

    from django.core.files.storage import default_storage
    from django.utils import translation
    from pypdf import PdfReader

    from yunting.documents.verification import verify_pdf

    draft = draft_ruling(case, DecisionKind.DISMISSAL_RULING, reasoning="原告不是适格的当事人。")
    assert _codes(draft) == [JudgmentErrorCode.NEEDS_PANEL]
    with translation.override("zh-hans"):
        assert services.issue_blockers(draft)[0][1] == (
            "适用普通程序审理的案件和二审案件由三人合议庭审理，请先组成合议庭。"
        )
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "needs_panel"
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    services.draft_sign_off(draft=draft, actor=judge)
    services.draft_sign_off(draft=draft, actor=members[0])
    assert _codes(draft) == [JudgmentErrorCode.PANEL_NOT_SIGNED]
    with translation.override("zh-hans"):
        assert services.issue_blockers(draft)[0][1] == (
            f"合议庭每位成员须先签署当前版本：{members[1].name}。"
        )
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "panel_not_signed"
    assert members[1].name in exc.value.detail
    services.draft_sign_off(draft=draft, actor=members[1])
    assert _codes(draft) == []
    # An edit is a new version: the sign-offs were for the old text, all three sign again.
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=draft.version,
        sections={"reasoning": "原告不是本案适格的当事人，其起诉不符合起诉条件。"},
    )
    assert _codes(draft) == [JudgmentErrorCode.PANEL_NOT_SIGNED]
    with translation.override("zh-hans"):
        message = services.issue_blockers(draft)[0][1]
    assert all(m.name in message for m in (judge, *members))
    for m in (judge, *members):
        services.draft_sign_off(draft=draft, actor=m)
    decision = services.draft_issue(draft=draft, actor=case.judge)
    assert decision.kind == "dismissal_ruling" and decision.documents.count() == 2
    for doc in decision.documents.all():
        data = default_storage.open(doc.storage_path).read()
        report = verify_pdf(data)
        assert report.valid, report.problems
        assert [(s.field, s.signer) for s in report.signatures] == [
            ("JudgeSignature", judge.name),
            ("JudgeSignature2", members[0].name),
            ("JudgeSignature3", members[1].name),
            ("ClerkSignature", case.clerk.name),
            ("CourtSeal", case.court.name),
        ]
    text = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "审　判　长" in text and all(m.name in text for m in members)


@pytest.mark.parametrize("kind", [DecisionKind.NOT_ACCEPTED_RULING, DecisionKind.TRANSFER_RULING])
def test_the_other_drafted_rulings_need_the_panel_too(case, people, kind):
    draft = draft_ruling(case, kind, reasoning="理由。")
    assert JudgmentErrorCode.NEEDS_PANEL in _codes(draft)
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    services.draft_sign_off(draft=draft, actor=members[0])
    assert JudgmentErrorCode.PANEL_NOT_SIGNED in _codes(draft)
    services.draft_sign_off(draft=draft, actor=judge)
    services.draft_sign_off(draft=draft, actor=members[1])
    assert not {JudgmentErrorCode.NEEDS_PANEL, JudgmentErrorCode.PANEL_NOT_SIGNED} & set(
        _codes(draft)
    )


def test_a_summary_procedure_ruling_is_the_judges_alone(demo, court, people):
    """Summary procedure: one judge tries the case (独任), no panel to wait for."""
    case = accept(demo, court, procedure="summary")
    pay(demo, case)
    serve_open_tasks(case, demo)
    case.refresh_from_db()
    assert case.procedure == "summary"
    draft = draft_ruling(case, DecisionKind.DISMISSAL_RULING, reasoning="原告不是适格的当事人。")
    assert _codes(draft) == []
    decision = services.draft_issue(draft=draft, actor=case.judge)
    assert decision.kind == "dismissal_ruling" and decision.documents.count() == 2


def test_the_withdrawal_ruling_of_its_own_flow_is_not_held_for_the_panel(demo, case, people):
    """准予撤诉 is issued by the system when the judge grants the application: in an
    ordinary-procedure case with its panel formed and nobody's sign-off, it is issued at once,
    signed by the judge alone (a panel signs as a whole or not at all)."""
    from django.core.files.storage import default_storage

    from yunting.documents.verification import verify_pdf

    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    row = services.withdrawal_apply(case=case, user=demo["lawyer"], reason="双方已和解")
    row = services.withdrawal_decide(withdrawal=row, actor=case.judge, grant=True)
    decision = row.decision
    assert decision.kind == "withdrawal_ruling" and decision.effective_on is not None
    assert services.issue_blockers(decision.draft) == []
    doc = decision.documents.first()
    report = verify_pdf(default_storage.open(doc.storage_path).read())
    assert [s.field for s in report.signatures] == ["JudgeSignature", "ClerkSignature", "CourtSeal"]
