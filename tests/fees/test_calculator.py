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
    assert body["code"] == code and body["field"] == field and body["error"]


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
