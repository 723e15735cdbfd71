"""The documented shape of every v1 error: ``{"detail", "code", "errors"}``."""

from __future__ import annotations

import json

V1 = "/api/v1/"


def assert_v1_error(response) -> dict:
    """Fail unless ``response`` is a v1 error in the documented shape; return its body."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"detail", "code", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["code"], str) and body["code"], body
    assert isinstance(body["errors"], dict) and body["errors"], body
    for field, messages in body["errors"].items():
        assert isinstance(field, str) and isinstance(messages, list) and messages, body
        assert all(isinstance(m, str) and m for m in messages), body
    assert body["detail"] in [m for ms in body["errors"].values() for m in ms], body
    return body
