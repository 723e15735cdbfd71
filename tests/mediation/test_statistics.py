"""Mediation statistics: exact figures over disputes received in several months with every
outcome, the range filter, the grouping, scoping to the coordinator's court, the page and CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yunting.mediation import services
from yunting.mediation.models import Dispute
from yunting.mediation.statistics import mediation_figures, share_shown

pytestmark = pytest.mark.django_db

D = dt.date


def _on(d: Dispute, day: dt.date) -> Dispute:
    Dispute.objects.filter(pk=d.pk).update(received_on=day)
    d.refresh_from_db()
    return d


def _assigned(register, people, network, **kw) -> Dispute:
    d = register(**kw)
    services.dispute_answer_invitation(dispute=d, user=people["li"], accept=True)
    services.dispute_assign(dispute=d, actor=people["coordinator"], mediator=network[1])
    d.refresh_from_db()
    return d


def _agree(d: Dispute, people) -> None:
    a = services.agreement_draft(
        dispute=d, actor=people["liu"], text="李四于2026年12月31日前归还张三借款20000元。"
    )
    for u in ("zhang", "li"):
        services.agreement_sign(agreement=a, user=people[u], seen_sha256=a.sha256)
    d.refresh_from_db()


@pytest.fixture
def spread(register, people, network, settings, tmp_path):
    """July: agreed, confirmed, sent to filing; September: agreed, withdrawn, refused (by the
    other side); November: two still open (one mediating, one waiting); May: one agreed,
    outside the ranges the tests ask for unless they say so."""
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    july = D(2026, 7, 15)
    d = _assigned(register, people, network)
    _agree(d, people)
    _on(d, july)
    d = _assigned(register, people, network, cause="金融借款合同纠纷")
    _agree(d, people)
    services.confirmation_apply(dispute=d, user=people["zhang"])
    d.refresh_from_db()
    services.confirmation_rule(
        dispute=d, judge=d.confirmation_case.judge or people["judge"], confirm=True
    )
    _on(d, D(2026, 7, 31))
    d = register()
    services.dispute_convert(dispute=d, actor=people["coordinator"], reason="对方不愿调解。")
    _on(d, D(2026, 7, 1))
    d = _assigned(register, people, network)
    _agree(d, people)
    _on(d, D(2026, 9, 2))
    d = register()
    services.dispute_withdraw(dispute=d, user=people["zhang"], reason="已自行和解。")
    _on(d, D(2026, 9, 20))
    d = register(speciality="traffic", cause="机动车交通事故责任纠纷")
    services.dispute_answer_invitation(dispute=d, user=people["li"], accept=False)
    _on(d, D(2026, 9, 30))
    _on(_assigned(register, people, network), D(2026, 11, 3))
    _on(register(), D(2026, 11, 30))
    d = _assigned(register, people, network)
    _agree(d, people)
    _on(d, D(2026, 5, 31))


def _row(rows, label):
    return next(r for r in rows if r.label == label)


def _numbers(r) -> tuple:
    return (
        r.received,
        r.open,
        r.resolved,
        r.confirmed,
        r.converted,
        r.withdrawn,
        r.ended_otherwise,
    )


def test_figures_by_month_with_every_outcome(spread, people) -> None:
    rows, total = mediation_figures(
        user=people["coordinator"], start=D(2026, 7, 1), end=D(2026, 11, 30), by="month"
    )
    assert [r.label for r in rows] == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    july, aug, sept, _october, nov = rows
    assert _numbers(july) == (3, 0, 2, 1, 1, 0, 0)
    assert july.resolved_share == Decimal("0.6667")
    assert share_shown(july.resolved_share) == "66.7%"
    assert _numbers(aug) == (0, 0, 0, 0, 0, 0, 0) and aug.resolved_share is None
    assert share_shown(aug.resolved_share) == "—"
    assert _numbers(sept) == (3, 0, 1, 0, 0, 1, 1)
    assert share_shown(sept.resolved_share) == "33.3%"
    assert _numbers(nov) == (2, 2, 0, 0, 0, 0, 0) and nov.resolved_share is None
    assert _numbers(total) == (8, 2, 3, 1, 1, 1, 1)
    # 诉前化解率 = resolved / closed = 3 / (8 − 2)
    assert total.closed == 6 and share_shown(total.resolved_share) == "50.0%"


def test_the_range_filter_and_the_other_periods(spread, people) -> None:
    coordinator = people["coordinator"]
    _rows, total = mediation_figures(
        user=coordinator, start=D(2026, 7, 31), end=D(2026, 9, 20), by="month"
    )
    # 31 July: the confirmed one; September up to the 20th: agreed and withdrawn.
    assert _numbers(total) == (3, 0, 2, 1, 0, 1, 0)
    rows, total = mediation_figures(
        user=coordinator, start=D(2026, 1, 1), end=D(2026, 12, 31), by="quarter"
    )
    assert [(r.label, r.received, r.resolved) for r in rows] == [
        ("2026年1季度", 0, 0),
        ("2026年2季度", 1, 1),
        ("2026年3季度", 6, 3),
        ("2026年4季度", 2, 0),
    ]
    rows, _total = mediation_figures(
        user=coordinator, start=D(2025, 6, 1), end=D(2026, 12, 31), by="year"
    )
    assert [(r.label, r.received) for r in rows] == [("2025", 0), ("2026", 9)]


def test_figures_by_organisation_mediator_and_cause(spread, people, network) -> None:
    coordinator = people["coordinator"]
    start, end = D(2026, 7, 1), D(2026, 11, 30)
    rows, _t = mediation_figures(user=coordinator, start=start, end=end, by="organisation")
    bank = _row(rows, network[1].organisation.name)
    assert _numbers(bank) == (4, 1, 3, 1, 0, 0, 0)
    assert share_shown(bank.resolved_share) == "100.0%"
    nobody = _row(rows, "尚未指定")
    assert _numbers(nobody) == (4, 1, 0, 0, 1, 1, 1)
    rows, _t = mediation_figures(user=coordinator, start=start, end=end, by="mediator")
    assert _numbers(_row(rows, network[1].user.name))[:3] == (4, 1, 3)
    rows, _t = mediation_figures(user=coordinator, start=start, end=end, by="cause")
    assert [(r.label, r.received) for r in rows] == [
        ("民间借贷纠纷", 6),
        ("机动车交通事故责任纠纷", 1),
        ("金融借款合同纠纷", 1),
    ]


def test_figures_are_grouped_queries_not_a_loop_over_disputes(spread, people) -> None:
    for by in ("month", "organisation", "cause"):
        with CaptureQueriesContext(connection) as queries:
            mediation_figures(
                user=people["coordinator"], start=D(2026, 1, 1), end=D(2026, 12, 31), by=by
            )
        # the user's courts (staff assignments), the rows, the total: whatever the disputes.
        assert len(queries) <= 4, [q["sql"] for q in queries]


def test_another_courts_coordinator_sees_none_of_them(spread, people) -> None:
    from yunting.accounts.models import User

    other = User.objects.get(phone="13900000021")  # filing officer of 沪0106
    rows, total = mediation_figures(user=other, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert total.received == 0 and all(r.received == 0 for r in rows)
    _r, total = mediation_figures(user=people["zhang"], start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert total.received == 0
    c = Client()
    c.force_login(people["liu"])  # a mediator of an organisation, not a coordinator
    assert c.get(reverse("mediation:statistics")).status_code == 404
    c.force_login(people["zhang"])
    assert c.get(reverse("mediation:statistics")).status_code == 404


def test_page_shows_the_share_and_bad_dates_are_form_errors(spread, people) -> None:
    c = Client()
    c.force_login(people["coordinator"])
    url = reverse("mediation:statistics")
    page = c.get(url, {"from": "2026-07-01", "to": "2026-11-30"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="resolved-share">50.0%<' in html
    assert "<svg" in html and "aria-label=" in html
    assert "<title>2026-07：收到 3 件，化解 2 件</title>" in html  # each bar, for screen readers
    assert "2026-07" in html
    bad_ranges = (
        {"from": "2026-13-01"},
        {"to": "yesterday"},
        {"from": "2026-09-01", "to": "2026-08-01"},
    )
    for bad in bad_ranges:
        page = c.get(url, bad)
        assert page.status_code == 200
        html = page.content.decode()
        assert "field-error" in html and "resolved-share" not in html
    page = c.get(url, {"from": "2000-01-01", "to": "2026-01-01"})
    assert "十年" in page.content.decode()
    assert c.get(url, {"by": "planet"}).status_code == 200
    assert c.get(reverse("mediation:statistics_csv"), {"to": "x"}).status_code == 400


def test_csv_is_the_table(spread, people) -> None:
    c = Client()
    c.force_login(people["coordinator"])
    response = c.get(
        reverse("mediation:statistics_csv"), {"from": "2026-07-01", "to": "2026-09-30"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "2026-07-01 — 2026-09-30"
    assert lines[1].split(",") == [
        "",
        "收到纠纷",
        "尚未结束",
        "调解成功",
        "其中司法确认",
        "转入立案",
        "申请人撤回",
        "其他终结（拒绝调解等）",
        "诉前化解率",
    ]
    assert lines[2] == "2026-07,3,0,2,1,1,0,0,66.7%"
    assert lines[-1].startswith("合计,6,0,3,1,1,1,1,")
