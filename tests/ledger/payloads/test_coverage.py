"""The meta-test: every registered event type has its payload checked by a payload test."""

from __future__ import annotations

import importlib
import pkgutil

import tests.ledger.payloads as payloads
from tests.ledger.payloads.helpers import COVERED
from yunting.ledger.events import registered_event_types

# The payload tests: every test module of this package (one folder per app, whose conftest
# brings that app's fixtures), and the first file of them.
MODULES = [
    "tests.ledger.test_event_payloads",
    *(
        m.name
        for m in pkgutil.walk_packages(payloads.__path__, prefix=f"{payloads.__name__}.")
        if m.name.rpartition(".")[2].startswith("test_")
    ),
]


def _product_types() -> set[str]:
    """The registered types of the product. The ledger tests register their own enum
    (tests/ledger/ledger_helpers.py) to fill logs; those are defined in tests, not in src."""
    return {
        value
        for value, member in registered_event_types().items()
        if type(member).__module__.startswith("yunting.")
    }


def test_every_event_type_is_covered():
    for name in MODULES:
        importlib.import_module(name)
    registered = _product_types()
    assert len(registered) > 150  # the registry is full: all apps' events.py were imported
    missing = sorted(registered - set(COVERED))
    assert not missing, f"{len(missing)} event types have no payload test: {missing}"
    unknown = sorted(set(COVERED) - registered)
    assert not unknown, f"payload tests name types that are not registered: {unknown}"


def test_covering_tests_are_tests():
    """Each name in ``COVERED`` is a test pytest collects, so its check really runs."""
    for name in MODULES:
        importlib.import_module(name)
    for test in set(COVERED.values()):
        module, _, function = test.rpartition(".")
        assert module in MODULES and function.startswith("test_"), test
        assert callable(getattr(importlib.import_module(module), function)), test
