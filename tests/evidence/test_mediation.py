from __future__ import annotations

import hashlib

import pytest

from yunting.documents.models import IssuedDocument
from yunting.efile.models import Item
from yunting.evidence import selectors, services
from yunting.evidence.errors import EvidenceError
from yunting.evidence.events import EvidenceEvent
from yunting.evidence.models import Agreement
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_court_only_proposal_is_invisible_to_the_parties(setup):
    s = setup
    hidden = services.proposal_post(
        case=s["case"], actor=s["judge"], text="可考虑分期还款", visibility="court"
    )
    for user in (s["p_lawyer"], s["d_lawyer"]):
        viewer = selectors.viewer_for(user=user, case=s["case"])
        assert hidden not in selectors.proposals_visible(viewer=viewer, case=s["case"])
    court = selectors.viewer_for(user=s["assistant"], case=s["case"])
    assert hidden in selectors.proposals_visible(viewer=court, case=s["case"])
    with pytest.raises(EvidenceError) as exc:
        services.proposal_answer(proposal=hidden, actor=s["p_lawyer"], answer="accept")
    assert exc.value.code == "court_only"


def test_accepting_a_withdrawn_proposal_is_refused(setup):
    s = setup
    proposal = services.proposal_post(
        case=s["case"], actor=s["d_lawyer"], text="被告一次性支付四万元", visibility="all"
    )
    services.proposal_withdraw(proposal=proposal, actor=s["d_lawyer"])
    with pytest.raises(EvidenceError) as exc:
        services.proposal_answer(proposal=proposal, actor=s["p_lawyer"], answer="accept")
    assert exc.value.code == "proposal_closed"
    assert not Agreement.objects.exists()
    with pytest.raises(EvidenceError) as exc:
        services.proposal_withdraw(proposal=proposal, actor=s["p_lawyer"])
    assert exc.value.code == "not_author"


def test_counter_then_all_accept_sign_and_statement_in_the_efile(setup):
    s = setup
    first = services.proposal_post(
        case=s["case"], actor=s["judge"], text="被告支付三万元", visibility="all"
    )
    counter = services.proposal_post(
        case=s["case"],
        actor=s["p_lawyer"],
        text="被告于2027年1月31日前支付原告四万五千元，原告放弃其余诉讼请求",
        visibility="all",
        counter_of=first,
    )
    first.refresh_from_db()
    assert first.status == "countered"
    services.proposal_answer(proposal=counter, actor=s["d_lawyer"], answer="accept")
    agreement = Agreement.objects.get(proposal=counter)
    with pytest.raises(EvidenceError) as exc:
        services.mediation_statement_issue(agreement=agreement, actor=s["judge"])
    assert exc.value.code == "not_all_signed"
    seen = agreement.sha256
    with pytest.raises(EvidenceError) as exc:  # the identity re-check: the signer's own ID
        services.agreement_sign(
            agreement=agreement, actor=s["p_lawyer"], seen_sha256=seen, digits="010053"
        )
    assert exc.value.code == "signer_identity"
    with pytest.raises(EvidenceError) as exc:  # terms read before a change are not signed
        services.agreement_sign(
            agreement=agreement, actor=s["p_lawyer"], seen_sha256="0" * 64, digits="013039"
        )
    assert exc.value.code == "stale_terms"
    assert not agreement.signatures.exists()
    sig = services.agreement_sign(
        agreement=agreement, actor=s["p_lawyer"], seen_sha256=seen, digits="013039"
    )
    assert sig.sha256 == hashlib.sha256(agreement.text.encode()).hexdigest() == seen
    entry = Entry.objects.filter(event_type=EvidenceEvent.AGREEMENT_SIGNED).get()
    assert entry.payload == {
        "agreement": str(agreement.id),
        "party": s["plaintiff"].name,
        "sha256": seen,
        "identity": "id_digits",
    }
    with pytest.raises(EvidenceError) as exc:
        services.agreement_sign(
            agreement=agreement, actor=s["p_lawyer"], seen_sha256=seen, digits="013039"
        )
    assert exc.value.code == "already_signed"
    services.agreement_sign(
        agreement=agreement, actor=s["d_lawyer"], seen_sha256=seen, digits="010053"
    )
    agreement = services.mediation_statement_issue(agreement=agreement, actor=s["judge"])
    docs = IssuedDocument.objects.filter(case=s["case"], template_code="mediation_statement")
    assert docs.count() == 2 and {d.recipient for d in docs} == {s["plaintiff"], s["defendant"]}
    assert docs.first().extra["agreement"].startswith("被告于2027年1月31日前")
    assert Item.objects.filter(source="document", source_id=str(agreement.statement_id)).exists()
    with pytest.raises(EvidenceError) as exc:
        services.mediation_statement_issue(agreement=agreement, actor=s["judge"])
    assert exc.value.code == "already_issued"
