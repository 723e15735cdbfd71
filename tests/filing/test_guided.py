"""Guided element-style complaints: each cause's answers give the claims and amounts worked
out by hand below; bad answers are refused on the right field and change nothing; the
generated complaint PDF carries the parties, the amounts and the cause; the filing is then
complete for submission."""

from __future__ import annotations

import copy
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from yunting.filing import guided, services
from yunting.filing.errors import FilingErrorCode
from yunting.filing.models import Filing
from yunting.filing.selectors import filing_missing
from yunting.filing.services import PartyInput

TODAY = dt.date(2025, 7, 1)

LENDING = {
    "loan": {
        "document": "iou",
        "signed_on": "2024-01-01",
        "signed_place": "上海市长宁区",
        "amount": "100000",
        "delivery": "transfer",
        "delivered_on": "2024-01-01",
        "delivered_amount": "100000",
        "lender_kind": "person",
        "borrower_kind": "person",
        "due_on": "2024-12-31",
        "demanded_on": "",
    },
    "interest": {
        "rate": "2",
        "rate_unit": "month",  # 月息2分 = 24 % a year
        "overdue_rate": "",
        "repayment": "lump_sum",
        "repayments": "",
    },
    "security": {"kind": "none", "signed_on": "", "provider": "", "thing": "", "claim": False},
    "claims": {
        "until": "2025-06-30",
        "to_payment": True,
        "lawyer_fee": "5000",
        "other": "",
        "jurisdiction": "",
        "preservation": False,
        "evidence": "借条\n银行转账凭证",
    },
}

BANK = {
    "contract": {
        "name": "个人消费借款合同",
        "number": "SF-2024-0088",
        "signed_on": "2024-01-20",
        "signed_place": "上海市长宁区",
        "amount": "300000",
        "disbursed": "300000",
        "disbursed_on": "2024-01-21",
        "term_start": "2024-01-21",
        "term_end": "2027-01-20",
        "rate": "4.35",
        "penalty_rate": "5.655",  # 4.35 % × 1.3
        "compound": True,
        "repayment": "equal_instalments",
    },
    "default": {
        "repaid_principal": "0",
        "repaid_interest": "10000",
        "principal_owed": "300000",
        "interest_owed": "2345.67",
        "overdue_since": "2025-01-21",
        "acceleration": "accelerate",
        "demanded_on": "2025-03-01",
    },
    "security": {
        "kind": "joint_guarantee",
        "signed_on": "2024-01-20",
        "provider": "王五",
        "thing": "",
        "registered": "",
        "claim": True,
    },
    "claims": {
        "until": "2025-07-21",
        "to_payment": True,
        "lawyer_fee": "",
        "other": "",
        "jurisdiction": "",
        "preservation": False,
        "evidence": "",
    },
}

TRAFFIC = {
    "accident": {
        "occurred": "2025-03-10",
        "place": "上海市长宁区延安西路与江苏路路口",
        "course": "被告驾驶小型轿车右转时未让行，撞倒正在人行横道通行的原告",
        "victim": "pedestrian",
        "plate": "沪A12345",
        "driver": "李四",
        "owner": "",
    },
    "liability": {
        "report_number": "沪公交认字〔2025〕第0310号",
        "authority": "上海市公安局长宁分局交通警察支队",
        "liability": "main",
        "share": "",
        "compulsory_insurer": "示范财产保险股份有限公司上海分公司",
        "commercial_insurer": "示范财产保险股份有限公司上海分公司",
        "commercial_limit": "1000000",
    },
    "losses": {
        "medical": "25000",
        "hospital_food": "1000",
        "nutrition": "1500",
        "nursing": "6000",
        "lost_income": "12000",
        "transport": "800",
        "disability": "120000",
        "disability_grade": "十级",
        "aids": "",
        "death": "",
        "funeral": "",
        "mental": "10000",
        "property": "3000",
        "appraisal": "2000",
        "other": "",
        "other_note": "",
    },
    "claims": {"other": "", "preservation": False, "appraisal_request": False, "evidence": ""},
}

ANSWERS = {"private_lending": LENDING, "financial_loan": BANK, "traffic_accident": TRAFFIC}
TODAYS = {
    "private_lending": TODAY,
    "financial_loan": dt.date(2025, 7, 22),
    "traffic_accident": TODAY,
}


def _compose(kind: str, answers: dict, today: dt.date | None = None) -> guided.Composition:
    return guided.compose(
        kind,
        answers,
        plaintiffs=["张三"],
        defendants=["李四"],
        today=today or TODAYS[kind],
        lpr=guided.LPR_ONE_YEAR,
    )


def _amounts(c: guided.Composition) -> list[Decimal | None]:
    return [line.amount for line in c.claims]


# --- Composition, by hand -------------------------------------------------------------------


def test_private_lending_rate_above_cap_is_cut_to_four_times_lpr():
    # Formed 2024-01-01: the one-year LPR then was 3.45 % (since 2023-08-21), so the cap is
    # 4 × 3.45 % = 13.80 % a year (规定第二十五条); 月息2分 = 24 % a year is above it.
    # Term 2024-01-01 → 2024-12-31 = 365 days: 100,000 × 13.80 % × 365 / 365 = 13,800.00.
    # Late 2024-12-31 → 2025-06-30 = 181 days (31+28+31+30+31+30), no late rate agreed, so the
    # agreed rate, capped (第二十八条): 100,000 × 13.80 % × 181 / 365 = 6,843.287… → 6,843.29.
    # Interest 13,800.00 + 6,843.29 = 20,643.29; lawyer's fee 5,000; costs without amount.
    c = _compose("private_lending", LENDING)
    assert _amounts(c) == [Decimal("100000"), Decimal("20643.29"), Decimal("5000"), None]
    assert c.total == Decimal("125643.29")
    assert c.total_upper == "壹拾贰万伍仟陆佰肆拾叁元贰角玖分"
    computation = "\n".join(c.computation)
    assert "13.80%" in computation and "24.00%" in computation
    assert "¥13,800.00" in computation and "¥6,843.29" in computation
    assert "181" in computation
    assert c.cause_name == "民间借贷纠纷"
    assert "¥100,000.00" in c.claims[0].text
    assert "2025年7月1日" in c.claims[1].text  # further interest from the next day until paid
    assert c.evidence == ["借条", "银行转账凭证"]


def test_private_lending_below_cap_late_rate_capped_and_dated_repayments():
    """Repayments have dates: interest runs on the principal outstanding between them, and a
    payment goes to the interest due first, then to the principal (民法典第五百六十一条).

    LPR on 2023-03-01 was 3.65 % → cap 14.60 %. 50,000 handed over 2023-03-01 at 12 %.
    2023-03-01 → 2023-06-01 = 92 days: 50,000 × 12 % × 92 / 365 = 1,512.3287… → 1,512.33 due.
    Repayment 11,000 on 2023-06-01: 1,512.33 to interest, 9,487.67 to principal → 40,512.33.
    2023-06-01 → 2023-09-01 = 92 days: 40,512.33 × 12 % × 92 / 365 = 1,225.3592…
    Late 2023-09-01 → 2024-03-01 = 182 days at the agreed 18 %, capped at 14.60 %:
      40,512.33 × 14.60 % × 182 / 365 = 2,949.2976…
    Accrued 1,512.3288 + 1,225.3592 + 2,949.2976 = 5,686.9856; less 1,512.33 paid → 4,174.66.
    """
    answers = copy.deepcopy(LENDING)
    answers["loan"].update(
        signed_on="2023-03-01",
        delivered_on="2023-03-01",
        amount="50000",
        delivered_amount="50000",
        due_on="2023-09-01",
    )
    answers["interest"].update(
        rate="12", rate_unit="year", overdue_rate="18", repayments="2023-06-01 11,000"
    )
    answers["claims"].update(until="2024-03-01", lawyer_fee="")
    c = _compose("private_lending", answers, today=dt.date(2024, 3, 5))
    assert _amounts(c) == [Decimal("40512.33"), Decimal("4174.66"), None]
    computation = "\n".join(c.computation)
    assert "14.60%" in computation and "18.00%" in computation
    assert "¥1,512.33" in computation and "¥9,487.67" in computation
    assert "¥1,225.36" in computation and "¥2,949.30" in computation


def test_private_lending_interest_paid_above_the_cap_is_offset_against_principal(settings):
    """Interest paid at the agreed 24 % above the 13.80 % cap is its own line, and by default
    (court setting ``lending_above_cap``) set off against the principal.

    2024-01-01 → 2024-07-01 = 182 days: lawful interest 100,000 × 13.80 % × 182 / 365
    = 6,881.0959… → 6,881.10. Paid 12,000 as interest on 2024-07-01: 6,881.10 to interest,
    5,118.90 paid above the cap → principal 94,881.10.
    2024-07-01 → 2024-12-31 = 183 days: 94,881.10 × 13.80 % × 183 / 365 = 6,564.7323…
    Late 2024-12-31 → 2025-06-30 = 181 days: 94,881.10 × 13.80 % × 181 / 365 = 6,492.9866…
    Interest owed 6,564.7323 + 6,492.9866 = 13,057.7189 → 13,057.72.
    With the setting "refund" the principal stays 100,000 and 5,118.90 is shown as owed back.
    """
    answers = copy.deepcopy(LENDING)
    answers["interest"]["repayments"] = "2024-07-01 12000 利息"
    c = _compose("private_lending", answers)
    assert _amounts(c)[:2] == [Decimal("94881.10"), Decimal("13057.72")]
    computation = "\n".join(c.computation)
    assert "¥5,118.90" in computation
    settings.YUNTING_COURT_RULES = {"": {"lending_above_cap": "refund"}}
    c = _compose("private_lending", answers)
    assert c.claims[0].amount == Decimal("100000")
    assert any("¥5,118.90" in line.text for line in c.claims)


@pytest.mark.parametrize(
    ("signed_on", "delivered_on", "cap", "wrong"),
    [
        # IOU 2024-07-01, money handed over 2024-08-01: formed on delivery (民法典第六百七十九条),
        # LPR then 3.35 % (since 2024-07-22) → 4 × 3.35 % = 13.40 %, not 13.80 % (IOU date).
        ("2024-07-01", "2024-08-01", "13.40%", "13.80%"),
        # Money 2024-07-15 (LPR 3.45 %), IOU written after it on 2024-10-25 (LPR 3.10 %):
        # formed 2024-07-15 → 4 × 3.45 % = 13.80 %, not 12.40 %.
        ("2024-10-25", "2024-07-15", "13.80%", "12.40%"),
    ],
)
def test_private_lending_cap_uses_the_lpr_on_the_day_the_money_was_handed_over(
    signed_on, delivered_on, cap, wrong
):
    answers = copy.deepcopy(LENDING)
    answers["loan"].update(signed_on=signed_on, delivered_on=delivered_on, due_on="2025-06-01")
    c = _compose("private_lending", answers)
    assert f"{cap}" in c.computation[2] and wrong not in c.computation[2]  # the cap line
    assert f"{cap}" in c.claims[1].text  # interest until paid, at the capped rate


def test_private_lending_without_agreed_interest_claims_late_interest_at_lpr():
    answers = copy.deepcopy(LENDING)
    answers["loan"].update(
        document="none",
        signed_on="",
        delivered_on="2024-08-01",
        amount="20000",
        delivered_amount="20000",
        due_on="2024-11-01",
    )
    answers["interest"].update(rate="", overdue_rate="")
    answers["claims"].update(until="2025-02-01", lawyer_fee="")
    # No interest for the term (第二十四条). Late interest from the due date at the LPR of
    # that day, 3.10 % (since 2024-10-21) (第二十八条第一项):
    # 2024-11-01 → 2025-02-01 = 92 days: 20,000 × 3.10 % × 92 / 365 = 156.274 → 156.27.
    c = _compose("private_lending", answers, today=dt.date(2025, 2, 3))
    assert _amounts(c) == [Decimal("20000"), Decimal("156.27"), None]


def test_lending_cap_for_loans_before_the_2020_rules_uses_lpr_at_filing(settings):
    old = guided.private_lending_cap(
        formed_on=dt.date(2019, 6, 1), filed_on=TODAY, table=guided.LPR_ONE_YEAR
    )
    assert (old.lpr, old.percent, old.at_filing) == (Decimal("3.00"), Decimal("12.00"), True)
    new = guided.private_lending_cap(
        formed_on=dt.date(2021, 1, 5), filed_on=TODAY, table=guided.LPR_ONE_YEAR
    )
    assert (new.lpr, new.percent, new.at_filing) == (Decimal("3.85"), Decimal("15.40"), False)
    # A figure published after this code was written comes in through the setting.
    settings.YUNTING_LPR_ONE_YEAR = [("2026-01-20", "2.90")]
    assert guided.lpr_on(dt.date(2026, 2, 1), guided.lpr_table()) == (
        dt.date(2026, 1, 20),
        Decimal("2.90"),
    )
    assert guided.lpr_on(dt.date(2025, 12, 1), guided.lpr_table())[1] == Decimal("3.00")


def test_financial_loan_penalty_and_compound_interest_on_360_day_basis():
    """Compound interest was agreed: it is computed on the unpaid interest at the penalty rate
    (银发〔2003〕251号 第三条), no longer ignored.

    Penalty interest 2025-01-21 → 2025-07-21 = 181 days (10+28+31+30+31+30+21) at 5.655 %:
      300,000 × 5.655 % × 181 / 360 = 8,529.625 → 8,529.63 (half up)
    Compound: 2,345.67 × 5.655 % × 181 / 360 = 66.6923 → 66.69
    Interest claim: 2,345.67 contractual + 8,529.63 + 66.69 = 10,941.99.
    """
    c = _compose("financial_loan", BANK)
    assert _amounts(c) == [None, Decimal("300000"), Decimal("10941.99"), None, None]
    assert "¥66.69" in "\n".join(c.computation)
    assert "SF-2024-0088" in c.claims[0].text  # acceleration (加速到期)
    assert "王五" in c.claims[3].text  # joint guarantee claimed
    computation = "\n".join(c.computation)
    assert "5.655%" in computation and "÷ 360 = ¥8,529.63" in computation


def test_financial_loan_penalty_rate_above_24_percent_is_cut():
    answers = copy.deepcopy(BANK)
    answers["contract"]["penalty_rate"] = "30"
    # 300,000 × 24 % × 181 / 360 = 36,200.00; compound 2,345.67 × 24 % × 181 / 360 = 283.04;
    # + 2,345.67 = 38,828.71
    c = _compose("financial_loan", answers)
    assert c.claims[2].amount == Decimal("38828.71")
    assert "30.00%" in "\n".join(c.computation)


def test_traffic_accident_compulsory_insurance_then_share():
    # 医疗费用 group 25,000 + 1,000 + 1,500 = 27,500 → limit 18,000
    # 死亡伤残 group 6,000 + 12,000 + 800 + 120,000 + 10,000 = 148,800 → within 180,000
    # 财产损失 3,000 → limit 2,000; appraisal 2,000 is outside the compulsory insurance.
    # Within the compulsory insurance: 18,000 + 148,800 + 2,000 = 168,800.
    # Total 27,500 + 148,800 + 3,000 + 2,000 = 181,300; above it 12,500 × 70 % (主要责任) = 8,750.
    c = _compose("traffic_accident", TRAFFIC)
    assert _amounts(c) == [Decimal("168800"), Decimal("8750.00"), None]
    assert c.total == Decimal("177550")
    no_fault = copy.deepcopy(TRAFFIC)
    no_fault["liability"]["liability"] = "none"
    # No responsibility: limits 1,800 / 18,000 / 100 → 1,800 + 18,000 + 100 = 19,900; the
    # pedestrian still gets 10 % of the rest (道路交通安全法第七十六条): 161,400 × 10 % = 16,140.
    c = _compose("traffic_accident", no_fault)
    assert _amounts(c) == [Decimal("19900"), Decimal("16140.00"), None]


# --- Bad answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"delivered_on": "2025-02-30"}, "delivered_on", "real date"),
        ({"due_on": "2023-12-01"}, "due_on", "after the money was handed over"),
        ({"amount": "100000.123"}, "amount", "two decimals"),
        ({"amount": "-5"}, "amount", "negative"),
        ({"delivered_amount": "120000"}, "delivered_amount", "cannot exceed"),
        ({"delivered_on": "2099-01-01", "due_on": ""}, "delivered_on", "future"),
        ({"document": "contract", "signed_on": ""}, "signed_on", "required"),
        ({"amount": ""}, "amount", "required"),
    ],
)
def test_bad_loan_answers_are_refused_on_their_field(change, field, message):
    with translation.override("en"):  # the English source messages
        form = guided.bind_step(
            "private_lending", "loan", LENDING["loan"] | change, answers={}, today=TODAY
        )
        assert not form.is_valid()
        assert message in " ".join(form.errors[field]).lower()


def test_cross_screen_dates_and_amounts_are_checked():
    answers = {"loan": LENDING["loan"]}
    claims = LENDING["claims"] | {"until": "2023-12-01"}
    form = guided.bind_step("private_lending", "claims", claims, answers=answers, today=TODAY)
    assert not form.is_valid() and "until" in form.errors
    interest = LENDING["interest"] | {"repayments": "2023-12-01 5000"}  # before the loan
    form = guided.bind_step("private_lending", "interest", interest, answers=answers, today=TODAY)
    assert not form.is_valid() and "repayments" in form.errors
    interest = LENDING["interest"] | {"repayments": "2024-12-01 five thousand"}
    form = guided.bind_step("private_lending", "interest", interest, answers=answers, today=TODAY)
    assert not form.is_valid() and "repayments" in form.errors
    losses = {k: "" for k in TRAFFIC["losses"]}
    form = guided.bind_step("traffic_accident", "losses", losses, answers={}, today=TODAY)
    assert not form.is_valid() and form.non_field_errors()
    security = {"kind": "mortgage", "provider": "王五", "thing": "", "claim": True}
    form = guided.bind_step("financial_loan", "security", security, answers={}, today=TODAY)
    assert not form.is_valid() and "thing" in form.errors


def test_compose_refuses_unfinished_answers():
    with pytest.raises(guided.FilingError) as exc:
        _compose("private_lending", {"loan": LENDING["loan"]})
    assert exc.value.code == FilingErrorCode.GUIDED_INCOMPLETE
    assert len(exc.value.messages) == 3


# --- The whole flow through the services ------------------------------------------------------


def _parties(filing: Filing, user) -> None:
    services.filing_add_party(
        filing=filing,
        user=user,
        data=PartyInput(
            role="plaintiff",
            kind="person",
            name="张三",
            id_number="310105198503122015",
            address="上海市长宁区天山路100号",
            phone="13900000001",
            is_self=True,
        ),
    )
    services.filing_add_party(
        filing=filing,
        user=user,
        data=PartyInput(
            role="defendant", kind="person", name="李四", address="上海市长宁区延安西路1号"
        ),
    )


def _answer_all(filing: Filing, user, kind: str) -> None:
    for step, data in ANSWERS[kind].items():
        guided.guided_save_step(filing=filing, user=user, step=step, data=data, today=TODAYS[kind])


def _pdf_text(filing: Filing) -> str:
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    attachment = filing.attachments.get(kind="complaint")
    with default_storage.open(attachment.path, "rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "".join(page.extract_text() for page in reader.pages)


EXPECTED = {
    "private_lending": ("民间借贷纠纷", "125,643.29", ["100,000.00", "20,643.29"]),
    "financial_loan": ("金融借款合同纠纷", "310,941.99", ["300,000.00", "10,941.99"]),
    "traffic_accident": ("机动车交通事故责任纠纷", "177,550.00", ["168,800.00", "8,750.00"]),
}


@pytest.mark.parametrize("kind", list(guided.QUESTIONNAIRES))
def test_generate_fills_the_filing_and_writes_the_pdf(demo, court, kind):
    user = demo["litigant"]
    filing = guided.guided_start(user=user, court=court, kind=kind)
    _parties(filing, user)
    _answer_all(filing, user, kind)
    # Saved as it goes: a fresh read of the filing has every screen's answers.
    assert set(Filing.objects.get(pk=filing.pk).guided_answers) == set(ANSWERS[kind])
    assert guided.guided_missing(filing, today=TODAYS[kind]) == []

    composition = guided.guided_generate(filing=filing, user=user, today=TODAYS[kind])
    filing.refresh_from_db()
    cause, total, amounts = EXPECTED[kind]
    assert filing.cause_name == cause and filing.cause_code
    assert filing.facts == composition.facts and "张三" in filing.facts
    assert [c.amount for c in filing.claims.all()] == [c.amount for c in composition.claims]
    assert f"¥{total}" == guided.yuan(filing.claim_total)
    # Complete for submission: nothing in filing_missing is left for the questionnaire.
    assert filing_missing(filing) == []

    text = _pdf_text(filing)
    for needle in ["张三", "李四", cause, *amounts, total]:
        assert needle in text, needle
    assert filing.attachments.get(kind="complaint").pages >= 1


def test_generating_again_replaces_its_own_claims_and_pdf_only(demo, court):
    user = demo["litigant"]
    filing = guided.guided_start(user=user, court=court, kind="private_lending")
    _parties(filing, user)
    _answer_all(filing, user, "private_lending")
    guided.guided_generate(filing=filing, user=user, today=TODAY)
    services.filing_add_claim(filing=filing, user=user, text="判令被告赔礼道歉", amount=None)
    guided.guided_save_step(
        filing=filing,
        user=user,
        step="claims",
        data=LENDING["claims"] | {"lawyer_fee": ""},
        today=TODAY,
    )
    guided.guided_generate(filing=filing, user=user, today=TODAY)
    texts = [c.text for c in filing.claims.all()]
    assert len(texts) == 4  # principal, interest, costs, and the claim added by hand
    assert "判令被告赔礼道歉" in texts
    assert filing.attachments.filter(kind="complaint").count() == 1
    assert filing.claim_total == Decimal("120643.29")


def test_bad_answers_change_nothing(demo, court):
    user = demo["litigant"]
    filing = guided.guided_start(user=user, court=court, kind="private_lending")
    guided.guided_save_step(
        filing=filing, user=user, step="loan", data=LENDING["loan"], today=TODAY
    )
    before = Filing.objects.get(pk=filing.pk).guided_answers
    with pytest.raises(guided.GuidedFormError) as exc:
        guided.guided_save_step(
            filing=filing,
            user=user,
            step="loan",
            data=LENDING["loan"] | {"amount": "1.234", "due_on": "2023-01-01"},
            today=TODAY,
        )
    assert exc.value.code == FilingErrorCode.GUIDED_INVALID
    assert set(exc.value.form.errors) == {"amount", "due_on"}
    assert Filing.objects.get(pk=filing.pk).guided_answers == before
    with pytest.raises(guided.FilingError) as exc:
        guided.guided_generate(filing=filing, user=user, today=TODAY)
    assert exc.value.code == FilingErrorCode.GUIDED_INCOMPLETE
    filing.refresh_from_db()
    assert not filing.claims.exists() and not filing.attachments.exists()
    assert filing.cause_name == ""


def test_someone_else_cannot_answer_or_generate(demo, court):
    filing = guided.guided_start(user=demo["litigant"], court=court, kind="private_lending")
    other = demo["lawyer"]
    with pytest.raises(guided.FilingError) as exc:
        guided.guided_save_step(filing=filing, user=other, step="loan", data=LENDING["loan"])
    assert exc.value.code == FilingErrorCode.NOT_YOURS
    with pytest.raises(guided.FilingError) as exc:
        guided.guided_generate(filing=filing, user=other)
    assert exc.value.code == FilingErrorCode.NOT_YOURS


# --- Pages ------------------------------------------------------------------------------------


def test_pages_start_resume_and_refuse_strangers(client, demo, court):
    user = demo["litigant"]
    client.force_login(user)
    assert reverse("filing:guided_index") in client.get(reverse("filing:start")).text
    page = client.get(reverse("filing:guided_index"))
    assert page.status_code == 200 and "民间借贷纠纷" in page.text and "交通事故" in page.text

    response = client.post(
        reverse("filing:guided_new", args=["private_lending"]), {"private_lending-court": court.pk}
    )
    filing = Filing.objects.get(created_by=user, guided_kind="private_lending")
    assert response.url == reverse("filing:guided_step", args=[filing.id, "parties"])

    step = reverse("filing:guided_step", args=[filing.id, "loan"])
    bad = client.post(step, LENDING["loan"] | {"delivered_on": "2024-02-30"})
    assert bad.status_code == 200
    assert 'data-field="delivered_on"' in bad.text and "field-error" in bad.text
    assert Filing.objects.get(pk=filing.pk).guided_answers == {}
    good = client.post(step, {k: v for k, v in LENDING["loan"].items() if v != ""})
    assert good.url == reverse("filing:guided_step", args=[filing.id, "interest"])
    # Resume: the start page offers to continue at the first unanswered screen.
    assert (
        reverse("filing:guided_step", args=[filing.id, "interest"])
        in client.get(reverse("filing:guided_index")).text
    )
    review = client.get(reverse("filing:guided_step", args=[filing.id, "review"]))
    assert 'data-testid="guided-missing"' in review.text

    client.force_login(demo["lawyer"])
    assert client.get(step).status_code == 404
    assert client.get(reverse("filing:guided_step", args=[filing.id, "review"])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("filing:guided_step", args=[filing.id, "nope"])).status_code == 404


# --- Fit and finish (issue 10 item 22) --------------------------------------------------------


def test_interest_is_computed_to_today_by_default_and_the_heading_names_the_cause_once(
    demo, client, court
):
    from django.utils import timezone

    form = guided.bind_step("private_lending", "claims", None, answers={})
    assert form["until"].value() == timezone.localdate()
    client.force_login(demo["litigant"])
    body = client.get(reverse("filing:guided_index")).content.decode()
    assert body.count("民间借贷纠纷") >= 1
    assert "民间借贷纠纷 <span" not in body and "（民间借贷纠纷）" not in body


def test_traffic_items_computed_and_passenger_of_the_insured_vehicle_not_covered(settings):
    """The guided complaint uses rules.traffic (the calculator's functions). Shanghai's figures
    set by the court: income 90,000, consumption 50,000, wage 150,000 (test values).
    65 years old, 十级: 90,000 × 15 × 10 % = 135,000.00 replaces the typed 120,000.
    Injury group 6,000 + 12,000 + 800 + 135,000 + 10,000 = 163,800 (within 180,000);
    medical 27,500 → 18,000; property 3,000 → 2,000: 183,800 covered. Total 27,500 + 163,800
    + 3,000 + 2,000 = 196,300; rest 12,500 × 70 % = 8,750.00.
    As a passenger of the vehicle that caused it: nothing within its compulsory insurance,
    196,300 × 70 % = 137,410.00."""
    settings.YUNTING_COURT_RULES = {
        "沪": {
            "injury_standards": {
                "2024": {
                    "disposable_income": "90000",
                    "consumption": "50000",
                    "average_wage": "150000",
                    "source": "test",
                }
            }
        }
    }
    answers = copy.deepcopy(TRAFFIC)
    answers["losses"].update(age="65")
    c = guided.compose(
        "traffic_accident",
        answers,
        plaintiffs=["张三"],
        defendants=["李四"],
        today=TODAY,
        lpr=guided.LPR_ONE_YEAR,
        court_code="沪0105",
    )
    assert _amounts(c) == [Decimal("183800.00"), Decimal("8750.00"), None]
    assert "90,000 × 15 × 10%" in "\n".join(c.computation)
    answers["accident"]["victim"] = "passenger"
    c = guided.compose(
        "traffic_accident",
        answers,
        plaintiffs=["张三"],
        defendants=["李四"],
        today=TODAY,
        lpr=guided.LPR_ONE_YEAR,
        court_code="沪0105",
    )
    assert _amounts(c) == [Decimal("137410.00"), None]
