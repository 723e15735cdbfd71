"""Payloads of the defence and evidence exchange events, and of the in-court mediation ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.evidence.conftest import ADMIT_ALL, DEFENDANT_ID, accept_case, make_lawyer, pdf, serve
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.documents.models import IssuedDocument
from yunting.evidence import services
from yunting.evidence.events import EvidenceEvent
from yunting.evidence.models import Agreement
from yunting.evidence.services.exchange import EVIDENCE_NOTICE
from yunting.rules.deadlines import period_end

pytestmark = pytest.mark.django_db


def _at(case, actor) -> dict:
    return {"case_id": case.id, "court_id": case.court_id, "actor_id": actor.id if actor else None}


@covers(EvidenceEvent.AGENT_LINKED)
def test_agent_linked_event(demo):
    case = accept_case()
    lawyer = make_lawyer()
    poa = pdf("授权委托书")
    with recorded() as entries:
        agent = services.agent_link(
            case_number=case.case_number,
            party_id_number=DEFENDANT_ID,
            actor=lawyer,
            poa=poa,
            licence_number="13101200010000001",
        )
    entry = assert_event(
        entries,
        EvidenceEvent.AGENT_LINKED,
        {"agent": str(agent.id), "party": "李四", "name": lawyer.name},
        **_at(case, lawyer),
    )
    assert len(entry.document_hashes) == 1


@covers(EvidenceEvent.PLEADING_FILED)
def test_pleading_filed_event(setup):
    s = setup
    case = s["case"]
    serve(case, s["defendant"])
    with recorded() as entries:
        defence = services.pleading_file(
            case=case, actor=s["d_lawyer"], kind="defence", text="原告所述借款已部分归还。"
        )
    assert_event(
        entries,
        EvidenceEvent.PLEADING_FILED,
        {
            "pleading": str(defence.id),
            "kind": "defence",
            "party": "李四",
            "claim_amount": None,
            "fee_order": None,
        },
        **_at(case, s["d_lawyer"]),
    )
    with recorded() as entries:
        counter = services.pleading_file(
            case=case,
            actor=s["d_lawyer"],
            kind="counterclaim",
            text="请求判令原告返还多付利息。",
            claim_amount=Decimal("20000"),
        )
    assert counter.fee_order_id is not None
    assert [e.payload for e in entries if e.event_type == EvidenceEvent.PLEADING_FILED] == [
        {
            "pleading": str(counter.id),
            "kind": "counterclaim",
            "party": "李四",
            "claim_amount": "20000",
            "fee_order": str(counter.fee_order_id),
        }
    ]


@covers(
    EvidenceEvent.EXCHANGE_PROPOSED,
    EvidenceEvent.CONSENT_GIVEN,
    EvidenceEvent.LIMIT_SET,
    EvidenceEvent.ITEM_SUBMITTED,
    EvidenceEvent.ITEM_WITHDRAWN,
    EvidenceEvent.ROUND_OPENED,
)
def test_exchange_setup_events(setup):
    s = setup
    case, assistant = s["case"], s["assistant"]
    with recorded() as entries:
        services.exchange_propose(case=case, actor=assistant)
    assert_event(
        entries, EvidenceEvent.EXCHANGE_PROPOSED, {"mode": "pending"}, **_at(case, assistant)
    )
    with recorded() as entries:
        services.consent_give(case=case, actor=s["p_lawyer"], agreed=True)
    assert_event(
        entries,
        EvidenceEvent.CONSENT_GIVEN,
        {"party": "张三", "agreed": True, "mode": "pending"},  # 李四 has not answered yet
        **_at(case, s["p_lawyer"]),
    )
    with recorded() as entries:
        services.consent_give(case=case, actor=s["d_lawyer"], agreed=True)
    assert [e.payload for e in entries if e.event_type == EvidenceEvent.CONSENT_GIVEN] == [
        {"party": "李四", "agreed": True, "mode": "asynchronous"}
    ]

    today = timezone.localdate()
    with recorded() as entries:
        services.evidence_limit_set(case=case, actor=assistant, days=15, today=today)
    notices = [
        str(IssuedDocument.objects.get(case=case, template_code=EVIDENCE_NOTICE, recipient=p).id)
        for p in case.parties.all()
    ]
    assert_event(
        entries,
        EvidenceEvent.LIMIT_SET,
        {"due_on": period_end(today, days=15).date.isoformat(), "days": 15, "notices": notices},
        **_at(case, assistant),
    )

    data = pdf("借条")
    with recorded() as entries:
        item = services.item_submit(
            case=case,
            actor=s["p_lawyer"],
            name="借条",
            source="原告持有",
            purpose="被告向原告借款五万元",
            data=data,
            original_available=True,
        )
    entry = assert_event(
        entries,
        EvidenceEvent.ITEM_SUBMITTED,
        {
            "item": str(item.id),
            "party": "张三",
            "number": item.number,
            "name": "借条",
            "late": False,
        },
        **_at(case, s["p_lawyer"]),
    )
    assert item.number == 1 and len(entry.document_hashes) == 1
    with recorded() as entries:
        services.item_withdraw(item=item, actor=s["p_lawyer"])
    assert_event(
        entries,
        EvidenceEvent.ITEM_WITHDRAWN,
        {"item": str(item.id), "number": 1, "party": "张三"},
        **_at(case, s["p_lawyer"]),
    )
    due = today + dt.timedelta(days=7)
    with recorded() as entries:
        rnd = services.round_open(case=case, actor=assistant, kind="opinions", due_on=due)
    assert_event(
        entries,
        EvidenceEvent.ROUND_OPENED,
        {
            "round": rnd.number,
            "kind": "opinions",
            "opens_on": today.isoformat(),
            "due_on": due.isoformat(),
        },
        **_at(case, assistant),
    )
    assert rnd.number == 1


@covers(EvidenceEvent.REQUEST_MADE, EvidenceEvent.REQUEST_DECIDED)
def test_time_request_events(running):
    s = running
    case = s["case"]
    until = services.party_evidence_due(s["defendant"]) + dt.timedelta(days=10)
    with recorded() as entries:
        request = services.time_request_make(
            case=case, actor=s["d_lawyer"], kind="extension", until=until, reason="需调取银行流水"
        )
    assert_event(
        entries,
        EvidenceEvent.REQUEST_MADE,
        {
            "request": str(request.id),
            "kind": "extension",
            "party": "李四",
            "until": until.isoformat(),
            "reason": "需调取银行流水",
        },
        **_at(case, s["d_lawyer"]),
    )
    with recorded() as entries:
        services.time_request_decide(request=request, actor=s["judge"], approve=True)
    assert_event(
        entries,
        EvidenceEvent.REQUEST_DECIDED,
        {"request": str(request.id), "kind": "extension", "status": "approved"},
        **_at(case, s["judge"]),
    )


@covers(
    EvidenceEvent.OPINION_SUBMITTED,
    EvidenceEvent.POINT_RECORDED,
    EvidenceEvent.POINT_COMMENTED,
    EvidenceEvent.REPORT_ISSUED,
)
def test_opinion_point_and_report_events(running):
    s = running
    case, assistant = s["case"], s["assistant"]
    verdicts = {**ADMIT_ALL, "authenticity": "dispute"}
    op = services.opinion_save(
        item=s["p_items"][0],
        actor=s["d_lawyer"],
        verdicts=verdicts,
        reasons={"authenticity": "签名非本人所签"},
    )
    with recorded() as entries:
        services.opinion_submit(opinion=op, actor=s["d_lawyer"])
    op.refresh_from_db()
    assert_event(
        entries,
        EvidenceEvent.OPINION_SUBMITTED,
        {
            "opinion": str(op.id),
            "item": str(s["p_items"][0].id),
            "party": "李四",
            "round": s["round"].number,
            "verdicts": op.verdicts,
            "reply_to": None,
            "supersedes": None,
        },
        **_at(case, s["d_lawyer"]),
    )
    assert op.verdicts["authenticity"] == "dispute"
    with recorded() as entries:
        point = services.point_record(
            case=case,
            actor=assistant,
            title="借条是否为被告所签",
            items=[s["p_items"][0]],
            opinions=[op],
        )
    assert_event(
        entries,
        EvidenceEvent.POINT_RECORDED,
        {
            "point": str(point.id),
            "title": "借条是否为被告所签",
            "items": [str(s["p_items"][0].id)],
            "opinions": [str(op.id)],
        },
        **_at(case, assistant),
    )
    with recorded() as entries:
        services.point_comment(point=point, actor=s["p_lawyer"], text="申请笔迹鉴定")
    assert_event(
        entries,
        EvidenceEvent.POINT_COMMENTED,
        {"point": str(point.id), "party": "张三", "text": "申请笔迹鉴定"},
        **_at(case, s["p_lawyer"]),
    )
    with recorded() as entries:
        exchange = services.report_issue(case=case, actor=assistant)
    # three items (借条 disputed, 转账记录 and 还款凭证 without opinions), one point
    assert_event(
        entries,
        EvidenceEvent.REPORT_ISSUED,
        {"document": str(exchange.report_id), "items": 3, "disputed": 1, "points": 1},
        **_at(case, assistant),
    )


@covers(
    EvidenceEvent.PROPOSAL_POSTED,
    EvidenceEvent.PROPOSAL_ANSWERED,
    EvidenceEvent.AGREEMENT_DRAFTED,
    EvidenceEvent.AGREEMENT_SIGNED,
)
def test_proposal_and_agreement_events(setup):
    s = setup
    case = s["case"]
    with recorded() as entries:
        first = services.proposal_post(
            case=case, actor=s["judge"], text="被告支付三万元", visibility="all"
        )
    assert_event(
        entries,
        EvidenceEvent.PROPOSAL_POSTED,
        {"proposal": str(first.id), "visibility": "all", "party": None, "counter_of": None},
        **_at(case, s["judge"]),
    )
    with recorded() as entries:
        counter = services.proposal_post(
            case=case,
            actor=s["p_lawyer"],
            text="被告支付四万五千元",
            visibility="all",
            counter_of=first,
        )
    assert [e.payload for e in entries if e.event_type == EvidenceEvent.PROPOSAL_POSTED] == [
        {
            "proposal": str(counter.id),
            "visibility": "all",
            "party": "张三",
            "counter_of": str(first.id),
        }
    ]
    with recorded() as entries:
        services.proposal_answer(proposal=counter, actor=s["d_lawyer"], answer="accept")
    agreement = Agreement.objects.get(proposal=counter)
    assert_event(
        entries,
        EvidenceEvent.PROPOSAL_ANSWERED,
        {"proposal": str(counter.id), "party": "李四", "answer": "accept", "status": "agreed"},
        **_at(case, s["d_lawyer"]),
    )
    assert_event(
        entries,
        EvidenceEvent.AGREEMENT_DRAFTED,
        {"agreement": str(agreement.id), "sha256": agreement.sha256},
        **_at(case, None),
    )
    with recorded() as entries:
        services.agreement_sign(
            agreement=agreement, actor=s["p_lawyer"], seen_sha256=agreement.sha256, digits="013039"
        )
    assert_event(
        entries,
        EvidenceEvent.AGREEMENT_SIGNED,
        {
            "agreement": str(agreement.id),
            "party": "张三",
            "sha256": agreement.sha256,
            "identity": "id_digits",
        },
        **_at(case, s["p_lawyer"]),
    )


@covers(EvidenceEvent.PROPOSAL_WITHDRAWN)
def test_proposal_withdrawn_event(setup):
    s = setup
    proposal = services.proposal_post(
        case=s["case"], actor=s["d_lawyer"], text="被告一次性支付四万元", visibility="all"
    )
    with recorded() as entries:
        services.proposal_withdraw(proposal=proposal, actor=s["d_lawyer"])
    assert_event(
        entries,
        EvidenceEvent.PROPOSAL_WITHDRAWN,
        {"proposal": str(proposal.id)},
        **_at(s["case"], s["d_lawyer"]),
    )


@covers(
    EvidenceEvent.STATEMENT_RECEIVED,
    EvidenceEvent.STATEMENT_EFFECTIVE,
    EvidenceEvent.STATEMENT_REFUSED,
)
def test_statement_received_effective_and_refused_events(setup, demo):
    from tests.evidence.test_statement_effect import issued, serve_copy
    from yunting.evidence.models import StatementCopy
    from yunting.service.models import ServiceTask

    s = setup
    case = s["case"]
    agreement = issued(s)
    with recorded() as entries:
        serve_copy(s, demo, agreement, s["plaintiff"])
    copy = StatementCopy.objects.get(agreement=agreement, party=s["plaintiff"])
    task = ServiceTask.objects.get(document=copy.document)
    assert_event(
        entries,
        EvidenceEvent.STATEMENT_RECEIVED,
        {
            "agreement": str(agreement.id),
            "party": "张三",
            "document": str(copy.document_id),
            "service_task": str(task.id),
            "received_at": copy.received_at.isoformat(),
        },
        **_at(case, None),
    )
    with recorded() as entries:
        serve_copy(s, demo, agreement, s["defendant"])
    agreement.refresh_from_db()
    assert_event(
        entries,
        EvidenceEvent.STATEMENT_EFFECTIVE,
        {
            "agreement": str(agreement.id),
            "effective_on": agreement.effective_on.isoformat(),
            "parties": ["张三", "李四"],
        },
        **_at(case, None),
    )
    # a second agreement, refused by the defendant before its receipt
    proposal = services.proposal_post(
        case=case, actor=s["p_lawyer"], text="被告分三期支付四万五千元", visibility="all"
    )
    services.proposal_answer(proposal=proposal, actor=s["d_lawyer"], answer="accept")
    second = Agreement.objects.get(proposal=proposal)
    for user, digits in ((s["p_lawyer"], "013039"), (s["d_lawyer"], "010053")):
        services.agreement_sign(
            agreement=second, actor=user, seen_sha256=second.sha256, digits=digits
        )
    services.mediation_statement_issue(agreement=second, actor=s["judge"])
    with recorded() as entries:
        services.mediation_statement_refuse(agreement=second, actor=s["d_lawyer"], reason="反悔")
    assert_event(
        entries,
        EvidenceEvent.STATEMENT_REFUSED,
        {"agreement": str(second.id), "party": "李四", "reason": "反悔"},
        **_at(case, s["d_lawyer"]),
    )
