"""An institution with a key, and the complaint PDF uploaded first."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.filing.factories import cached_pdf


@pytest.fixture
def bank(demo):
    return demo["institution"]


@pytest.fixture
def key_client():
    """``key_client(secret)``: a client sending an institution key."""

    def make(secret: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Key {secret}")
        return client

    return make


@pytest.fixture
def bank_key(bank):
    from yunting.institutions.keys import key_create

    key, secret = key_create(user=bank, name="core banking", scopes=["read", "file", "pay"])
    return key, secret


@pytest.fixture
def complaint(bank) -> str:
    from yunting.institutions.batch import file_upload

    return file_upload(user=bank, name="起诉状.pdf", data=cached_pdf("民事起诉状（批量）")).sha256


@pytest.fixture
def anon() -> APIClient:
    return APIClient()
