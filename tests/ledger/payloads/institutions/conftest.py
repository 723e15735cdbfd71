"""The institution fixtures, from tests/institutions."""

from tests.institutions.conftest import bank, complaint  # noqa: F401
