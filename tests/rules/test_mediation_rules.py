"""Online mediation clocks (《人民法院在线调解规则》Art. 10, 24) over the 2025 National Day
holiday (1–8 October off; Sunday 28 September and Saturday 11 October worked), the ranking of
mediators and the matters excluded from judicial confirmation."""

import datetime as dt

import pytest

from yunting.rules import mediation as m
from yunting.rules.errors import RuleError

D = dt.date


def test_designation_within_three_working_days_across_national_day() -> None:
    # Received Tuesday 30 September: 9, 10 October, then Saturday 11 October (a make-up day).
    assert m.designation_due(D(2025, 9, 30)) == D(2025, 10, 11)
    # Received Friday 26 September: Sunday 28 (make-up day), Monday 29, Tuesday 30.
    assert m.designation_due(D(2025, 9, 26)) == D(2025, 9, 30)


def test_joint_choice_within_two_working_days_across_national_day() -> None:
    assert m.joint_choice_due(D(2025, 9, 30)) == D(2025, 10, 10)
    assert m.joint_choice_due(D(2025, 9, 26)) == D(2025, 9, 29)
    # Ordinary week: Monday → Wednesday.
    assert m.joint_choice_due(D(2025, 11, 3)) == D(2025, 11, 5)


def test_assignment_outside_the_clock_is_flagged() -> None:
    assert not m.assignment_is_late(D(2025, 9, 30), D(2025, 10, 11))
    assert m.assignment_is_late(D(2025, 9, 30), D(2025, 10, 13))
    # Counting calendar days would have made 3 October the limit; the holiday does not count.
    assert not m.assignment_is_late(D(2025, 9, 30), D(2025, 10, 9))


def test_mediation_periods_and_extensions() -> None:
    # 30 days from 1 September end on 1 October, a holiday → Thursday 9 October.
    assert m.mediation_period_end(D(2025, 9, 1)) == D(2025, 10, 9)
    assert m.mediation_period_end(D(2025, 11, 3)) == D(2025, 12, 3)
    assert m.mediation_period_end(D(2025, 11, 3), stage="ordinary") == D(2025, 11, 18)
    assert m.mediation_period_end(D(2025, 11, 3), stage="summary") == D(2025, 11, 10)
    # Extensions by consent add up.
    assert m.mediation_period_end(D(2025, 11, 3), extension_days=[10, 5]) == D(2025, 12, 18)
    with pytest.raises(RuleError):
        m.mediation_period_end(D(2025, 11, 3), extension_days=[0])
    with pytest.raises(RuleError):
        m.mediation_period_end(D(2025, 11, 3), stage="appeal")


def test_ranking_speciality_then_region_then_caseload() -> None:
    a = m.Candidate("a", frozenset({"lending"}), "向阳街道", 5, "甲")
    b = m.Candidate("b", frozenset({"lending"}), "", 1, "乙")
    c = m.Candidate("c", frozenset({"traffic"}), "向阳街道", 0, "丙")
    d = m.Candidate("d", frozenset({"lending"}), "向阳街道", 2, "丁")
    ranked = m.rank_mediators([a, b, c, d], speciality="lending", region="向阳街道")
    assert [x.key for x in ranked] == ["d", "a", "b", "c"]
    # Without a region: the lightest caseload among the specialists.
    ranked = m.rank_mediators([a, b, c, d], speciality="lending", region="")
    assert [x.key for x in ranked] == ["b", "d", "a", "c"]


def test_excluded_matters_give_the_reason() -> None:
    reason = m.excluded_reason(text="双方同意解除婚姻关系，子女由女方抚养。")
    assert reason is not None and "身份关系" in reason and "第三百五十五条" in reason
    assert "物权" in m.excluded_reason(concerns="title")
    assert m.excluded_reason(text="李四于12月31日前归还借款20000元。") is None
    with pytest.raises(RuleError) as exc:
        m.excluded_reason(concerns="nonsense")
    assert exc.value.code == "bad_matter"
