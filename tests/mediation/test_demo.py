"""The demo shows a dispute at each stage of mediation, and loading it twice changes nothing."""

import pytest

from yunting.mediation.demo import seed_demo_mediation
from yunting.mediation.models import Dispute, DisputeStatus

pytestmark = pytest.mark.django_db


def test_demo_disputes_at_each_stage(demo, demo_password) -> None:
    assert seed_demo_mediation(demo_password) == 7
    statuses = set(Dispute.objects.values_list("status", flat=True))
    assert statuses >= {
        DisputeStatus.RECEIVED,
        DisputeStatus.MEDIATING,
        DisputeStatus.AGREED,
        DisputeStatus.CONFIRMATION,
        DisputeStatus.CONFIRMED,
        DisputeStatus.REFUSED,
        DisputeStatus.CONVERTED,
    }
    confirmed = Dispute.objects.get(status=DisputeStatus.CONFIRMED)
    assert confirmed.ruling.documents.count() == 2
    converted = Dispute.objects.get(status=DisputeStatus.CONVERTED)
    assert converted.converted_filing.pre_litigation_record["undisputed_facts"]
    assert seed_demo_mediation(demo_password) == 0
    assert Dispute.objects.count() == 7
