"""Payloads of the judgments events not pinned in tests/ledger/test_event_payloads.py: the
panel's deliberation and sign-off, the division head's approval, withdrawal, the trial limit
(suspensions, extensions, conversion, reminders) and the appeal; and the cases app's procedure
change, which the conversion records too."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.factories import make_case
from tests.judgments.conftest import issue_judgment, panel_of, panel_signs, pay, serve_all
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.cases.events import CaseEvent
from yunting.cases.selectors import case_trial_limit
from yunting.efile.models import Item
from yunting.judgments import services
from yunting.judgments.events import JudgmentEvent
from yunting.judgments.models import Deliberation

pytestmark = pytest.mark.django_db
FILED = dt.date(2026, 3, 2)  # a Monday


def _at(case, actor) -> dict:
    return {"case_id": case.id, "court_id": case.court_id, "actor_id": actor.id if actor else None}


def _draft(case):
    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    return services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={"facts_found": "原告向被告出借150,000元。", "reasoning": "借贷关系合法有效。"},
    )


@covers(
    JudgmentEvent.DELIBERATED,
    JudgmentEvent.SIGNED_OFF,
    JudgmentEvent.FLAGGED,
    JudgmentEvent.SUBMITTED,
    JudgmentEvent.RETURNED,
    JudgmentEvent.APPROVED,
)
def test_panel_and_approval_events(case, people):
    draft = _draft(case)
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    with recorded() as entries:
        row = services.deliberation_record(
            case=case,
            actor=judge,
            held_on=dt.date(2026, 4, 1),
            opinions=[{"member": str(m.pk), "opinion": "支持原告诉请"} for m in (judge, *members)],
            conclusion="一致意见：支持原告诉讼请求。",
        )
    row = Deliberation.objects.get(pk=row.pk)
    item = Item.objects.get(pk=row.efile_item)
    entry = assert_event(
        entries,
        JudgmentEvent.DELIBERATED,
        {"deliberation": str(row.id), "held_on": "2026-04-01"},
        **_at(case, judge),
    )
    assert entry.document_hashes == [item.sha256]
    with recorded() as entries:
        services.draft_sign_off(draft=draft, actor=members[0], note="同意")
    assert_event(
        entries,
        JudgmentEvent.SIGNED_OFF,
        {"draft": str(draft.id), "version": draft.version, "note": "同意"},
        **_at(case, members[0]),
    )
    with recorded() as entries:
        services.draft_flag(draft=draft, actor=people["head"], reason="涉众，重大疑难")
    assert_event(
        entries,
        JudgmentEvent.FLAGGED,
        {"draft": str(draft.id), "reason": "涉众，重大疑难"},
        **_at(case, people["head"]),
    )
    with recorded() as entries:
        services.draft_submit(draft=draft, actor=case.judge)
    assert_event(
        entries,
        JudgmentEvent.SUBMITTED,
        {"draft": str(draft.id), "version": draft.version, "reason": "涉众，重大疑难"},
        **_at(case, case.judge),
    )
    with recorded() as entries:
        services.draft_decide(draft=draft, actor=people["head"], approve=False, note="请补充说理")
    assert_event(
        entries,
        JudgmentEvent.RETURNED,
        {"draft": str(draft.id), "version": draft.version, "note": "请补充说理"},
        **_at(case, people["head"]),
    )
    services.draft_submit(draft=draft, actor=case.judge)
    with recorded() as entries:
        services.draft_decide(draft=draft, actor=people["head"], approve=True, note="同意")
    assert_event(
        entries,
        JudgmentEvent.APPROVED,
        {"draft": str(draft.id), "version": draft.version, "note": "同意"},
        **_at(case, people["head"]),
    )


@covers(JudgmentEvent.WITHDRAWAL_APPLIED, JudgmentEvent.WITHDRAWAL_DECIDED)
def test_withdrawal_events(demo, case):
    lawyer = demo["lawyer"]
    with recorded() as entries:
        row = services.withdrawal_apply(case=case, user=lawyer, reason="双方已和解")
    assert_event(
        entries,
        JudgmentEvent.WITHDRAWAL_APPLIED,
        {"withdrawal": str(row.id), "party": str(case.parties.get(role="plaintiff").id)},
        **_at(case, lawyer),
    )
    with recorded() as entries:
        services.withdrawal_decide(withdrawal=row, actor=case.judge, grant=True, note="准许撤诉")
    assert_event(
        entries,
        JudgmentEvent.WITHDRAWAL_DECIDED,
        {"withdrawal": str(row.id), "status": "approved", "note": "准许撤诉"},
        **_at(case, case.judge),
    )


@pytest.fixture
def plain(demo, court, people):
    case = make_case(court=court, actor=demo["filing_officer"], accepted_on=FILED)
    case.judge = people["head"]
    case.save(update_fields=["judge"])
    return case


@covers(
    JudgmentEvent.SUSPENDED,
    JudgmentEvent.RESUMED,
    JudgmentEvent.EXTENSION_REQUESTED,
    JudgmentEvent.EXTENSION_DECIDED,
    JudgmentEvent.LIMIT_REMINDED,
)
def test_trial_limit_events(plain, people):
    judge = plain.judge
    with recorded() as entries:
        s = services.suspension_start(
            case=plain, actor=judge, kind="appraisal", start=dt.date(2026, 4, 1)
        )
    assert_event(
        entries,
        JudgmentEvent.SUSPENDED,
        {"suspension": str(s.id), "kind": "appraisal", "start": "2026-04-01", "end": ""},
        **_at(plain, judge),
    )
    with recorded() as entries:
        services.suspension_end(suspension=s, actor=judge, end=dt.date(2026, 4, 10))
    assert_event(
        entries,
        JudgmentEvent.RESUMED,
        {"suspension": str(s.id), "kind": "appraisal", "start": "2026-04-01", "end": "2026-04-10"},
        **_at(plain, judge),
    )
    with recorded() as entries:
        ext = services.extension_request(case=plain, actor=judge, length=6, reason="案情复杂")
    assert_event(
        entries,
        JudgmentEvent.EXTENSION_REQUESTED,
        {"extension": str(ext.id), "length": 6, "reason": "案情复杂"},
        **_at(plain, judge),
    )
    president = people["president"]
    with recorded() as entries:
        services.extension_decide(
            extension=ext, actor=president, approve=False, today=dt.date(2026, 8, 20)
        )
    assert_event(
        entries,
        JudgmentEvent.EXTENSION_DECIDED,
        {"extension": str(ext.id), "status": "refused"},
        **_at(plain, president),
    )
    end = case_trial_limit(case=plain).end  # 2 September 2026 + 10 days suspended
    with recorded() as entries:
        services.limit_reminders_send(today=end + dt.timedelta(days=3))
    assert_event(
        [e for e in entries if e.case_id == plain.id],  # the demo's own cases may be late too
        JudgmentEvent.LIMIT_REMINDED,
        {"state": "overdue", "end": end.isoformat(), "recipient": str(judge.id)},
        **_at(plain, None),
    )


@covers(CaseEvent.PROCEDURE_CHANGED)
def test_procedure_change_events(demo, court, people):
    case = make_case(
        court=court, actor=demo["filing_officer"], accepted_on=FILED, procedure="summary"
    )
    case.judge = people["head"]
    case.save(update_fields=["judge"])
    with recorded() as entries:
        services.procedure_convert(
            case=case,
            actor=case.judge,
            to_procedure="ordinary",
            on=dt.date(2026, 5, 20),
            reason="案情复杂",
        )
    assert_event(
        entries,
        CaseEvent.PROCEDURE_CHANGED,
        {
            "procedure": {"old": "summary", "new": "ordinary"},
            "on": "2026-05-20",
            "reason": "案情复杂",
        },
        **_at(case, case.judge),
    )
    # One act, one entry: the judgments app no longer writes a second one.
    assert [e.event_type for e in entries].count(CaseEvent.PROCEDURE_CHANGED) == 1


@covers(
    JudgmentEvent.APPEAL_FILED,
    JudgmentEvent.APPEAL_TRANSMITTED,
    JudgmentEvent.APPEAL_DOCKETED,
)
def test_appeal_events(demo, case, people):
    decision = issue_judgment(case, people)
    clocks = serve_all(case, decision)
    lawyer = demo["lawyer"]
    with recorded() as entries:
        appeal = services.appeal_file(
            case=case,
            user=lawyer,
            requests="改判被告支付全部借款",
            grounds="一审认定错误",
            amount="100000",
        )
    plaintiff = case.parties.get(role="plaintiff")
    deadline = next(c.due_on for c in clocks if c.party_id == plaintiff.id)
    assert_event(
        entries,
        JudgmentEvent.APPEAL_FILED,
        {
            "appeal": str(appeal.id),
            "party": str(plaintiff.id),
            "amount": "100000.00",
            "deadline": deadline.isoformat(),
            "decision_kind": "judgment",
        },
        **_at(case, lawyer),
    )
    pay(demo, case, txn="APPEAL")
    items = Item.objects.filter(volume__efile__case=case).count()
    with recorded() as entries:
        appeal = services.appeal_transmit(appeal=appeal, actor=case.judge)
    assert_event(
        entries,
        JudgmentEvent.APPEAL_TRANSMITTED,
        {"appeal": str(appeal.id), "court": "沪01", "items": items},
        **_at(case, case.judge),
    )
    officer = people["officer01"]
    with recorded() as entries:
        new = services.appeal_docket(appeal=appeal, officer=officer)
    assert_event(
        entries,
        JudgmentEvent.APPEAL_DOCKETED,
        {"appeal": str(appeal.id), "case_number": new.case_number},
        case_id=new.id,
        court_id=new.court_id,
        actor_id=officer.id,
    )


@covers(JudgmentEvent.TRANSFERRED)
def test_transfer_ruling_event(demo, case, people):
    from yunting.courts.models import Court
    from yunting.judgments.models import DecisionKind

    target = Court.objects.get(code="沪0106")
    draft = services.draft_start(case=case, kind=DecisionKind.TRANSFER_RULING, actor=case.judge)
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={"reasoning": "被告住所地在静安区。", "receiving_court": target.name},
    )
    panel_signs(draft, people)  # the panel decides the ruling (ordinary procedure)
    with recorded() as entries:
        decision = services.draft_issue(draft=draft, actor=case.judge)
    decision.refresh_from_db()
    assert_event(
        entries,
        JudgmentEvent.TRANSFERRED,
        {
            "decision": str(decision.id),
            "receiving_court": str(target.id),
            "receiving_court_name": target.name,
            "effective_on": str(decision.effective_on),
        },
        **_at(case, case.judge),
    )
