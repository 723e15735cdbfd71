"""Effect after the appeal periods, closing with its blockers and fee settlement, withdrawal
and 按撤诉处理, the certificate of effect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fees.conftest import accept
from tests.judgments.conftest import issue_judgment, serve_open_tasks
from yunting.fees.models import Refund, RefundReason
from yunting.judgments import services
from yunting.judgments.errors import JudgmentError, JudgmentErrorCode
from yunting.judgments.events import JudgmentEvent
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_effect_after_every_partys_period_then_closing_refunds_the_winner(demo, case, people):
    decision = issue_judgment(case, people, awarded=Decimal("100000"))
    today = TODAY()
    # Served on the plaintiff today and on the defendant three days later: each party's own
    # period runs from its own service date (clocks are what the service app starts).
    first, second = decision.documents.order_by("recipient__role")
    from yunting.cases.services import clock_start

    c1 = clock_start(
        case=case,
        kind="appeal_judgment",
        starts_on=today,
        actor=None,
        party=first.recipient,
        source=f"document:{first.id}",
    )
    assert not services.decision_effect_check(decision=decision, today=today + dt.timedelta(40))
    c2 = clock_start(
        case=case,
        kind="appeal_judgment",
        starts_on=today + dt.timedelta(3),
        actor=None,
        party=second.recipient,
        source=f"document:{second.id}",
    )
    last = max(c1.due_on, c2.due_on)
    assert last == c2.due_on
    assert not services.decision_effect_check(decision=decision, today=last)  # last day: not yet
    with pytest.raises(Exception) as exc:
        services.case_close(case=case, actor=case.judge, method="judgment")
    assert exc.value.code == "close_blocked"
    assert services.decision_effect_check(decision=decision, today=last + dt.timedelta(1))
    decision.refresh_from_db()
    assert decision.effective_on == last + dt.timedelta(1)
    # Closing: the plaintiff prepaid 3,300 and bears 1,100 → a 2,200 refund request.
    closing = services.case_close(case=case, actor=case.judge, method="judgment")
    lines = {line["role"]: line for line in closing.settlement["lines"]}
    assert lines["plaintiff"]["refund"] == "2200.00"
    assert lines["defendant"]["owed"] == "2200.00"
    refund = Refund.objects.get(order__case=case)
    assert (refund.amount, refund.reason) == (Decimal("2200.00"), RefundReason.LOSER_BEARS)
    case.refresh_from_db()
    assert case.status == "closed"
    assert Entry.objects.filter(case_id=case.id, event_type=JudgmentEvent.CLOSED).exists()
    with pytest.raises(Exception) as exc:
        services.case_close(case=case, actor=case.judge, method="judgment")
    assert exc.value.code == "already_closed"
    # The parties download the certificate of effect; a stranger cannot.
    cert = services.effect_certificate(decision=decision, user=demo["lawyer"])
    assert cert.template_code == "effect_certificate" and cert.recipient.role == "plaintiff"
    assert services.effect_certificate(decision=decision, user=demo["lawyer"]).pk == cert.pk
    with pytest.raises(Exception) as exc:
        services.effect_certificate(
            decision=decision, user=demo["litigant"].__class__.objects.get(phone="13900000002")
        )
    assert exc.value.code == "not_yours"


def test_closing_lists_every_blocking_item(demo, court, people):
    """Unpaid fees and every document still being served block the closing, each listed; a
    task the desk withdraws (撤回送达, with its reason) or serves no longer does."""
    from tests.judgments.conftest import serve_open_tasks
    from yunting.service.models import ServiceTask
    from yunting.service.withdrawal import service_task_withdraw

    case = accept(demo, court)  # fee not paid, the notices of acceptance not served
    tasks = list(ServiceTask.objects.filter(case=case).select_related("document", "party"))
    assert tasks
    with pytest.raises(JudgmentError) as exc:
        services.case_close(case=case, actor=case.judge, method="mediation")
    assert exc.value.code == JudgmentErrorCode.CLOSE_BLOCKED
    assert len(exc.value.messages) == 1 + len(tasks)
    [fee] = [m for m in exc.value.messages if "尚未交纳" in m]
    assert "交费单" in fee
    for task in tasks:
        assert any(task.document.title in m and task.party.name in m for m in exc.value.messages)
    case.refresh_from_db()
    assert case.status != "closed"
    service_task_withdraw(
        task=tasks[0], actor=demo["service_officer"], reason="原告已撤回起诉，无需送达"
    )
    with pytest.raises(JudgmentError) as exc:
        services.case_close(case=case, actor=case.judge, method="mediation")
    assert exc.value.code == JudgmentErrorCode.CLOSE_BLOCKED
    assert len(exc.value.messages) == len(tasks)
    assert not any(
        tasks[0].document.title in m and tasks[0].party.name in m for m in exc.value.messages
    )
    serve_open_tasks(case, demo)
    with pytest.raises(JudgmentError) as exc:
        services.case_close(case=case, actor=case.judge, method="mediation")
    assert exc.value.code == JudgmentErrorCode.CLOSE_BLOCKED
    assert exc.value.messages == [fee]  # only the unpaid fee is left
    with pytest.raises(JudgmentError) as exc:
        services.case_close(case=case, actor=case.judge, method="by_magic")
    assert exc.value.code == JudgmentErrorCode.BAD_METHOD


def test_withdrawal_online_halves_the_fee(demo, case, people):
    with pytest.raises(Exception) as exc:
        services.withdrawal_apply(
            case=case, user=demo["litigant"].__class__.objects.get(phone="13900000002")
        )
    assert exc.value.code == "not_plaintiff"
    row = services.withdrawal_apply(case=case, user=demo["lawyer"], reason="双方已和解")
    with pytest.raises(Exception) as exc:
        services.withdrawal_apply(case=case, user=demo["lawyer"])
    assert exc.value.code == "withdrawal_pending"
    with pytest.raises(Exception) as exc:
        services.withdrawal_decide(withdrawal=row, actor=case.judge, grant=False, note="")
    assert exc.value.code == "required"
    row = services.withdrawal_decide(withdrawal=row, actor=case.judge, grant=True)
    assert row.decision.kind == "withdrawal_ruling"
    assert row.decision.effective_on is not None  # not appealable
    assert row.decision.documents.count() == 2
    case.refresh_from_db()
    assert case.status == "closed" and case.closing.method == "withdrawal"
    refund = Refund.objects.get(order__case=case)
    assert (refund.amount, refund.reason) == (Decimal("1650.00"), RefundReason.WITHDRAWAL)
    with pytest.raises(Exception) as exc:
        services.withdrawal_decide(withdrawal=row, actor=case.judge, grant=True)
    assert exc.value.code == "not_pending"


def test_treated_as_withdrawn_from_the_fees_queue(demo, court, people):
    from yunting.fees.models import FeeOrder

    case = accept(demo, court)
    serve_open_tasks(case, demo)
    with pytest.raises(Exception) as exc:
        services.treated_withdrawn_rule(case=case, actor=case.judge)
    assert exc.value.code == "no_decision"
    # The judge's decision in the fees app's queue (按撤诉处理), recorded on the order.
    FeeOrder.objects.filter(case=case).update(overdue_decision="treat_as_withdrawn")
    decision = services.treated_withdrawn_rule(case=case, actor=case.judge)
    assert decision.kind == "treated_withdrawn_ruling"
    case.refresh_from_db()
    assert case.closing.method == "treated_withdrawn"
    assert not Refund.objects.filter(order__case=case).exists()  # nothing was paid


def _effective(case, decision):
    from yunting.cases.services import clock_start

    today = TODAY()
    clocks = [
        clock_start(
            case=case,
            kind="appeal_judgment",
            starts_on=today,
            actor=None,
            party=doc.recipient,
            source=f"document:{doc.id}",
        )
        for doc in decision.documents.all()
    ]
    last = max(c.due_on for c in clocks)
    assert services.decision_effect_check(decision=decision, today=last + dt.timedelta(1))


def test_co_plaintiffs_are_refunded_in_proportion_then_the_loser_is_billed(demo, court, people):
    """Two plaintiffs prepaid 1,650.00 each of the 3,300.00 fee; 100,000 of 150,000 awarded:
    the plaintiffs bear 1,100.00, the defendant 2,200.00. The court refunds 2,200.00 —
    1,100.00 to each plaintiff (not 1,650.00 + 550.00, oldest order first) — then bills the
    defendant 2,200.00."""
    from tests.judgments.conftest import pay
    from yunting.filing.services import PartyInput

    second = PartyInput(
        role="plaintiff",
        kind="person",
        name="王二",
        id_number="31010419900720102X",
        address="上海市静安区武定路1号",
    )
    case = accept(demo, court, extra_plaintiffs=[second])
    assert sorted(o.amount for o in case.fee_orders.all()) == [Decimal("1650.00")] * 2
    pay(demo, case)
    serve_open_tasks(case, demo)
    case.refresh_from_db()
    decision = issue_judgment(case, people, awarded=Decimal("100000"))
    _effective(case, decision)
    closing = services.case_close(case=case, actor=case.judge, method="judgment")
    refunds = sorted(r.amount for r in Refund.objects.filter(order__case=case))
    assert refunds == [Decimal("1100.00"), Decimal("1100.00")]
    steps = [(s["kind"], s["payer"], s["payee"], s["amount"]) for s in closing.settlement["steps"]]
    assert steps == [
        ("refund", "court", "plaintiff", "2200.00"),
        ("bill", "defendant", "court", "2200.00"),
    ]
    assert closing.settlement["steps"][1]["payer_name"] == "上海示范贸易有限公司"


def test_winner_paid_directly_no_refund_and_no_bill(demo, case, people):
    """The plaintiff (3,300.00 prepaid, bears 0 on a full win) agrees the defendant pays it
    directly: no refund request goes to finance, nothing is billed, the defendant pays the
    plaintiff 3,300.00."""
    decision = issue_judgment(case, people)
    _effective(case, decision)
    closing = services.case_close(
        case=case, actor=case.judge, method="judgment", paid_directly=True
    )
    assert not Refund.objects.filter(order__case=case).exists()
    assert closing.settlement["steps"] == [
        {
            "kind": "direct",
            "payer": "defendant",
            "payee": "plaintiff",
            "payer_name": "上海示范贸易有限公司",
            "payee_name": "张三",
            "amount": "3300.00",
        }
    ]
    lines = {line["role"]: line for line in closing.settlement["lines"]}
    assert (lines["plaintiff"]["refund"], lines["defendant"]["owed"]) == ("0.00", "0.00")
