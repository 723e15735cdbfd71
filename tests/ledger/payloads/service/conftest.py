"""The service fixtures, from tests/service."""

from tests.service.conftest import _keys_and_media, case, confirmed, officer  # noqa: F401
