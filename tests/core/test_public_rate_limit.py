"""Public pages are limited per address like their API twins: a friendly 429 past the rate."""

from __future__ import annotations

import pytest

PAGES = [
    "/fees/calculator/",
    "/filing/calculators/interest/",
    "/filing/calculators/traffic/",
    "/fees/receipts/check/",
    "/documents/verify/",
    "/ledger/verify/",
    "/judgments-online/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_each_public_page_answers_429_past_the_rate(client, settings, demo, url):
    settings.YUNTING_PUBLIC_PAGE_RATE = 3
    for i in range(3):
        assert client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code == 200
    response = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert 'data-testid="rate-limited"' in html and "人民法院" in html  # the court's name
    # another address is not affected
    assert client.get(url, REMOTE_ADDR="192.0.2.9").status_code == 200


@pytest.mark.django_db
def test_a_logged_in_person_is_not_limited(client, settings, demo):
    settings.YUNTING_PUBLIC_PAGE_RATE = 1
    client.force_login(demo["litigant"])
    for _ in range(3):
        assert client.get("/fees/calculator/").status_code == 200
