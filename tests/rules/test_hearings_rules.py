import datetime as dt

from yunting.rules.hearings import id_digits_match, overlaps, rank_slots


def t(h, m=0):
    return dt.datetime(2026, 12, 10, h, m)


def test_back_to_back_hearings_do_not_collide():
    assert not overlaps(t(9), t(10), t(10), t(11))
    assert not overlaps(t(10), t(11), t(9), t(10))


def test_overlap_by_one_minute_collides():
    assert overlaps(t(9), t(10, 1), t(10), t(11))
    assert overlaps(t(9), t(12), t(10), t(11))  # one inside the other


def test_ranking_worked_example():
    # Three people (P plaintiff, L lawyer, D defendant); three slots.
    # A: P yes, L yes, D yes  -> everyone
    # B: P yes, L no          -> one cannot
    # C: P yes, L yes, D —    -> nobody cannot, D silent
    answers = {
        "A": {"P": True, "L": True, "D": True},
        "B": {"P": True, "L": False},
        "C": {"P": True, "L": True},
    }
    slots = [("B", t(9)), ("C", t(10)), ("A", t(14))]
    ranked = rank_slots(slots, answers, ["P", "L", "D"])
    assert [r.key for r in ranked] == ["A", "C", "B"]
    assert (ranked[0].yes, ranked[0].no, ranked[0].unanswered) == (3, 0, 0)
    assert ranked[0].everyone and not ranked[1].everyone
    assert (ranked[2].yes, ranked[2].no, ranked[2].unanswered) == (1, 1, 1)


def test_ranking_ties_go_to_the_earlier_time():
    ranked = rank_slots([("late", t(15)), ("early", t(9))], {}, ["P"])
    assert [r.key for r in ranked] == ["early", "late"]


def test_id_digits():
    assert id_digits_match("31010419900720102X", "20102x")
    assert id_digits_match("310105198503122015", "122015")
    assert not id_digits_match("310105198503122015", "22015")
    assert not id_digits_match("", "")
    assert not id_digits_match("310105198503122015", "122016")
