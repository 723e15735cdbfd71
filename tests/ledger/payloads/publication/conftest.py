"""The publication fixtures, from tests/publication (an effective judgment)."""

from tests.publication.conftest import case, effective, people  # noqa: F401
