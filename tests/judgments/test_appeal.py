"""Appeal within the party's own period, the appeal fee on the amount appealed (Art. 17),
transmission, docketing as 民终 at 上海市第一中级人民法院 with the first-instance e-file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.judgments.conftest import issue_judgment, pay, serve_all
from yunting.accounts.models import User
from yunting.efile.models import Item
from yunting.judgments import services
from yunting.judgments.models import AppealStatus

pytestmark = pytest.mark.django_db


def stranger():
    return User.objects.get(phone="13900000002")  # 李四, no part in the case


def test_appeal_to_the_intermediate_court(demo, case, people, jingan):
    decision = issue_judgment(case, people)
    today = timezone.localdate()
    clocks = serve_all(case, decision, on=today)
    deadline = clocks[0].due_on
    with pytest.raises(Exception) as exc:
        services.appeal_file(case=case, user=stranger(), requests="撤销原判", grounds="…")
    assert exc.value.code == "not_a_party"
    # One day late: refused, naming the last day.
    with pytest.raises(Exception) as exc:
        services.appeal_file(
            case=case,
            user=demo["lawyer"],
            requests="撤销原判",
            grounds="事实认定错误",
            today=deadline + dt.timedelta(days=1),
        )
    assert exc.value.code == "appeal_late"
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in exc.value.detail
    for bad in ("-1", "150000.01", "abc"):
        with pytest.raises(Exception) as exc:
            services.appeal_file(
                case=case, user=demo["lawyer"], requests="改判", grounds="理由", amount=bad
            )
        assert exc.value.code == "appeal_amount"
    with pytest.raises(Exception) as exc:
        services.appeal_file(case=case, user=demo["lawyer"], requests="", grounds="理由")
    assert exc.value.code == "required"
    # On the last day: accepted; the fee on 100,000 appealed is 2,300.00 (50 + 90,000 × 2.5 %).
    appeal = services.appeal_file(
        case=case,
        user=demo["lawyer"],
        requests="改判被告支付全部借款",
        grounds="一审认定错误",
        amount="100000",
        today=deadline,
    )
    assert appeal.fee_order.amount == Decimal("2300.00")
    assert appeal.fee_order.kind == "appeal"
    assert appeal.court_of_appeal.code == "沪01"
    with pytest.raises(Exception) as exc:
        services.appeal_file(case=case, user=demo["lawyer"], requests="x", grounds="y")
    assert exc.value.code == "already_appealed"
    # The judgment never takes effect by lapse once appealed.
    assert not services.decision_effect_check(decision=decision, today=deadline + dt.timedelta(30))
    # Transmission waits for the appeal fee; a second court's staff cannot send it.
    with pytest.raises(Exception) as exc:
        services.appeal_transmit(appeal=appeal, actor=case.judge)
    assert exc.value.code == "close_blocked"
    with pytest.raises(Exception) as exc:
        services.appeal_transmit(appeal=appeal, actor=jingan["judge"])
    assert exc.value.code == "not_staff"
    pay(demo, case, txn="APPEAL")
    appeal = services.appeal_transmit(appeal=appeal, actor=case.judge)
    assert appeal.status == AppealStatus.TRANSMITTED
    with pytest.raises(Exception) as exc:
        services.appeal_transmit(appeal=appeal, actor=case.judge)
    assert exc.value.code == "bad_appeal_state"
    # In 沪01's filing queue; 沪0105's officer cannot docket it.
    from yunting.judgments.selectors import appeals_to_docket

    assert list(appeals_to_docket(user=people["officer01"])) == [appeal]
    assert not appeals_to_docket(user=demo["filing_officer"]).exists()
    with pytest.raises(Exception) as exc:
        services.appeal_docket(appeal=appeal, officer=demo["filing_officer"])
    assert exc.value.code == "not_staff"
    new = services.appeal_docket(appeal=appeal, officer=people["officer01"])
    assert new.case_number == f"（{today.year}）沪01民终1号"
    assert new.court.name == "上海市第一中级人民法院"
    first_items = Item.objects.filter(volume__efile__case=case)
    copied = Item.objects.filter(volume__efile__case=new, source="first_instance")
    assert copied.count() == first_items.count() > 0
    assert set(copied.values_list("sha256", flat=True)) == set(
        first_items.values_list("sha256", flat=True)
    )
    # The intermediate court's staff read it; the appellant's lawyer sees the 民终 case too.
    from yunting.cases.selectors import case_get_for_user
    from yunting.efile.selectors import volume_get_for_user

    assert volume_get_for_user(user=people["judge01"], case_id=new.id, kind="main")
    assert case_get_for_user(user=demo["lawyer"], case_id=new.id) == new
    # The first-instance court can now close its case (the judgment went up on appeal).
    closing = services.case_close(case=case, actor=case.judge, method="judgment")
    assert closing.method == "judgment"
    # 民终: the appeal limit, three months from docketing.
    from yunting.cases.selectors import case_trial_limit

    assert case_trial_limit(case=new).procedure == "appeal_judgment"


def test_no_appeal_before_service(demo, case, people):
    issue_judgment(case, people)
    with pytest.raises(Exception) as exc:
        services.appeal_file(case=case, user=demo["lawyer"], requests="x", grounds="y")
    assert exc.value.code == "no_appealable_decision"
