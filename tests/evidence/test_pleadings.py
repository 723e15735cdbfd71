from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunting.cases.models import ClockKind
from yunting.cases.selectors import party_clock
from yunting.efile.models import Item
from yunting.evidence import services
from yunting.evidence.errors import EvidenceError
from yunting.evidence.models import Pleading
from yunting.ledger.models import Entry
from yunting.rules.fees import compute_fee

from .conftest import DEFENDANT_ID, make_lawyer, pdf, serve

pytestmark = pytest.mark.django_db


def test_defence_within_period_stops_the_clock_and_goes_into_the_efile(setup):
    s = setup
    serve(s["case"], s["defendant"])
    pleading = services.pleading_file(
        case=s["case"], actor=s["d_lawyer"], kind="defence", text="原告所述借款已部分归还。"
    )
    assert pleading.party == s["defendant"]
    assert party_clock(party=s["defendant"], kind=ClockKind.DEFENCE).stopped_at is not None
    item = Item.objects.get(pk=pleading.efile_item_id)
    assert item.title == "答辩状：李四" and item.pages >= 1
    assert Entry.objects.filter(case_id=s["case"].id, event_type="evidence.pleading_filed").exists()


def test_counterclaim_pays_half_the_fee_in_its_own_order(setup):
    s = setup
    serve(s["case"], s["defendant"])
    pleading = services.pleading_file(
        case=s["case"],
        actor=s["d_lawyer"],
        kind="counterclaim",
        text="请求判令原告返还多付利息。",
        claim_amount=Decimal("20000"),
    )
    order = pleading.fee_order
    full = compute_fee("property", amount=Decimal("20000")).fee
    # 20,000 yuan: 50 + (20,000-10,000)×2.5% = 300 yuan; halved under Art. 18 = 150 yuan.
    assert full == Decimal("300.00")
    assert order.amount == Decimal("150.00") and order.payer == s["defendant"]
    assert order.kind == "joined_claim" and "第十八条" in str(order.breakdown)


def test_not_the_defendant_side_is_refused_and_nothing_written(setup):
    s = setup
    serve(s["case"], s["defendant"])
    with pytest.raises(EvidenceError) as exc:
        services.pleading_file(case=s["case"], actor=s["p_lawyer"], kind="defence", text="x")
    assert exc.value.code == "not_defendant_side"
    stranger = make_lawyer("13900000032", "钱律师")
    with pytest.raises(EvidenceError) as exc:
        services.pleading_file(case=s["case"], actor=stranger, kind="counterclaim", text="x")
    assert exc.value.code == "not_defendant_side"
    assert not Pleading.objects.exists()


def test_before_service_and_after_the_period_are_refused(setup):
    s = setup
    with pytest.raises(EvidenceError) as exc:
        services.pleading_file(case=s["case"], actor=s["d_lawyer"], kind="defence", text="x")
    assert exc.value.code == "not_served"
    serve(s["case"], s["defendant"], on=dt.date.today() - dt.timedelta(days=40))
    with pytest.raises(EvidenceError) as exc:
        services.pleading_file(case=s["case"], actor=s["d_lawyer"], kind="defence", text="x")
    assert exc.value.code == "defence_period_over"
    assert not Pleading.objects.exists()


def test_agent_link_needs_the_party_id_and_a_power_of_attorney(setup):
    s = setup
    other = make_lawyer("13900000032", "钱律师")
    with pytest.raises(EvidenceError) as exc:
        services.agent_link(
            case_number=s["case"].case_number,
            party_id_number="310101199001011234",
            actor=other,
            poa=pdf(),
            licence_number="1",
        )
    assert exc.value.code == "party_id_mismatch"
    with pytest.raises(EvidenceError) as exc:
        services.agent_link(
            case_number=s["case"].case_number,
            party_id_number=DEFENDANT_ID,
            actor=other,
            poa=b"not a pdf",
            licence_number="1",
        )
    assert exc.value.code == "bad_upload"
    assert not s["defendant"].agents.filter(user=other).exists()
    # the linked lawyer sees the case and the power of attorney is in the e-file
    assert Item.objects.filter(kind="power_of_attorney", title__contains="赵律师").exists()
