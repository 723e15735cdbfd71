"""Every v1 endpoint, of every app, answers errors in one shape: ``{"detail", "code",
"errors"}`` (the global exception handler). The walk below reaches each route with requests
that must fail (no login, a method it does not take, undecodable input, bad parameters);
the suite-wide fixture in tests/conftest.py checks every other v1 error the tests see."""

from __future__ import annotations

import importlib
import uuid

import pytest
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter

from tests.api.error_shape import V1, assert_v1_error
from yunting.api.urls import V1 as V1_MODULES

pytestmark = pytest.mark.django_db


def v1_routes() -> list[tuple[str, str, type]]:
    """(module, path, view class) for every route mounted under /api/v1/."""
    routes = []
    for module in V1_MODULES:
        urls = importlib.import_module(module)
        for pattern in urls.urlpatterns:
            assert isinstance(pattern, URLPattern)
            # the same made-up ids in every process: xdist workers must collect the same tests
            converters = pattern.pattern.converters
            kwargs = {
                name: "987654321"
                if isinstance(converters.get(name), IntConverter)
                else str(uuid.uuid5(uuid.NAMESPACE_URL, f"{module}:{pattern.name}:{name}"))
                for name in pattern.pattern.regex.groupindex
            }
            path = reverse(f"{urls.app_name}:{pattern.name}", kwargs=kwargs)
            routes.append((module, path, pattern.callback.view_class))
    return routes


ROUTES = v1_routes()


def test_every_app_api_is_mounted_under_v1():
    assert {module.split(".")[1] for module, _path, _view in ROUTES} == {
        "accounts",
        "fees",
        "filing",
        "cases",
        "documents",
        "ledger",
        "efile",
        "institutions",
        "evidence",
        "judgments",
        "service",
    }
    assert all(path.startswith(V1) for _module, path, _view in ROUTES)


@pytest.mark.parametrize(("module", "path", "view"), ROUTES, ids=[r[1] for r in ROUTES])
def test_a_method_the_endpoint_does_not_take_is_a_405_in_shape(client, module, path, view):
    response = client.generic("PUT", path, b"{}", content_type="application/json")
    assert response.status_code in (401, 403, 405)
    assert_v1_error(response)


@pytest.mark.parametrize(("module", "path", "view"), ROUTES, ids=[r[1] for r in ROUTES])
def test_each_endpoint_refuses_in_shape(client, module, path, view):
    """Anonymous, with nothing useful: login required (401/403), or bad input (400), or
    nothing there (404); the only endpoints with nothing to refuse are the public lists of the
    log's keys and of its witnesses."""
    method = "get" if hasattr(view, "get") else "post"
    response = getattr(client, method)(path, {"hash": "xyz", "kind": "nope"})
    if path in (reverse("ledger_api:keys"), reverse("ledger_api:witnesses")):
        assert response.status_code == 200
        return
    assert response.status_code in (400, 401, 403, 404), (path, response.status_code)
    assert_v1_error(response)


def test_undecodable_input_is_a_400_in_shape(client):
    response = client.post(
        reverse("accounts_api:auth_token"), b"{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert assert_v1_error(response)["code"] == "parse_error"
    latin = client.post(
        reverse("accounts_api:auth_token"),
        '{"username": "\xff"}'.encode("latin-1"),
        content_type="application/json",
    )
    assert latin.status_code == 400
    assert_v1_error(latin)


def test_a_refused_service_call_carries_the_error_s_code_and_status(api_as, demo, court):
    """A service's own error reaches the client with its code and the status it declares."""
    from tests.filing.factories import complete_filing
    from yunting.filing import services

    lawyer = demo["lawyer"]
    filing = complete_filing(user=lawyer, court=court, as_lawyer=True)
    services.filing_submit(filing=filing, user=lawyer)
    response = api_as(lawyer).post(f"{V1}filings/{filing.id}/claims", {"text": "再加一项"})
    assert response.status_code == 409
    assert assert_v1_error(response)["code"] == "not_editable"


def test_the_shape_check_itself_refuses_the_old_shape():
    """The walker is not blind: the shape the documents and ledger APIs used to answer
    (``{"error", "code"}``) fails it."""
    from django.http import JsonResponse

    old = JsonResponse({"error": "bad", "code": "bad_hash"}, status=400)
    with pytest.raises(AssertionError):
        assert_v1_error(old)
