"""Who bears the acceptance fee and what is refunded: hand-worked on the 3,300-yuan fee of a
150,000-yuan claim."""

from decimal import Decimal

import pytest

from yunting.rules.errors import RuleError
from yunting.rules.fee_burden import Step, apportion, balance, fee_burden, settle

FEE = Decimal("3300.00")


def test_the_loser_bears_all():
    b = fee_burden("judgment", fee=FEE, claimed="150000", awarded="150000")
    assert (b.plaintiff, b.defendant, b.halved) == (Decimal("0.00"), FEE, False)
    assert b.text("张三", "某公司") == "由被告某公司负担"


def test_partial_win_by_the_share_won():
    # 100,000 of 150,000 won: the defendant bears 3,300 × 2/3 = 2,200.00.
    b = fee_burden("judgment", fee=FEE, claimed="150000", awarded="100000")
    assert (b.plaintiff, b.defendant) == (Decimal("1100.00"), Decimal("2200.00"))
    assert b.text("张三", "某公司") == "由原告张三负担1,100.00元，被告某公司负担2,200.00元"
    # A share that does not divide evenly: 1/3 won → 1,100.00 exactly; 1 of 7 → 471.43.
    odd = fee_burden("judgment", fee=FEE, claimed="7", awarded="1")
    assert odd.defendant == Decimal("471.43") and odd.plaintiff + odd.defendant == FEE


def test_the_judge_may_set_the_share():
    b = fee_burden("judgment", fee=FEE, plaintiff_share="0.25")
    assert (b.plaintiff, b.defendant) == (Decimal("825.00"), Decimal("2475.00"))


def test_withdrawal_halved_plaintiff_bears():
    b = fee_burden("withdrawal", fee=FEE)
    assert (b.fee, b.plaintiff, b.defendant, b.halved) == (
        Decimal("1650.00"),
        Decimal("1650.00"),
        Decimal("0.00"),
        True,
    )
    assert "第三十四条" in b.basis
    assert b.text("张三", "某公司") == "减半收取计1,650.00元，由原告张三负担"


def test_mediation_halved_and_split_as_agreed():
    assert fee_burden("mediation", fee=FEE).plaintiff == Decimal("825.00")
    b = fee_burden("mediation", fee=FEE, plaintiff_share="0")
    assert (b.plaintiff, b.defendant) == (Decimal("0.00"), Decimal("1650.00"))


@pytest.mark.parametrize("outcome", ["dismissed", "not_accepted", "treated_withdrawn"])
def test_no_fee(outcome):
    b = fee_burden(outcome, fee=FEE)
    assert b.fee == b.plaintiff == b.defendant == Decimal("0.00")


def test_treated_withdrawn_prints_no_fee():
    assert fee_burden("treated_withdrawn", fee=FEE).text("张三", "某公司") == "不收取案件受理费"


@pytest.mark.parametrize("outcome", ["dismissed", "not_accepted"])
def test_dismissed_or_not_accepted_prints_the_refund(outcome):
    # Art. 8(2), Art. 27: no acceptance fee for 驳回起诉 / 不予受理; the prepayment is refunded.
    b = fee_burden(outcome, fee=FEE)
    assert b.text("张三", "某公司") == "本案不交纳案件受理费，已交纳的予以退还"
    assert b.basis == "《诉讼费用交纳办法》第八条第（二）项、第二十七条"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"outcome": "draw"}, "unknown_outcome"),
        ({"outcome": "judgment"}, "needs_amounts"),
        ({"outcome": "judgment", "claimed": "0", "awarded": "0"}, "needs_amounts"),
        ({"outcome": "judgment", "claimed": "10", "awarded": "11"}, "awarded_above_claim"),
        ({"outcome": "judgment", "plaintiff_share": "1.5"}, "bad_share"),
        ({"outcome": "judgment", "plaintiff_share": "-1"}, "bad_amount"),
        ({"outcome": "judgment", "plaintiff_share": "abc"}, "bad_amount"),
    ],
)
def test_bad_input(kwargs, code):
    outcome = kwargs.pop("outcome")
    with pytest.raises(RuleError) as exc:
        fee_burden(outcome, fee=FEE, **kwargs)
    assert exc.value.code == code


def test_settlement_refunds_the_winner_and_bills_the_loser():
    # The plaintiff prepaid 3,300 and bears 1,100: 2,200 back. The defendant paid nothing and
    # bears 2,200: owes 2,200.
    assert settle(prepaid=FEE, bears="1100").refund == Decimal("2200.00")
    owed = settle(prepaid="0", bears="2200")
    assert (owed.refund, owed.owed) == (Decimal("0.00"), Decimal("2200.00"))
    assert settle(prepaid=FEE, bears=FEE).refund == Decimal("0.00")


# --- the balance order, worked by hand -----------------------------------------------------
# 150,000 claimed, fee 3,300.00 prepaid by the plaintiff.


def test_balance_full_win_refund_then_bill():
    # Defendant loses entirely: bears 3,300.00. The court refunds the plaintiff's 3,300.00
    # first, then bills the defendant 3,300.00.
    steps = balance(bears={"p": "0", "d": FEE}, prepaid={"p": FEE, "d": "0"})
    assert steps == [
        Step("refund", "court", "p", Decimal("3300.00")),
        Step("bill", "d", "court", Decimal("3300.00")),
    ]


def test_balance_partial_win():
    # 100,000 of 150,000 awarded: defendant bears 3,300 × 2/3 = 2,200.00, plaintiff 1,100.00.
    # Plaintiff prepaid 3,300.00 → refunded 2,200.00; defendant billed 2,200.00.
    b = fee_burden("judgment", fee=FEE, claimed="150000", awarded="100000")
    steps = balance(bears={"p": b.plaintiff, "d": b.defendant}, prepaid={"p": FEE, "d": "0"})
    assert steps == [
        Step("refund", "court", "p", Decimal("2200.00")),
        Step("bill", "d", "court", Decimal("2200.00")),
    ]


def test_balance_winner_agrees_to_be_paid_directly():
    # The plaintiff agrees the defendant pays it directly: no refund and no bill; the
    # defendant pays the plaintiff 2,200.00.
    steps = balance(bears={"p": "1100", "d": "2200"}, prepaid={"p": FEE, "d": "0"}, direct=True)
    assert steps == [Step("direct", "d", "p", Decimal("2200.00"))]


def test_balance_direct_with_a_counterclaim_prepayment():
    # The defendant also prepaid 100.00 (say) and bears 2,200.00: it owes 2,100.00, paid
    # directly to the plaintiff; the plaintiff is still owed 100.00, refunded by the court.
    steps = balance(bears={"p": "1100", "d": "2200"}, prepaid={"p": FEE, "d": "100"}, direct=True)
    assert steps == [
        Step("direct", "d", "p", Decimal("2100.00")),
        Step("refund", "court", "p", Decimal("100.00")),
    ]


def test_balance_mediation_and_withdrawal():
    # Mediation: 3,300 halved to 1,650.00, split equally 825.00 / 825.00. The plaintiff is
    # refunded 3,300 − 825 = 2,475.00 and the defendant billed 825.00.
    m = fee_burden("mediation", fee=FEE)
    assert balance(bears={"p": m.plaintiff, "d": m.defendant}, prepaid={"p": FEE}) == [
        Step("refund", "court", "p", Decimal("2475.00")),
        Step("bill", "d", "court", Decimal("825.00")),
    ]
    # Withdrawal: the plaintiff bears 1,650.00 and gets 1,650.00 back; nobody is billed.
    w = fee_burden("withdrawal", fee=FEE)
    assert balance(bears={"p": w.plaintiff, "d": w.defendant}, prepaid={"p": FEE}) == [
        Step("refund", "court", "p", Decimal("1650.00"))
    ]
    # Nothing prepaid, nothing borne (按撤诉处理): no step at all.
    assert balance(bears={"p": "0", "d": "0"}, prepaid={"p": "0"}) == []


def test_apportion_co_plaintiffs_refunded_in_proportion():
    # Two co-plaintiffs prepaid 1,650.00 each; the plaintiffs' side is refunded 2,200.00:
    # 1,100.00 each (not 1,650.00 to the first order and 550.00 to the second).
    assert apportion("2200", ["1650", "1650"]) == [Decimal("1100.00"), Decimal("1100.00")]
    # Uneven prepayments 2,000.00 and 1,300.00, refund 2,200.00:
    # 2,200 × 2000/3300 = 1,333.333… → 1,333.33; 2,200 × 1300/3300 = 866.666… → 866.66,
    # one fen left over goes to the larger remainder (0.666… > 0.333…): 866.67.
    assert apportion("2200", ["2000", "1300"]) == [Decimal("1333.33"), Decimal("866.67")]
    # 100.00 over three equal prepayments of 50.00: 33.33 each, the fen left over to the
    # first (a tie).
    assert apportion("100", ["50", "50", "50"]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert apportion("0", ["5", "5"]) == [Decimal("0.00"), Decimal("0.00")]
    with pytest.raises(RuleError) as exc:
        apportion("10", ["3", "3"])
    assert exc.value.code == "bad_amount"
