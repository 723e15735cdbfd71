"""Only the head of the division reassigns, with a reason; the change is in the ledger."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.cases.factories import make_case
from yunting.accounts.models import User
from yunting.cases.assignment import case_assign_automatically, case_reassign
from yunting.cases.events import CaseEvent
from yunting.cases.models import Recusal
from yunting.courts.models import Department
from yunting.ledger.models import Entry


@pytest.fixture
def assigned_case(demo, court):
    case = make_case(court=court, actor=demo["filing_officer"])
    case.department = Department.objects.get(court=court, name="民事审判第一庭")
    case.save()
    return case_assign_automatically(case=case, actor=demo["filing_officer"])


def judges():
    return User.objects.get(phone="13900000012"), User.objects.get(phone="13900000013")


def test_the_division_head_reassigns_with_a_reason(assigned_case):
    head, other = judges()
    target = other if assigned_case.judge == head else head
    case_reassign(case=assigned_case, judge=target, actor=head, reason="原承办法官休产假")
    assigned_case.refresh_from_db()
    assert assigned_case.judge == target
    entry = Entry.objects.get(case_id=assigned_case.id, event_type=CaseEvent.REASSIGNED)
    assert entry.payload["reason"] == "原承办法官休产假"


def test_others_cannot_reassign_and_a_reason_is_required(assigned_case, demo):
    head, other = judges()
    target = other if assigned_case.judge == head else head
    before = assigned_case.judge
    with pytest.raises(ValidationError) as not_head:
        case_reassign(case=assigned_case, judge=target, actor=other, reason="想换")
    assert not_head.value.code == "not_division_head"
    with pytest.raises(ValidationError) as no_reason:
        case_reassign(case=assigned_case, judge=target, actor=head, reason="  ")
    assert no_reason.value.code == "reason_required"
    jingan_judge = User.objects.get(phone="13900000022")
    with pytest.raises(ValidationError) as other_court:
        case_reassign(case=assigned_case, judge=jingan_judge, actor=head, reason="跨院")
    assert other_court.value.code == "not_in_department"
    assigned_case.refresh_from_db()
    assert assigned_case.judge == before
    assert not Entry.objects.filter(event_type=CaseEvent.REASSIGNED).exists()


def test_a_recused_judge_cannot_be_chosen(assigned_case):
    head, other = judges()
    target = other if assigned_case.judge == head else head
    Recusal.objects.create(judge=target, party_name="张三", reason="近亲属")
    with pytest.raises(ValidationError) as recused:
        case_reassign(case=assigned_case, judge=target, actor=head, reason="调整")
    assert recused.value.code == "recused"


def test_the_form_shows_only_to_the_head_and_posts(client, assigned_case, demo):
    head, other = judges()
    target = other if assigned_case.judge == head else head
    client.force_login(other)
    assert (
        'data-testid="reassign"'
        not in client.get(assigned_case.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("cases:reassign", args=[assigned_case.id]), {"judge": target.id, "reason": "x"}
    )
    assert response.status_code == 302  # refused by the service, with a message
    assigned_case.refresh_from_db()
    assert assigned_case.judge != target
    client.force_login(head)
    assert 'data-testid="reassign"' in client.get(assigned_case.get_absolute_url()).content.decode()
    client.post(
        reverse("cases:reassign", args=[assigned_case.id]),
        {"judge": target.id, "reason": "工作量平衡"},
    )
    assigned_case.refresh_from_db()
    assert assigned_case.judge == target
    client.force_login(demo["litigant"])
    response = client.post(
        reverse("cases:reassign", args=[assigned_case.id]), {"judge": head.id, "reason": "x"}
    )
    assert response.status_code == 404
