"""The judgments fixtures, from tests/judgments."""

from tests.judgments.conftest import case, people  # noqa: F401
