"""The public fee calculator: API and page give the same answer as the command."""

from __future__ import annotations

import pytest

API = "/api/v1/calculators/litigation-fee"


@pytest.mark.django_db
def test_api_matches_the_worked_check_without_login(client):
    response = client.get(API, {"kind": "property", "amount": "150000"})
    assert response.status_code == 200
    data = response.json()
    assert data["fee"] == "3300.00"
    assert len(data["breakdown"]) == 3


@pytest.mark.django_db
def test_api_preservation_cap(client):
    data = client.get(API, {"kind": "preservation", "amount": "100000000"}).json()
    assert data["fee"] == "5000.00" and data["capped"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"kind": "property", "amount": "-3"}, "negative_amount", "amount"),
        ({"kind": "property", "amount": "1.234"}, "too_many_decimals", "amount"),
        ({"kind": "property"}, "amount_required", "amount"),
        ({"kind": "nope", "amount": "1"}, "unknown_kind", "kind"),
        ({"kind": "property", "amount": "1", "halve": "judgment"}, "bad_halve", "halve"),
    ],
)
def test_api_bad_input_is_a_400_with_a_reason(client, params, code, field):
    response = client.get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and body["errors"][field] == [body["detail"]] and body["detail"]


@pytest.mark.django_db
def test_page_renders_result_and_errors(client):
    page = client.get("/fees/calculator/", {"kind": "property", "amount": "1000000"})
    body = page.content.decode()
    assert "¥13,800.00" in body and "壹万叁仟捌佰元整" in body
    page = client.get("/fees/calculator/", {"kind": "property", "amount": "一万"})
    assert "请输入数字金额" in page.content.decode()


@pytest.mark.django_db
def test_schema_lists_the_calculator(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/calculators/litigation-fee" in schema


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["1,000,000", "1 000 000", "１００００００", "¥1,000,000.00"])
def test_amounts_are_accepted_as_people_type_them(client, typed):
    """1,000,000 as a property case: 13,800.00 (DOMAIN.md worked check), however it is typed."""
    data = client.get(API, {"kind": "property", "amount": typed}).json()
    assert data["fee"] == "13800.00"
    page = client.get("/fees/calculator/", {"kind": "property", "amount": typed})
    assert "¥13,800.00" in page.content.decode()


@pytest.mark.django_db
def test_a_misgrouped_amount_is_still_refused(client):
    assert client.get(API, {"kind": "property", "amount": "1,00"}).status_code == 400


@pytest.mark.django_db
def test_reductions_by_name_and_article_and_the_divorce_band_reads_properly(client):
    """Divorce, 300,000 divided, summary procedure: (50 + 0.5 % × 100,000) / 2 = 275.00; the
    reduction reads 适用简易程序，减半交纳（第十六条）, not "summary"; the band 20万元以上部分."""
    page = client.get(
        "/fees/calculator/", {"kind": "divorce", "property_amount": "300000", "summary": "on"}
    )
    body = page.content.decode()
    assert "¥275.00" in body
    assert "适用简易程序，减半交纳（第十六条）" in body
    assert ": summary" not in body and "：summary" not in body
    assert "20万元以上部分" in body and "不超过20万元" in body


@pytest.mark.django_db
def test_interest_calculator_bank_loan_without_agreed_penalty_rate(client):
    """4.35 % contract, no penalty rate: 4.35 × 1.3 = 5.655 % (银发〔2003〕251号, default markup
    30 %); 300,000 × 5.655 % × 181 / 360 = 8,529.63; compound on 2,345.67: 66.69 → 8,596.32."""
    page = client.get(
        "/filing/calculators/interest/",
        {
            "loan": "bank",
            "principal": "300000",
            "rate": "4.35",
            "start": "2024-01-21",
            "end": "2025-07-21",
            "due_on": "2025-01-21",
            "lender": "organisation",
            "borrower": "person",
            "interest_owed": "2345.67",
            "compound": "on",
        },
    )
    body = page.content.decode()
    assert "¥8,596.32" in body and "5.655%" in body and "251号" in body
