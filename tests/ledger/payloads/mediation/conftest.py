"""The mediation fixtures, from tests/mediation."""

from tests.mediation.conftest import (  # noqa: F401
    mediating,
    network,
    people,
    register,
    submitted_filing,
)
