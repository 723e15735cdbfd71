"""What the payload tests share: the entries a block appended, and ``assert_event``.

Each payload test is decorated with :func:`covers`, naming the event types whose payload it
checks. The decorator fills :data:`COVERED`, which the meta-test
(``test_every_event_type_is_covered``) compares with the registry; and when the test runs, it
fails unless every type it names was really checked with :func:`assert_event` (or ``one`` in
``tests/ledger/test_event_payloads.py``), so a name in ``covers`` cannot stand in for a check.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

from django.db.models import Max

from yunting.ledger.models import Entry

COVERED: dict[str, str] = {}  # event type -> the test that checks its payload
_checked: set[str] | None = None


@contextmanager
def recorded():
    """The entries appended inside the block, in order."""
    start = Entry.objects.aggregate(m=Max("seq"))["m"] or 0
    found: list[Entry] = []
    yield found
    found.extend(Entry.objects.filter(seq__gt=start).order_by("seq"))


def mark_checked(kind) -> None:
    """Note that the running test checked the payload of ``kind``."""
    if _checked is not None:
        _checked.add(str(kind))


def assert_event(entries: list[Entry], kind, expected: dict, **fields) -> Entry:
    """The one entry of ``kind`` among ``entries``: its payload is exactly ``expected`` and its
    columns match ``fields`` (``case_id=…``, ``actor_id=…``, ``court_id=…``)."""
    matching = [e for e in entries if e.event_type == kind]
    assert len(matching) == 1, (str(kind), [e.event_type for e in entries])
    entry = matching[0]
    assert entry.payload == expected, (str(kind), entry.payload)
    for name, value in fields.items():
        assert getattr(entry, name) == value, (str(kind), name, getattr(entry, name), value)
    mark_checked(kind)
    return entry


def covers(*kinds):
    """Declare the event types a test checks the payload of (see the module docstring)."""
    names = [str(k) for k in kinds]
    assert names, "covers() needs at least one event type"

    def decorate(test):
        for name in names:
            COVERED.setdefault(name, f"{test.__module__}.{test.__name__}")

        @functools.wraps(test)
        def run(*args, **kwargs):
            global _checked
            _checked = set()
            try:
                result = test(*args, **kwargs)
                missing = sorted(set(names) - _checked)
            finally:
                _checked = None
            assert not missing, f"{test.__name__} never checked the payload of {missing}"
            return result

        return run

    return decorate
