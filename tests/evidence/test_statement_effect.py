"""The 民事调解书's legal effect (CPL Art. 100–102): effective once every party received its
copy (the service app's completed service), refused (反悔) by a party before its own receipt,
and closing by mediation held until it is effective."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.evidence.conftest import accept_case
from tests.judgments.conftest import pay
from yunting.documents.models import IssuedDocument
from yunting.evidence import services
from yunting.evidence.errors import EvidenceError
from yunting.evidence.events import EvidenceEvent
from yunting.evidence.models import Agreement, StatementCopy
from yunting.judgments.errors import JudgmentError, JudgmentErrorCode
from yunting.judgments.services import case_close
from yunting.ledger.models import Entry
from yunting.service.demo import serve_open_tasks
from yunting.service.models import ServiceTask

pytestmark = pytest.mark.django_db

TERMS = "被告于2027年1月31日前支付原告四万五千元，原告放弃其余诉讼请求"


def issued(s) -> Agreement:
    """Both sides accepted and signed; the judge issued the statement (one copy each)."""
    proposal = services.proposal_post(
        case=s["case"], actor=s["p_lawyer"], text=TERMS, visibility="all"
    )
    services.proposal_answer(proposal=proposal, actor=s["d_lawyer"], answer="accept")
    agreement = Agreement.objects.get(proposal=proposal)
    for user, digits in ((s["p_lawyer"], "013039"), (s["d_lawyer"], "010053")):
        services.agreement_sign(
            agreement=agreement, actor=user, seen_sha256=agreement.sha256, digits=digits
        )
    return services.mediation_statement_issue(agreement=agreement, actor=s["judge"])


def copy_of(agreement, party) -> IssuedDocument:
    return StatementCopy.objects.get(agreement=agreement, party=party).document


def serve_copy(s, demo, agreement, party) -> None:
    """The desk serves every open task of the case but the other parties' statement copies."""
    others = [c.document for c in agreement.copies.exclude(party=party)]
    serve_open_tasks(case=s["case"], officer=demo["service_officer"], skip=others)


def test_effective_when_every_party_received_it(setup, demo):
    s = setup
    agreement = issued(s)
    copies = list(agreement.copies.all())
    assert {c.party for c in copies} == {s["plaintiff"], s["defendant"]}
    assert all(c.received_at is None for c in copies)
    assert ServiceTask.objects.filter(document__in=[c.document for c in copies]).count() == 2
    serve_copy(s, demo, agreement, s["plaintiff"])
    agreement.refresh_from_db()
    assert agreement.effective_on is None
    first = StatementCopy.objects.get(agreement=agreement, party=s["plaintiff"])
    task = ServiceTask.objects.get(document=first.document)
    assert first.received_at == task.served_at
    assert Entry.objects.filter(event_type=EvidenceEvent.STATEMENT_RECEIVED).count() == 1
    assert not Entry.objects.filter(event_type=EvidenceEvent.STATEMENT_EFFECTIVE).exists()
    serve_copy(s, demo, agreement, s["defendant"])
    agreement.refresh_from_db()
    last = max(c.received_at for c in agreement.copies.all())
    assert agreement.effective_on == timezone.localdate(last)
    entry = Entry.objects.get(event_type=EvidenceEvent.STATEMENT_EFFECTIVE)
    assert entry.payload["effective_on"] == agreement.effective_on.isoformat()
    # in effect: nobody can refuse it any more
    with pytest.raises(EvidenceError) as exc:
        services.mediation_statement_refuse(agreement=agreement, actor=s["d_lawyer"])
    assert exc.value.code == "already_effective"


def test_refused_before_receipt_stops_the_statement(setup, demo):
    s = setup
    agreement = issued(s)
    serve_copy(s, demo, agreement, s["plaintiff"])  # the plaintiff received its copy
    with pytest.raises(EvidenceError) as exc:  # after its own receipt: too late
        services.mediation_statement_refuse(agreement=agreement, actor=s["p_lawyer"])
    assert exc.value.code == "already_received"
    agreement = services.mediation_statement_refuse(
        agreement=agreement, actor=s["d_lawyer"], reason="无力一次性支付"
    )
    agreement.refresh_from_db()
    assert agreement.refused_by == s["defendant"] and agreement.refused_at is not None
    assert agreement.refusal_reason == "无力一次性支付"
    entry = Entry.objects.get(event_type=EvidenceEvent.STATEMENT_REFUSED)
    assert entry.payload == {
        "agreement": str(agreement.id),
        "party": s["defendant"].name,
        "reason": "无力一次性支付",
    }
    assert entry.actor_id == s["d_lawyer"].id
    # the defendant's copy is no longer served; a later service never makes it effective
    task = ServiceTask.objects.get(document=copy_of(agreement, s["defendant"]))
    assert task.status == "withdrawn" and "反悔" in task.withdrawn_reason
    agreement.refresh_from_db()
    assert agreement.effective_on is None
    with pytest.raises(EvidenceError) as exc:  # twice
        services.mediation_statement_refuse(agreement=agreement, actor=s["d_lawyer"])
    assert exc.value.code == "already_refused"
    assert Entry.objects.filter(event_type=EvidenceEvent.STATEMENT_REFUSED).count() == 1


def test_refusal_by_a_stranger_or_for_another_party_is_refused(setup):
    from tests.evidence.conftest import make_lawyer

    s = setup
    agreement = issued(s)
    stranger = make_lawyer("13900000032", "钱律师")
    with pytest.raises(EvidenceError) as exc:
        services.mediation_statement_refuse(agreement=agreement, actor=stranger)
    assert exc.value.code == "not_a_party"
    with pytest.raises(EvidenceError) as exc:  # the plaintiff's lawyer for the defendant
        services.mediation_statement_refuse(
            agreement=agreement, actor=s["p_lawyer"], party=s["defendant"]
        )
    assert exc.value.code == "not_a_party"
    with pytest.raises(EvidenceError) as exc:  # the judge is no party
        services.mediation_statement_refuse(agreement=agreement, actor=s["judge"])
    assert exc.value.code == "not_a_party"
    agreement.refresh_from_db()
    assert agreement.refused_at is None
    assert not Entry.objects.filter(event_type=EvidenceEvent.STATEMENT_REFUSED).exists()


def test_refusal_before_the_statement_is_issued(setup):
    s = setup
    proposal = services.proposal_post(
        case=s["case"], actor=s["p_lawyer"], text=TERMS, visibility="all"
    )
    services.proposal_answer(proposal=proposal, actor=s["d_lawyer"], answer="accept")
    agreement = Agreement.objects.get(proposal=proposal)
    with pytest.raises(EvidenceError) as exc:
        services.mediation_statement_refuse(agreement=agreement, actor=s["d_lawyer"])
    assert exc.value.code == "not_issued"


def test_closing_by_mediation_waits_for_the_effect(setup, demo):
    s = setup
    case = s["case"]
    pay(demo, case)
    agreement = issued(s)
    serve_copy(s, demo, agreement, s["plaintiff"])
    with pytest.raises(JudgmentError) as exc:
        case_close(case=case, actor=s["judge"], method="mediation")
    assert exc.value.code == JudgmentErrorCode.CLOSE_BLOCKED
    assert exc.value.messages[0].startswith("调解书尚未发生法律效力")
    serve_copy(s, demo, agreement, s["defendant"])
    closing = case_close(case=case, actor=s["judge"], method="mediation")
    assert closing.method == "mediation"


def test_after_a_refusal_the_case_is_not_closed_by_mediation(setup, demo):
    s = setup
    case = s["case"]
    pay(demo, case)
    agreement = issued(s)
    services.mediation_statement_refuse(agreement=agreement, actor=s["d_lawyer"])
    serve_open_tasks(case=case, officer=demo["service_officer"])  # nothing left for the copies
    with pytest.raises(JudgmentError) as exc:
        case_close(case=case, actor=s["judge"], method="mediation")
    assert exc.value.messages == [
        f"{s['defendant'].name}在收到调解书前反悔，调解不成，本案应当及时判决（民事诉讼法第一百零二条）。"
    ]
    agreement.refresh_from_db()
    assert agreement.effective_on is None
    # the statement's copies no longer block the judgment's closing
    assert not ServiceTask.objects.filter(
        document__in=[c.document for c in agreement.copies.all()],
        status__in=("pending", "dispatched", "failed"),
    ).exists()


def test_refuse_on_the_page_and_another_case_agreement_is_404(setup, client):
    from .conftest import make_lawyer

    s = setup
    agreement = issued(s)
    url = f"/evidence/cases/{s['case'].id}/agreements/{agreement.id}/"
    client.force_login(make_lawyer("13900000032", "钱律师"))  # no part in the case
    assert client.post(url, {"action": "refuse", "confirm_refusal": "on"}).status_code == 404
    client.force_login(s["d_lawyer"])
    page = client.get(f"/evidence/cases/{s['case'].id}/").content.decode()
    assert 'data-testid="refuse-statement"' in page and "尚未签收" in page
    # an agreement id of another case, through this case's address
    other = accept_case()
    foreign = f"/evidence/cases/{other.id}/agreements/{agreement.id}/"
    assert client.post(foreign, {"action": "refuse", "confirm_refusal": "on"}).status_code == 404
    r = client.post(url, {"action": "refuse"}, follow=True)  # not confirmed
    assert "请勾选确认" in r.content.decode()
    agreement.refresh_from_db()
    assert agreement.refused_at is None
    r = client.post(url, {"action": "refuse", "confirm_refusal": "on"}, follow=True)
    body = r.content.decode()
    assert "你已对调解书反悔" in body and 'data-status="refused"' in body
    agreement.refresh_from_db()
    assert agreement.refused_by == s["defendant"]
