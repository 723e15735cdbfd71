"""The e-file fixtures, from tests/efile."""

from tests.efile.conftest import accepted_case, clerk  # noqa: F401
