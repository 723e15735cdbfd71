from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yunting.courts.models import Court, CourtLevel, court_level_for_code
from yunting.courts.services import court_ensure


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("最高法", CourtLevel.SUPREME),
        ("沪", CourtLevel.HIGH),
        ("沪01", CourtLevel.INTERMEDIATE),
        ("沪0105", CourtLevel.BASIC),
    ],
)
def test_level_follows_the_court_code(code, level):
    assert court_level_for_code(code) == level


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "X01", "沪1", "沪010", "沪010500", "上海"])
def test_malformed_court_codes_are_refused(code):
    with pytest.raises(ValidationError) as exc:
        Court(name="某法院", code=code, level="basic").full_clean()
    assert "code" in exc.value.message_dict


def test_a_basic_court_sits_under_an_intermediate_court(demo):
    high = Court.objects.get(code="沪")
    with pytest.raises(ValidationError) as exc:
        court_ensure(code="沪0199", name="测试法院", parent=high)
    assert "parent" in exc.value.message_dict


def test_demo_hierarchy(demo):
    basic = Court.objects.get(code="沪0105")
    assert basic.parent.code == "沪01" and basic.parent.parent.code == "沪"
    assert basic.departments.filter(name="立案庭").exists()
    assert basic.courtrooms.count() == 3
