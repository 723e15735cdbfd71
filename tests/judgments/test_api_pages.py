"""The REST API (a party's judgments, limit, appeal through it) and the pages: scoped, with
404 for everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.judgments.conftest import issue_judgment, serve_all
from yunting.accounts.models import User

pytestmark = pytest.mark.django_db


def stranger():
    return User.objects.get(phone="13900000002")


def test_api_status_and_appeal(client, demo, case, people):
    decision = issue_judgment(case, people)
    clocks = serve_all(case, decision)
    client.force_login(demo["lawyer"])
    url = reverse("judgments_api:case", args=[case.id])
    body = client.get(url).json()
    assert body["case_number"] == case.case_number
    assert body["trial_limit"]["procedure"] == "ordinary"
    assert body["decisions"][0]["appeal_periods"][0]["appeal_until"] == str(clocks[0].due_on)
    mine = client.get(reverse("judgments_api:decisions")).json()["results"]
    assert [d["id"] for d in mine] == [str(decision.id)]
    # Bad input through the API: the documented shape, nothing written.
    bad = client.post(
        reverse("judgments_api:appeals", args=[case.id]),
        {"requests": "", "grounds": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "required"
    ok = client.post(
        reverse("judgments_api:appeals", args=[case.id]),
        {"requests": "改判", "grounds": "理由", "amount": "50000"},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["status"] == "filed"
    again = client.post(
        reverse("judgments_api:appeals", args=[case.id]),
        {"requests": "改判", "grounds": "理由"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "already_appealed"
    client.force_login(stranger())
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("judgments_api:appeals", args=[case.id]),
            {"requests": "x", "grounds": "y"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_pages_are_scoped(client, demo, case, people, jingan, settings):
    settings.YUNTING_STAFF_2FA_REQUIRED = False
    client.force_login(case.judge)
    page = client.get(reverse("judgments:case", args=[case.id]))
    assert page.status_code == 200 and "审限" in page.content.decode()
    client.post(reverse("judgments:case", args=[case.id]), {"action": "draft", "kind": "judgment"})
    draft = case.drafts.get()
    assert client.get(reverse("judgments:draft", args=[draft.id])).status_code == 200
    # A stale save through the page: refused with the message, nothing written.
    client.post(
        reverse("judgments:draft", args=[draft.id]),
        {"action": "save", "base_version": "1", "reasoning": "甲"},
    )
    stale = client.post(
        reverse("judgments:draft", args=[draft.id]),
        {"action": "save", "base_version": "1", "reasoning": "乙"},
        follow=True,
    )
    assert "版本" in stale.content.decode() or "version" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.sections["reasoning"] == "甲"
    for user in (jingan["judge"], stranger()):
        client.force_login(user)
        assert client.get(reverse("judgments:case", args=[case.id])).status_code == 404
        assert client.get(reverse("judgments:draft", args=[draft.id])).status_code == 404
    client.force_login(stranger())
    assert client.get(reverse("judgments:my_case", args=[case.id])).status_code == 404
    client.force_login(demo["lawyer"])
    assert client.get(reverse("judgments:my_case", args=[case.id])).status_code == 200
    assert client.get(reverse("judgments:draft", args=[draft.id])).status_code == 404
