import datetime as dt

from yunting.rules import evidence as r


def test_mode_one_refusal_is_synchronous_all_agreed_is_asynchronous():
    assert r.exchange_mode({"a": None, "b": None}) == r.PENDING
    assert r.exchange_mode({"a": True, "b": None}) == r.PENDING
    assert r.exchange_mode({"a": True, "b": False}) == r.SYNCHRONOUS
    assert r.exchange_mode({"a": None, "b": False}) == r.SYNCHRONOUS  # at once
    assert r.exchange_mode({"a": True, "b": True, "c": True}) == r.ASYNCHRONOUS
    assert r.exchange_mode({}) == r.PENDING


def test_item_status_from_the_three_properties_and_purpose():
    admit = {p: r.ADMIT for p in (*r.PROPERTIES, "purpose")}
    assert r.item_status([]) == r.NO_OPINION
    assert r.item_status([admit, admit]) == r.UNDISPUTED
    assert r.item_status([admit, {**admit, "authenticity": r.DISPUTE}]) == r.DISPUTED
    assert r.item_status([{**admit, "purpose": r.DISPUTE}]) == r.DISPUTED


def test_late_needs_leave():
    due = dt.date(2026, 12, 16)
    assert r.late_needs_leave(dt.date(2026, 12, 16), due) == (True, False)  # the last day
    assert r.late_needs_leave(dt.date(2026, 12, 17), due) == (False, True)
    assert r.late_needs_leave(dt.date(2026, 12, 17), due, dt.date(2026, 12, 20)) == (True, True)
    assert r.late_needs_leave(dt.date(2026, 12, 21), due, dt.date(2026, 12, 20)) == (False, True)
    assert r.late_needs_leave(dt.date(2027, 1, 1), None) == (True, False)  # no limit set yet
