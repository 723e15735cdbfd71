"""The user model's real-name fields use the GB 11643 check-digit rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yunting.accounts.models import User, normalize_phone

VALID_ID = "310105198503122015"


def make(**kw) -> User:
    fields = {"phone": "13800138000", "name": "测试", "id_type": "citizen", "id_number": VALID_ID}
    fields.update(kw)
    return User(**fields)


def errors_of(user: User) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        user.full_clean(exclude=["password"])
    return exc.value.message_dict


@pytest.mark.django_db
def test_valid_citizen_id_passes_and_lower_case_x_is_normalised():
    make().full_clean(exclude=["password"])
    user = make(id_number="31010419900720102x")
    user.full_clean(exclude=["password"])
    assert user.id_number == "31010419900720102X"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("id_number", "fragment"),
    [
        ("310105198503122016", "校验位"),  # wrong check digit
        ("310105198502302011", "出生日期"),  # 30 February
        ("31010519850312201", "18位"),  # 17 characters
        ("3101051985031220155", "18位"),  # 19 characters
    ],
)
def test_invalid_citizen_ids_are_refused_with_a_specific_reason(id_number, fragment):
    errs = errors_of(make(id_number=id_number))
    assert any(fragment in m for m in errs["id_number"]), errs


@pytest.mark.django_db
def test_other_documents_need_a_plausible_number():
    make(id_type="passport", id_number="E12345678").full_clean(exclude=["password"])
    assert "id_number" in errors_of(make(id_type="passport", id_number="E1"))


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["12345", "23800138000", "1380013800a"])
def test_phone_must_be_a_mainland_mobile_number(phone):
    assert "phone" in errors_of(make(phone=phone))


def test_phone_normalisation_accepts_country_code_and_spaces():
    assert normalize_phone("+86 138-0013-8000") == "13800138000"
    assert normalize_phone("0086 13800138000") == "13800138000"


@pytest.mark.django_db
def test_masked_id_keeps_only_the_ends():
    assert make().masked_id_number == "310***********2015"
