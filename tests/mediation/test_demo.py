"""The demo shows a dispute at each stage of mediation, spread over six months for the
statistics, and loading it twice changes nothing."""

import pytest

from yunting.mediation.demo import seed_demo_mediation
from yunting.mediation.models import Dispute, DisputeStatus

pytestmark = pytest.mark.django_db


def test_demo_disputes_at_each_stage(demo, demo_password) -> None:
    assert seed_demo_mediation(demo_password) == 15
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
    # the statistics' chart: disputes received in each of the last six months
    months = {(d.year, d.month) for d in Dispute.objects.values_list("received_on", flat=True)}
    assert len(months) == 6
    confirmed = Dispute.objects.get(status=DisputeStatus.CONFIRMED)
    assert confirmed.ruling.documents.count() == 2
    converted = Dispute.objects.get(status=DisputeStatus.CONVERTED)
    assert converted.converted_filing.pre_litigation_record["undisputed_facts"]
    assert seed_demo_mediation(demo_password) == 0
    assert Dispute.objects.count() == 15
