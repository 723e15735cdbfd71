"""Every filing service that acts for the filer checks, itself, that the user owns the filing:
the views (and the API) trust the services. A stranger, another party and even a filing
officer of the court (who may *read* the filing) are refused with ``not_yours`` and nothing
changes: not the filing, not its parties, claims or attachments, not the ledger."""

from __future__ import annotations

import pytest

from tests.filing.factories import cached_pdf, complete_filing
from yunting.accounts.models import User
from yunting.filing import services
from yunting.filing.errors import FilingError
from yunting.filing.models import Filing
from yunting.filing.services import PartyInput
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db

PARTY = PartyInput(
    role="defendant",
    kind="person",
    name="李四",
    id_number="31010419900720102X",
    address="上海市静安区武定路1号",
)


def _call(name: str, filing: Filing, user: User, court) -> None:
    party = filing.parties.order_by("position").first()
    claim = filing.claims.order_by("position").first()
    attachment = filing.attachments.order_by("uploaded_at").first()
    calls = {
        "filing_update_basics": lambda: services.filing_update_basics(
            filing=filing, user=user, court=court, cause_name="买卖合同纠纷", facts="改写"
        ),
        "filing_add_party": lambda: services.filing_add_party(filing=filing, user=user, data=PARTY),
        "filing_remove_party": lambda: services.filing_remove_party(party=party, user=user),
        "filing_add_claim": lambda: services.filing_add_claim(
            filing=filing, user=user, text="判令被告赔偿损失", amount=None
        ),
        "filing_remove_claim": lambda: services.filing_remove_claim(claim=claim, user=user),
        "filing_add_attachment": lambda: services.filing_add_attachment(
            filing=filing, user=user, kind="evidence", name="证据.pdf", data=cached_pdf("证据")
        ),
        "filing_remove_attachment": lambda: services.filing_remove_attachment(
            attachment=attachment, user=user
        ),
        "filing_submit": lambda: services.filing_submit(filing=filing, user=user),
    }
    calls[name]()


def _state(filing: Filing) -> tuple:
    filing = Filing.objects.get(pk=filing.pk)
    return (
        filing.status,
        filing.cause_name,
        filing.facts,
        filing.number,
        sorted(filing.parties.values_list("name", flat=True)),
        sorted(filing.claims.values_list("text", flat=True)),
        sorted(filing.attachments.values_list("sha256", flat=True)),
        Entry.objects.count(),
    )


SERVICES = [
    "filing_update_basics",
    "filing_add_party",
    "filing_remove_party",
    "filing_add_claim",
    "filing_remove_claim",
    "filing_add_attachment",
    "filing_remove_attachment",
    "filing_submit",
]


@pytest.mark.parametrize("name", SERVICES)
def test_a_filing_service_refuses_a_user_who_does_not_own_the_filing(demo, court, name):
    filing = complete_filing(user=demo["litigant"], court=court)
    before = _state(filing)
    outsiders = [
        User.objects.get(phone="13900000002"),  # 李四: another litigant
        demo["lawyer"],  # a lawyer, but not on this filing
        demo["filing_officer"],  # sees the filing, does not own it
    ]
    for outsider in outsiders:
        with pytest.raises(FilingError) as refused:
            _call(name, filing, outsider, court)
        assert refused.value.code == "not_yours", (name, outsider.name)
    assert _state(filing) == before
    # The owner may (the positive twin: the refusal is about the user, not the call).
    _call(name, filing, demo["litigant"], court)
    assert _state(filing) != before


@pytest.mark.parametrize("service", ["guided_save_step", "guided_generate"])
def test_a_guided_filing_refuses_a_user_who_does_not_own_it(demo, court, service):
    from yunting.filing.guided import services as guided

    filing = guided.guided_start(user=demo["litigant"], court=court, kind="private_lending")
    before = (Filing.objects.get(pk=filing.pk).guided_answers, Entry.objects.count())
    for outsider in (User.objects.get(phone="13900000002"), demo["filing_officer"]):
        with pytest.raises(FilingError) as refused:
            if service == "guided_save_step":
                guided.guided_save_step(filing=filing, user=outsider, step="parties", data={})
            else:
                guided.guided_generate(filing=filing, user=outsider)
        assert refused.value.code == "not_yours"
    assert (Filing.objects.get(pk=filing.pk).guided_answers, Entry.objects.count()) == before
