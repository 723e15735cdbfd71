"""The demo's litigant 张三 sees the cases that name him as plaintiff, and what he owes; the
printed login table lines up in a terminal (Chinese characters take two columns)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from django.core.management import call_command
from django.urls import reverse

from yunting.accounts.models import User
from yunting.cases.errors import CaseError
from yunting.cases.selectors import case_list_for_user
from yunting.cases.services import party_link_account
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_zhang_san_sees_his_cases_and_the_fee_he_owes(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    zhang = User.objects.get(phone="13900000001")
    cases = list(case_list_for_user(user=zhang))
    # the filing demo's two accepted cases, and the early-warning demo's cases he brought
    assert len(cases) >= 2
    assert all(zhang in [p.user for p in c.parties.filter(role="plaintiff")] for c in cases)
    linked = Entry.objects.filter(event_type="cases.party_linked")
    linked_cases = {e.case_id for e in linked if e.payload["user"] == str(zhang.id)}
    assert linked_cases and linked_cases <= {c.id for c in cases}

    client.force_login(zhang)
    page = client.get(reverse("portal:home")).content.decode()
    filing_demo = [c for c in cases if c.id in linked_cases and c.fee_orders.count() == 1]
    assert len(filing_demo) >= 2
    for case in filing_demo[:2]:
        assert case.case_number in page
        order = case.fee_orders.get()
        assert f"待交费 ¥{order.amount:,.2f}" in page
        assert order.get_absolute_url() in page


def test_the_login_table_is_aligned():
    out = io.StringIO()
    call_command("seed_demo", "--no-filings", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if re.search(r"\b139\d{8}\b", line)]
    assert len(rows) > 10
    starts = {_columns(line[: line.index("139")]) for line in rows}
    assert len(starts) == 1, out.getvalue()
    names_end = {_columns(line[: re.search(r"139\d{8}\s+\S+\s*", line).end()]) for line in rows}
    assert len(names_end) == 1, out.getvalue()


def test_a_party_is_linked_only_to_the_person_it_names(demo, court):
    from tests.cases.factories import make_case

    case = make_case(court=court)
    party = case.parties.get(role="plaintiff")  # 张三's ID number
    with pytest.raises(CaseError) as raised:
        party_link_account(party=party, user=demo["lawyer"], actor=None)
    assert raised.value.code == "party_not_this_person"
    assert (
        party_link_account(party=party, user=demo["litigant"], actor=None).user == demo["litigant"]
    )
