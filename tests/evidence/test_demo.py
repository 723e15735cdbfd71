import pytest

from yunting.evidence.demo import seed_demo_evidence
from yunting.evidence.models import Exchange

pytestmark = pytest.mark.django_db


def test_demo_case_is_mid_exchange_with_a_report(demo):
    number = seed_demo_evidence()
    exchange = Exchange.objects.get(case__case_number=number)
    assert exchange.mode == "asynchronous" and exchange.report is not None
    assert exchange.points.count() == 1
    assert seed_demo_evidence() is None  # idempotent
