"""The evidence fixtures, from tests/evidence."""

from tests.evidence.conftest import running, setup  # noqa: F401
