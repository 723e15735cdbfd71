"""The hearing fixtures, from tests/hearings."""

from tests.hearings.conftest import hcase, room  # noqa: F401
