"""Text that is not valid Unicode is a clear 400 on every API endpoint, never a 500."""

from __future__ import annotations

import pytest

BODY = '{"court": "沪0105", "type_code": "\\ud800"}'  # a lone surrogate, spelled in JSON


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path",
    [("post", "/api/v1/filings"), ("post", "/api/v1/auth/token")],
)
def test_a_lone_surrogate_is_refused_with_400(api_as, anon, demo, method, path):
    client = api_as(demo["lawyer"]) if path.endswith("filings") else anon
    response = getattr(client, method)(path, BODY, content_type="application/json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["code"] in {"invalid_text", "parse_error"} and "Unicode" in data["detail"]


@pytest.mark.django_db
def test_a_lone_surrogate_in_a_patch_and_a_key_is_refused(api_as, demo):
    api = api_as(demo["lawyer"])
    filing = api.post("/api/v1/filings", {"court": "沪0105"}, format="json").json()
    for body in ('{"facts": "ok \\udfff"}', '{"\\ud83d": "x"}'):
        response = api.patch(
            f"/api/v1/filings/{filing['id']}", body, content_type="application/json"
        )
        assert response.status_code == 400, response.content


def test_error_bodies_never_carry_unencodable_text():
    from yunting.core.parsers import has_invalid_text, scrub

    cleaned = scrub({"errors": {"type_code": ["“\ud800” is not a valid choice."]}})
    assert not has_invalid_text(cleaned) and "\ufffd" in cleaned["errors"]["type_code"][0]
