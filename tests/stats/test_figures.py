"""The dashboard's figures against a hand count.

Four cases of 上海市长宁区人民法院, filed online and accepted through the real services, then
dated by hand (period 2026-01-01 … 2026-06-30):

    case  accepted    closed                    in period?
    A     2026-01-10  2026-03-11 judgment (60 d) accepted, closed
    B     2026-02-01  2026-02-21 mediation (20 d) accepted, closed
    C     2026-03-01  —                          accepted, pending
    D     2025-12-01  2026-01-31 judgment (61 d) closed only

收案 3 (A B C), 结案 3 (A B D), 存案 1 (C), 结收比 100 %, average 47.0 days
((60 + 20 + 61) / 3), 审限内结案率 100 % (ordinary procedure, six months), 调解结案率 1/3,
网上立案率 3/3. Hearings: A online, B in the courtroom → 在线庭审率 50 %. A's fee is paid at the
counter (not online), B's and C's are left unpaid → 网上交费率 0/1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.fees.conftest import accept
from tests.judgments.conftest import pay
from yunting.courts.models import Courtroom
from yunting.hearings.models import Hearing
from yunting.judgments.models import Closing
from yunting.stats.selectors import court_figures, pending_count

pytestmark = pytest.mark.django_db
D = dt.date


def test_figures_equal_the_hand_count(demo, court):
    cases = {}
    for key, accepted in {
        "A": D(2026, 1, 10),
        "B": D(2026, 2, 1),
        "C": D(2026, 3, 1),
        "D": D(2025, 12, 1),
    }.items():
        case = accept(demo, court)
        type(case).objects.filter(pk=case.pk).update(accepted_on=accepted)
        case.refresh_from_db()
        cases[key] = case
    pay(demo, cases["A"])
    officer = demo["filing_officer"]
    for key, closed, method in [
        ("A", D(2026, 3, 11), "judgment"),
        ("B", D(2026, 2, 21), "mediation"),
        ("D", D(2026, 1, 31), "judgment"),
    ]:
        Closing.objects.create(case=cases[key], method=method, closed_on=closed, closed_by=officer)
    room = Courtroom.objects.filter(court=court).first()
    for key, online in (("A", True), ("B", False)):
        Hearing.objects.create(
            case=cases[key], kind="trial", courtroom=room, online=online, created_by=officer
        )

    judge = cases["A"].judge
    rows, total = court_figures(user=judge, start=D(2026, 1, 1), end=D(2026, 6, 30))
    assert [r.label for r in rows] == [court.name]
    assert total.accepted == 3
    assert total.closed == 3
    assert total.pending == 1
    assert total.closed_to_accepted == Decimal("1.0000")
    assert total.average_trial_days == Decimal("47.0")
    assert total.within_limit_rate == Decimal("1.0000")
    assert total.mediation_rate == Decimal("0.3333")
    assert total.online_filing_share == Decimal("1.0000")
    assert total.online_hearing_share == Decimal("0.5000")
    assert (total.orders_paid, total.orders_paid_online) == (1, 0)
    assert total.online_payment_share == Decimal("0.0000")
    assert pending_count(user=judge) == 1  # the workbench badge: C, open today
    # By judge: every case went to some judge of the division; the rows add up to the total.
    by_judge, _ = court_figures(user=judge, start=D(2026, 1, 1), end=D(2026, 6, 30), group="judge")
    assert sum(r.accepted for r in by_judge) == 3
    assert sum(r.closed for r in by_judge) == 3
    # A period that holds only D's closing.
    rows, total = court_figures(user=judge, start=D(2026, 1, 11), end=D(2026, 1, 31))
    assert (total.accepted, total.closed, total.pending) == (0, 1, 1)  # A open until March
    assert total.closed_to_accepted is None
    assert total.average_trial_days == Decimal("61.0")


def test_another_courts_staff_see_nothing(demo, court, jingan):
    accept(demo, court)
    staff = jingan["judge"]  # 静安's judge
    _rows, total = court_figures(user=staff, start=D(2000, 1, 1), end=D(2100, 1, 1))
    assert total.accepted == 0
