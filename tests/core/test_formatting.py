"""One helper for every date and time people see: Beijing time, never UTC, in the reader's
language; payment (and so receipt) numbers carry the Beijing date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from yunting.core import formatting

LATE_UTC = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)  # 2026-12-02 01:30 in Beijing


def test_a_late_utc_evening_is_the_next_day_in_beijing():
    with translation.override("zh-hans"):
        assert formatting.format_datetime(LATE_UTC) == "2026年12月2日 01:30"
        assert formatting.format_date(LATE_UTC) == "2026年12月2日"
        assert formatting.format_date(dt.date(2026, 12, 2)) == "2026年12月2日"
    with translation.override("en"):
        assert formatting.format_datetime(LATE_UTC) == "2 Dec 2026 01:30"
        assert formatting.format_datetime(LATE_UTC, seconds=True) == "2 Dec 2026 01:30:00"
        assert formatting.format_date(dt.date(2026, 1, 9)) == "9 Jan 2026"


def test_iso_text_from_a_report_shows_in_beijing_time_not_utc():
    """The verification report carries ISO 8601 text (``…+00:00``); the page shows Beijing."""
    template = Template("{% load yunting_format %}{{ t|local_datetime }} / {{ t|cn_date }}")
    with translation.override("zh-hans"):
        shown = template.render(Context({"t": LATE_UTC.isoformat()}))
    assert shown == "2026年12月2日 01:30 / 2026年12月2日 01:30"
    assert "+00:00" not in shown


def test_punctuation_follows_the_language():
    template = Template("{% load yunting_format %}原告{% colon %}张三{% lparen %}x{% rparen %}")
    with translation.override("zh-hans"):
        assert template.render(Context()) == "原告：张三（x）"
    with translation.override("en"):
        assert template.render(Context()) == "原告: 张三 (x)"


def test_a_legal_basis_reads_in_english():
    cited = "《诉讼费用交纳办法》第十三条第（二）项第1目"
    with translation.override("en"):
        assert formatting.legal_basis(cited) == (
            "Measures on the Payment of Litigation Costs, Art. 13(2)(1)"
        )
        assert formatting.legal_basis("《民法典》第六百八十条") == "Civil Code, Art. 680"
    with translation.override("zh-hans"):
        assert formatting.legal_basis(cited) == cited


@pytest.mark.django_db
def test_payment_numbers_carry_the_beijing_date(monkeypatch):
    from yunting.fees.services.common import new_trade_no

    monkeypatch.setattr(timezone, "now", lambda: LATE_UTC)
    assert new_trade_no().startswith("YT20261202013000")
