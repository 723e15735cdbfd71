"""Clients for the REST API v1: anonymous, or holding a user's token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.isolation import clear_cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Throttle counters live in the cache: each test starts with none."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as():
    """``api_as(user)``: a client sending that user's token, as an API integration does."""

    def make(user) -> APIClient:
        token, _created = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
