"""Payloads of the mediation events, from registration to confirmation, conversion, withdrawal;
and the filing's events when a filing waits in mediation."""

from __future__ import annotations

import pytest

from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.filing.events import FilingEvent
from yunting.mediation import services
from yunting.mediation.events import MediationEvent
from yunting.mediation.models import PartySide

pytestmark = pytest.mark.django_db


def _head(d) -> dict:
    return {"dispute": str(d.id), "number": d.number}


def _at(d, actor) -> dict:
    return {"court_id": d.court_id, "actor_id": actor.id}


@covers(
    MediationEvent.REGISTERED,
    MediationEvent.INVITED,
    MediationEvent.MEDIATOR_CHOSEN,
    MediationEvent.CONSENTED,
    MediationEvent.ASSIGNED,
    MediationEvent.STARTED,
)
def test_registration_consent_and_assignment_events(register, people, network):
    zhang, li, coordinator = people["zhang"], people["li"], people["coordinator"]
    with recorded() as entries:
        d = register()
    respondent = d.parties.get(side=PartySide.RESPONDENT)
    d.refresh_from_db()
    assert_event(
        entries,
        MediationEvent.REGISTERED,
        _head(d)
        | {
            "origin": d.origin,
            "cause": "民间借贷纠纷",
            "filing": None,
            "designation_due": d.designation_due.isoformat(),
            "joint_choice_due": d.joint_choice_due.isoformat(),
        },
        **_at(d, zhang),
    )
    assert_event(
        entries,
        MediationEvent.INVITED,
        _head(d) | {"party": str(respondent.id), "channels": ["sms"]},  # a phone, no e-mail
        **_at(d, zhang),
    )

    with recorded() as entries:
        services.dispute_choose_mediator(dispute=d, user=zhang, mediator=network[0])
    applicant = d.parties.get(side=PartySide.APPLICANT)
    assert_event(
        entries,
        MediationEvent.MEDIATOR_CHOSEN,
        _head(d) | {"party": str(applicant.id), "mediator": str(network[0].id)},
        **_at(d, zhang),
    )

    with recorded() as entries:
        services.dispute_answer_invitation(dispute=d, user=li, accept=True)
    assert_event(
        entries, MediationEvent.CONSENTED, _head(d) | {"party": str(respondent.id)}, **_at(d, li)
    )

    with recorded() as entries:
        services.dispute_assign(dispute=d, actor=coordinator, mediator=network[1])
    d.refresh_from_db()
    assert_event(
        entries,
        MediationEvent.ASSIGNED,
        _head(d)
        | {
            "mediator": str(network[1].id),
            "method": "coordinator",
            "assigned_on": d.assigned_on.isoformat(),
            "late": False,
        },
        **_at(d, coordinator),
    )
    assert_event(
        entries,
        MediationEvent.STARTED,
        _head(d) | {"period_end": d.period_end.isoformat()},
        **_at(d, coordinator),
    )


@covers(MediationEvent.CONSENT_REFUSED)
def test_consent_refused_event(register, people):
    d = register()
    respondent = d.parties.get(side=PartySide.RESPONDENT)
    with recorded() as entries:
        services.dispute_answer_invitation(dispute=d, user=people["li"], accept=False)
    assert_event(
        entries,
        MediationEvent.CONSENT_REFUSED,
        _head(d) | {"party": str(respondent.id)},
        **_at(d, people["li"]),
    )


@covers(
    MediationEvent.MESSAGE_POSTED,
    MediationEvent.EVIDENCE_ADDED,
    MediationEvent.ADDRESS_CONFIRMED,
    MediationEvent.FACTS_RECORDED,
    MediationEvent.EXTENDED,
    MediationEvent.CONVERTED,
    FilingEvent.FROM_MEDIATION,
)
def test_conversation_and_conversion_events(mediating, people):
    d, liu, zhang, li = mediating, people["liu"], people["zhang"], people["li"]
    li_side = d.parties.get(side=PartySide.RESPONDENT)
    with recorded() as entries:
        message = services.message_post(dispute=d, user=liu, side=li_side, text="分期可以吗？")
    assert_event(
        entries,
        MediationEvent.MESSAGE_POSTED,
        _head(d) | {"message": str(message.id), "side": str(li_side.id), "length": 6},
        **_at(d, liu),
    )
    with recorded() as entries:
        item = services.evidence_add(dispute=d, user=zhang, title="借条", purpose="借款事实")
    assert_event(
        entries,
        MediationEvent.EVIDENCE_ADDED,
        _head(d) | {"item": str(item.id), "party": str(item.party_id), "title": "借条"},
        **_at(d, zhang),
    )
    with recorded() as entries:
        services.address_confirm(
            dispute=d, user=li, address="上海市长宁区仙霞路300号", phone="13900000002"
        )
    assert_event(
        entries,
        MediationEvent.ADDRESS_CONFIRMED,
        _head(d)
        | {
            "party": str(li_side.id),
            "address": "上海市长宁区仙霞路300号",
            "email": "",
            "phone": "13900000002",
        },
        **_at(d, li),
    )
    with recorded() as entries:
        services.facts_record(dispute=d, actor=liu, text="李四于2025年借款20000元。")
    assert_event(entries, MediationEvent.FACTS_RECORDED, _head(d) | {"length": 17}, **_at(d, liu))
    with recorded() as entries:
        ext = services.period_extend(
            dispute=d, actor=liu, days=10, consent_note="双方在线确认同意延长"
        )
    assert_event(
        entries,
        MediationEvent.EXTENDED,
        _head(d)
        | {"days": 10, "consent": "双方在线确认同意延长", "new_end": ext.new_end.isoformat()},
        **_at(d, liu),
    )
    with recorded() as entries:
        filing = services.dispute_convert(dispute=d, actor=liu, reason="还款期限谈不拢")
    filing.refresh_from_db()
    assert_event(
        entries,
        MediationEvent.CONVERTED,
        _head(d)
        | {
            "filing": str(filing.id),
            "filing_number": filing.number,
            "released": False,
            "reason": "还款期限谈不拢",
        },
        **_at(d, liu),
    )
    assert_event(
        entries,
        FilingEvent.FROM_MEDIATION,
        {
            "filing": str(filing.id),
            "dispute": d.number,
            "created": True,
            "review_due": filing.review_due.isoformat(),
        },
        court_id=filing.court_id,
        actor_id=liu.id,
    )


@covers(FilingEvent.TO_MEDIATION)
def test_filing_to_mediation_event(submitted_filing, people):
    officer = people["officer"]
    with recorded() as entries:
        services.dispute_from_filing(
            filing=submitted_filing,
            officer=officer,
            consent_note="原告当面同意诉前调解",
            speciality="lending",
        )
    assert_event(
        entries,
        FilingEvent.TO_MEDIATION,
        {"filing": str(submitted_filing.id), "consent": "原告当面同意诉前调解"},
        court_id=submitted_filing.court_id,
        actor_id=officer.id,
    )


@covers(
    MediationEvent.AGREEMENT_DRAFTED,
    MediationEvent.AGREEMENT_SIGNED,
    MediationEvent.AGREED,
    MediationEvent.CONFIRMATION_APPLIED,
    MediationEvent.CONFIRMED,
)
def test_agreement_and_confirmation_events(mediating, people):
    d, liu, zhang, li = mediating, people["liu"], people["zhang"], people["li"]
    with recorded() as entries:
        a = services.agreement_draft(
            dispute=d, actor=liu, text="李四于2026年12月31日前归还张三借款20000元。"
        )
    assert_event(
        entries,
        MediationEvent.AGREEMENT_DRAFTED,
        _head(d) | {"agreement": str(a.id), "version": 1, "sha256": a.sha256},
        **_at(d, liu),
    )
    services.agreement_sign(agreement=a, user=zhang, seen_sha256=a.sha256)
    with recorded() as entries:
        services.agreement_sign(agreement=a, user=li, seen_sha256=a.sha256)
    li_side = d.parties.get(side=PartySide.RESPONDENT)
    assert_event(
        entries,
        MediationEvent.AGREEMENT_SIGNED,
        _head(d)
        | {"agreement": str(a.id), "version": 1, "party": str(li_side.id), "sha256": a.sha256},
        **_at(d, li),
    )
    assert_event(
        entries,
        MediationEvent.AGREED,
        _head(d) | {"agreement": str(a.id), "sha256": a.sha256},
        **_at(d, li),
    )
    with recorded() as entries:
        services.confirmation_apply(dispute=d, user=li)
    d.refresh_from_db()
    case = d.confirmation_case
    assert_event(
        entries,
        MediationEvent.CONFIRMATION_APPLIED,
        _head(d) | {"case_number": case.case_number},
        case_id=case.id,
        **_at(d, li),
    )
    with recorded() as entries:
        ruling = services.confirmation_rule(dispute=d, judge=case.judge, confirm=True)
    entry = assert_event(
        entries,
        MediationEvent.CONFIRMED,
        _head(d) | {"reason": ruling.reason, "agreement_sha256": a.sha256},
        case_id=case.id,
        **_at(d, case.judge),
    )
    assert sorted(entry.document_hashes) == sorted(x.sha256 for x in ruling.documents.all())


@covers(MediationEvent.CONFIRMATION_REFUSED)
def test_confirmation_refused_event(mediating, people):
    d = mediating
    a = services.agreement_draft(dispute=d, actor=people["liu"], text="李四归还张三借款20000元。")
    for u in ("zhang", "li"):
        services.agreement_sign(agreement=a, user=people[u], seen_sha256=a.sha256)
    services.confirmation_apply(dispute=d, user=people["zhang"])
    d.refresh_from_db()
    case = d.confirmation_case
    with recorded() as entries:
        services.confirmation_rule(
            dispute=d, judge=case.judge, confirm=False, reason="协议内容不明确"
        )
    assert_event(
        entries,
        MediationEvent.CONFIRMATION_REFUSED,
        _head(d) | {"reason": "协议内容不明确", "agreement_sha256": a.sha256},
        case_id=case.id,
        **_at(d, case.judge),
    )


@covers(MediationEvent.WITHDRAWN)
def test_withdrawn_event(register, people):
    d = register()
    with recorded() as entries:
        services.dispute_withdraw(dispute=d, user=people["zhang"], reason="已私下和解")
    assert_event(
        entries,
        MediationEvent.WITHDRAWN,
        _head(d) | {"reason": "已私下和解"},
        **_at(d, people["zhang"]),
    )
