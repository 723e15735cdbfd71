import datetime as dt

import pytest

from yunting.documents.dates import chinese_date, chinese_number


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2026, 11, 23), "二〇二六年十一月二十三日"),
        (dt.date(2026, 1, 1), "二〇二六年一月一日"),
        (dt.date(2020, 10, 10), "二〇二〇年十月十日"),
        (dt.date(2019, 12, 31), "二〇一九年十二月三十一日"),
        (dt.date(2000, 2, 29), "二〇〇〇年二月二十九日"),
        (dt.date(2031, 5, 20), "二〇三一年五月二十日"),
        (dt.date(2026, 3, 11), "二〇二六年三月十一日"),
    ],
)
def test_chinese_date(date, text):
    assert chinese_date(date) == text


def test_chinese_date_of_datetime_uses_its_date():
    assert chinese_date(dt.datetime(2026, 11, 23, 23, 59)) == "二〇二六年十一月二十三日"


def test_every_day_of_a_year_is_pure_chinese():
    allowed = set("〇一二三四五六七八九十年月日")
    day = dt.date(2026, 1, 1)
    seen = set()
    while day.year == 2026:
        text = chinese_date(day)
        assert set(text) <= allowed
        assert "十十" not in text and not text.endswith("〇日")
        seen.add(text)
        day += dt.timedelta(days=1)
    assert len(seen) == 365


def test_chinese_number_bounds():
    assert chinese_number(1) == "一"
    assert chinese_number(10) == "十"
    assert chinese_number(21) == "二十一"
    with pytest.raises(ValueError):
        chinese_number(0)
    with pytest.raises(TypeError):
        chinese_date("2026-11-23")
