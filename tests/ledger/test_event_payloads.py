"""For each service that writes: the ledger event it records and that event's payload.

The payload shapes are written once, in each app's ``events.py``; this test pins them from
the services' side, so a service recording the wrong event, the wrong object or a payload
missing a key fails here. Changes use the fixed keys ``old`` / ``new``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fees.conftest import accept, signed
from tests.filing.factories import cached_pdf, complete_filing
from tests.ledger.payloads.helpers import assert_event, covers, mark_checked, recorded
from yunting.accounts import services as accounts
from yunting.accounts.events import AccountEvent
from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.alerts.events import AlertEvent
from yunting.cases.assignment import case_reassign
from yunting.cases.events import CaseEvent
from yunting.cases.models import CaseStatus
from yunting.cases.services import case_change_status
from yunting.documents import services as documents
from yunting.documents.events import DocumentEvent
from yunting.documents.requests import document_requests_run_pending
from yunting.fees import services as fees
from yunting.fees.events import FeeEvent
from yunting.fees.models import FeeKind, FeeOrder, OrderStatus, Payment, RefundReason
from yunting.filing import services as filing
from yunting.filing.events import FilingEvent
from yunting.filing.models import AttachmentKind, FilingStatus
from yunting.filing.services import PartyInput
from yunting.hearings.events import HearingEvent
from yunting.judgments.events import JudgmentEvent
from yunting.ledger.events import LedgerEvent
from yunting.ledger.models import Entry
from yunting.ledger.services import signing_key_rotate
from yunting.service.events import ServiceEvent

pytestmark = pytest.mark.django_db


def one(entries: list[Entry], event) -> Entry:
    """The one entry of ``event``; its payload is then checked by the caller."""
    matching = [e for e in entries if e.event_type == event]
    assert len(matching) == 1, [e.event_type for e in entries]
    mark_checked(event)
    return matching[0]


def types(entries: list[Entry]) -> list[str]:
    return [e.event_type for e in entries]


# --- accounts ------------------------------------------------------------------------------


@covers(
    AccountEvent.REGISTERED,
    AccountEvent.PROFILE_UPDATED,
    AccountEvent.PASSWORD_CHANGED,
    AccountEvent.ROLE_GRANTED,
    AccountEvent.API_TOKEN_ISSUED,
)
def test_account_events(demo, court):
    with recorded() as entries:
        user = accounts.user_register(
            phone="13900000088",
            email="",
            name="赵六",
            id_type="citizen",
            id_number="",
            password="a-long-password-2026",
        )
    entry = one(entries, AccountEvent.REGISTERED)
    assert entry.payload == {"user": str(user.id), "id_type": "citizen", "has_id_number": False}
    assert entry.actor_id == user.id

    with recorded() as entries:
        accounts.user_update_profile(user=user, name="赵六六", email="")
    assert_event(entries, AccountEvent.PROFILE_UPDATED, {"user": str(user.id)})

    with recorded() as entries:
        accounts.user_change_password(user=user, new_password="another-long-password-2026")
    assert_event(entries, AccountEvent.PASSWORD_CHANGED, {"user": str(user.id)})

    with recorded() as entries:
        accounts.role_grant(user=user, role=Role.CLERK, court=court)
    entry = one(entries, AccountEvent.ROLE_GRANTED)
    assert entry.payload == {
        "user": str(user.id),
        "role": Role.CLERK,
        "department": None,
        "division_head": False,
    }
    assert entry.court_id == court.id

    with recorded() as entries:
        accounts.api_token_issue(user=user)
        accounts.api_token_issue(user=user)  # the same token again: nothing new to record
    assert_event(entries, AccountEvent.API_TOKEN_ISSUED, {"user": str(user.id)})


@covers(AccountEvent.TOTP_ENABLED)
def test_totp_enabled_event(demo):
    from django_otp.oath import TOTP

    user = demo["judge"]
    device = accounts.totp_device_start(user=user)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    with recorded() as entries:
        assert accounts.totp_device_confirm(user=user, token=f"{token:06d}") is not None
    assert_event(entries, AccountEvent.TOTP_ENABLED, {"user": str(user.id)})


# --- filing --------------------------------------------------------------------------------


@covers(
    FilingEvent.CREATED,
    FilingEvent.UPDATED,
    FilingEvent.PARTY_ADDED,
    FilingEvent.PARTY_REMOVED,
    FilingEvent.CLAIM_ADDED,
    FilingEvent.CLAIM_REMOVED,
    FilingEvent.ATTACHMENT_ADDED,
    FilingEvent.ATTACHMENT_REMOVED,
)
def test_filing_draft_events(demo, court):
    user = demo["litigant"]
    jingan = court.parent.children.exclude(pk=court.pk).get()
    with recorded() as entries:
        draft = filing.filing_create(user=user, court=court)
    entry = one(entries, FilingEvent.CREATED)
    assert entry.payload == {"filing": str(draft.id), "origin_court": None}
    assert entry.court_id == court.id and entry.actor_id == user.id

    with recorded() as entries:
        filing.filing_update_basics(
            filing=draft, user=user, court=jingan, cause_name="民间借贷纠纷", facts="借款未还。"
        )
    entry = one(entries, FilingEvent.UPDATED)
    assert entry.payload == {
        "filing": str(draft.id),
        "cause": {"old": "", "new": "民间借贷纠纷"},
        "court": {"old": court.code, "new": jingan.code},
    }

    data = PartyInput(role="defendant", kind="person", name="王五", address="上海市静安区1号")
    with recorded() as entries:
        party = filing.filing_add_party(filing=draft, user=user, data=data)
    assert one(entries, FilingEvent.PARTY_ADDED).payload == {
        "filing": str(draft.id),
        "role": "defendant",
        "name": "王五",
    }
    with recorded() as entries:
        filing.filing_remove_party(party=party, user=user)
    assert one(entries, FilingEvent.PARTY_REMOVED).payload == {
        "filing": str(draft.id),
        "role": "defendant",
        "name": "王五",
    }

    with recorded() as entries:
        claim = filing.filing_add_claim(
            filing=draft, user=user, text="归还借款", amount=Decimal("1000")
        )
    assert one(entries, FilingEvent.CLAIM_ADDED).payload == {
        "filing": str(draft.id),
        "text": "归还借款",
        "amount": "1000",
    }
    with recorded() as entries:
        filing.filing_remove_claim(claim=claim, user=user)
    assert one(entries, FilingEvent.CLAIM_REMOVED).payload == {
        "filing": str(draft.id),
        "text": "归还借款",
    }

    pdf = cached_pdf("起诉状")
    with recorded() as entries:
        attachment = filing.filing_add_attachment(
            filing=draft, user=user, kind=AttachmentKind.COMPLAINT, name="起诉状.pdf", data=pdf
        )
    entry = one(entries, FilingEvent.ATTACHMENT_ADDED)
    assert entry.payload == {"filing": str(draft.id), "kind": "complaint", "name": "起诉状.pdf"}
    assert entry.document_hashes == [attachment.sha256]
    with recorded() as entries:
        filing.filing_remove_attachment(attachment=attachment, user=user)
    entry = one(entries, FilingEvent.ATTACHMENT_REMOVED)
    assert entry.payload == {"filing": str(draft.id), "kind": "complaint", "name": "起诉状.pdf"}
    assert entry.document_hashes == [attachment.sha256]


@covers(FilingEvent.CREATED)
def test_cross_region_filing_records_the_counter_court(demo, court):
    officer = User.objects.get(phone="13900000021")  # 冯立案, filing officer at 静安
    with recorded() as entries:
        draft = filing.filing_create(user=officer, court=court)
    assert one(entries, FilingEvent.CREATED).payload == {
        "filing": str(draft.id),
        "origin_court": "沪0106",
    }


@covers(
    FilingEvent.SUBMITTED,
    FilingEvent.CORRECTION_REQUESTED,
    FilingEvent.RESUBMITTED,
    FilingEvent.REFUSED,
)
def test_filing_review_events(demo, court):
    user, officer = demo["lawyer"], demo["filing_officer"]
    draft = complete_filing(user=user, court=court, as_lawyer=True)
    with recorded() as entries:
        filing.filing_submit(filing=draft, user=user)
    draft.refresh_from_db()
    entry = one(entries, FilingEvent.SUBMITTED)
    assert entry.payload == {
        "filing": str(draft.id),
        "number": draft.number,
        "review_due": draft.review_due.isoformat(),
        "cause": draft.cause_name,
        "claim_total": "150000.00",
    }
    assert sorted(entry.document_hashes) == sorted(a.sha256 for a in draft.attachments.all())

    with recorded() as entries:
        filing.filing_request_correction(
            filing=draft, officer=officer, items=["补充借条原件照片"], note="请一次补齐"
        )
    assert one(entries, FilingEvent.CORRECTION_REQUESTED).payload == {
        "filing": str(draft.id),
        "items": ["补充借条原件照片"],
        "note": "请一次补齐",
    }
    with recorded() as entries:
        filing.filing_submit(filing=draft, user=user)
    draft.refresh_from_db()
    assert_event(
        entries,
        FilingEvent.RESUBMITTED,
        {
            "filing": str(draft.id),
            "number": draft.number,
            "review_due": draft.review_due.isoformat(),
            "cause": draft.cause_name,
            "claim_total": "150000.00",
        },
    )

    with recorded() as entries:
        filing.filing_refuse(filing=draft, officer=officer, reason="不属于本院管辖")
    draft.refresh_from_db()
    assert draft.status == FilingStatus.REFUSED
    assert one(entries, FilingEvent.REFUSED).payload == {
        "filing": str(draft.id),
        "number": draft.number,
        "reason": "不属于本院管辖",
    }


@covers(
    FilingEvent.ACCEPTED,
    CaseEvent.CREATED,
    CaseEvent.ASSIGNED,
    FeeEvent.ORDER_CREATED,
    FeeEvent.NOTICE_LINKED,
)
def test_acceptance_records_the_case_its_assignment_and_its_fee(demo, court):
    user, officer = demo["lawyer"], demo["filing_officer"]
    draft = complete_filing(user=user, court=court, as_lawyer=True)
    filing.filing_submit(filing=draft, user=user)
    with recorded() as entries:
        case = filing.filing_accept(filing=draft, officer=officer)
        document_requests_run_pending(case=case)  # phase two: the notices, after commit
    draft.refresh_from_db()
    accepted = one(entries, FilingEvent.ACCEPTED)
    assert accepted.payload == {
        "filing": str(draft.id),
        "number": draft.number,
        "case_number": case.case_number,
        "acceptance_fee": "3300.00",
    }
    assert accepted.case_id == case.id
    created = one(entries, CaseEvent.CREATED)
    assert created.payload == {
        "case_number": case.case_number,
        "cause": case.cause_name,
        "procedure": case.procedure,
        "claim_amount": "150000.00",
        "parties": [{"role": p.role, "name": p.name} for p in case.parties.order_by("position")],
    }
    assigned = one(entries, CaseEvent.ASSIGNED)
    assert set(assigned.payload) == {
        "method",
        "weight",
        "seed",
        "candidates",
        "recused",
        "judge_id",
        "judge",
        "clerk",
    }
    assert assigned.payload["judge_id"] == str(case.judge_id)
    order = case.fee_orders.get()
    assert one(entries, FeeEvent.ORDER_CREATED).payload == {
        "order": str(order.id),
        "reference": order.reference,
        "kind": FeeKind.ACCEPTANCE,
        "payer": str(order.payer_id),
        "case_number": case.case_number,
        "amount": "3300.00",
        "basis": order.basis,
        "due_date": order.due_date.isoformat(),
        "breakdown": order.breakdown,
        "supplement_of": None,
    }
    notices = [e for e in entries if e.event_type == DocumentEvent.ISSUED]
    assert [e.payload["template_code"] for e in notices] == ["acceptance_notice", "payment_notice"]
    linked = one(entries, FeeEvent.NOTICE_LINKED)
    order.refresh_from_db()
    assert linked.payload["notice"] == str(order.notice_id)
    assert linked.document_hashes == [order.notice.sha256]


# --- cases ---------------------------------------------------------------------------------


@covers(CaseEvent.STATUS_CHANGED, CaseEvent.REASSIGNED)
def test_case_status_and_reassignment_events(demo, court):
    case = accept(demo, court)
    with recorded() as entries:
        case_change_status(case=case, status=CaseStatus.IN_TRIAL, actor=case.judge, reason="开庭")
    assert one(entries, CaseEvent.STATUS_CHANGED).payload == {
        "status": {"old": CaseStatus.ACCEPTED, "new": CaseStatus.IN_TRIAL},
        "reason": "开庭",
    }
    head = demo["judge"]  # 刘法官, head of the civil division
    previous = case.judge
    other = next(
        u for u in User.objects.filter(phone__in=["13900000012", "13900000013"]) if u != previous
    )
    with recorded() as entries:
        case_reassign(case=case, judge=other, actor=head, reason="原承办法官休假")
    assert one(entries, CaseEvent.REASSIGNED).payload == {
        "judge_id": {"old": str(previous.id), "new": str(other.id)},
        "judge": other.name,
        "reason": "原承办法官休假",
    }


# --- documents -----------------------------------------------------------------------------


@covers(
    DocumentEvent.TEMPLATE_SAVED,
    DocumentEvent.ISSUED,
    DocumentEvent.BATCH_STARTED,
    DocumentEvent.BATCH_FINISHED,
)
def test_document_events(demo, court, run_worker):
    admin = demo["court_admin"]
    current = documents.template_get_active(code="acceptance_notice", court=court)
    with recorded() as entries:
        template = documents.template_save(
            code="acceptance_notice",
            body=current.body + "\n",
            actor=admin,
            court=court,
            note="换行",
        )
    entry = one(entries, DocumentEvent.TEMPLATE_SAVED)
    assert set(entry.payload) == {"code", "court", "version", "based_on", "body_sha256", "note"}
    assert entry.payload["court"] == court.code
    assert entry.payload["version"] == template.version and entry.payload["note"] == "换行"

    case = accept(demo, court)
    plaintiff = case.parties.get(role="plaintiff")
    with recorded() as entries:
        doc = documents.document_issue(
            template_code="acceptance_notice", case=case, actor=admin, recipient=plaintiff
        )
    entry = one(entries, DocumentEvent.ISSUED)
    assert entry.payload == {
        "template_code": "acceptance_notice",
        "template_version": template.version,
        "template_sha256": entry.payload["template_sha256"],
        "template_court": court.code,
        "title": doc.title,
        "case_number": case.case_number,
        "recipient": str(plaintiff.id),
        "verification_code": doc.verification_code,
        "signed_by_judge": None,
        "size": doc.size,
        "batch": None,
    }
    assert entry.document_hashes == [doc.sha256] and entry.case_id == case.id

    staff = demo["clerk"]
    with recorded() as entries:
        batch = documents.batch_create(
            actor=staff, court=court, template_code="acceptance_notice", case_ids=[case.id]
        )
        documents.batch_run(batch_id=batch.id, workers=1)
    assert one(entries, DocumentEvent.BATCH_STARTED).payload == {
        "batch": str(batch.id),
        "template_code": "acceptance_notice",
        "cases": [str(case.id)],
    }
    assert one(entries, DocumentEvent.BATCH_FINISHED).payload == {
        "batch": str(batch.id),
        "total": 1,
        "succeeded": 1,
        "failed": 0,
    }
    assert one(entries, DocumentEvent.ISSUED).payload["batch"] == str(batch.id)


# --- fees ----------------------------------------------------------------------------------


def _head(order) -> dict:
    return {
        "order": str(order.id),
        "reference": order.reference,
        "kind": order.kind,
        "payer": str(order.payer_id),
        "case_number": order.case.case_number,
    }


@covers(
    FeeEvent.PAYMENT_CREATED,
    FeeEvent.CALLBACK_REJECTIONS_COUNTED,
    FeeEvent.PAYMENT_CONFIRMED,
    FeeEvent.ORDER_STATUS_CHANGED,
    FeeEvent.RECEIPT_ISSUED,
    FeeEvent.PAYMENT_DUPLICATE,
)
def test_online_payment_events(demo, court, client):
    case = accept(demo, court)
    order = case.fee_orders.get()
    with recorded() as entries:
        payment = fees.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    assert one(entries, FeeEvent.PAYMENT_CREATED).payload == _head(order) | {
        "payment": str(payment.id),
        "out_trade_no": payment.out_trade_no,
        "provider": "test",
        "amount": "3300.00",
    }

    forged = signed(payment) | {"sign": "0" * 64}
    with recorded() as entries:
        fees.payment_callback(provider_code="test", params=forged)
    # an unsigned rejection is counted outside the ledger: one hourly summary at most
    summary = one(entries, FeeEvent.CALLBACK_REJECTIONS_COUNTED).payload
    assert summary["first_reason"] == "bad_signature" and summary["provider"] == "test"
    assert summary["window_seconds"] == 3600

    with recorded() as entries:
        outcome = fees.payment_callback(provider_code="test", params=signed(payment))
    assert outcome.ok
    payment.refresh_from_db()
    confirmed = one(entries, FeeEvent.PAYMENT_CONFIRMED)
    assert confirmed.payload == _head(order) | {
        "payment": str(payment.id),
        "out_trade_no": payment.out_trade_no,
        "provider": "test",
        "transaction_id": "TXN-0001",
        "amount": "3300.00",
        "currency": payment.currency,
        "paid_at": confirmed.payload["paid_at"],
    }
    moved = one(entries, FeeEvent.ORDER_STATUS_CHANGED).payload
    assert moved["status"] == {"old": OrderStatus.UNPAID, "new": OrderStatus.PAID}
    assert set(moved) == set(_head(order)) | {"status", "why"}
    receipt = one(entries, FeeEvent.RECEIPT_ISSUED)
    assert receipt.payload == _head(order) | {
        "payment": str(payment.id),
        "receipt": str(payment.receipt_id),
        "verification_code": payment.receipt.verification_code,
        "amount": "3300.00",
    }
    assert receipt.document_hashes == [payment.receipt.sha256]

    # Money for a second payment started before the order was settled arrives afterwards.
    second = Payment.objects.create(
        order=order,
        provider="test",
        out_trade_no="YT-SECOND-0001",
        amount=order.amount,
        currency=payment.currency,
        created_by=demo["lawyer"],
    )
    with recorded() as entries:
        fees.payment_callback(provider_code="test", params=signed(second, transaction_id="TXN-2"))
    assert one(entries, FeeEvent.PAYMENT_DUPLICATE).payload == _head(order) | {
        "payment": str(second.id),
        "out_trade_no": "YT-SECOND-0001",
        "provider": "test",
        "amount": "3300.00",
        "transaction_id": "TXN-2",
    }


@covers(FeeEvent.PAYMENT_FAILED)
def test_failed_payment_event(demo, court):
    case = accept(demo, court)
    order = case.fee_orders.get()
    payment = fees.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    with recorded() as entries:
        fees.payment_callback(provider_code="test", params=signed(payment, status="FAILED"))
    assert one(entries, FeeEvent.PAYMENT_FAILED).payload == _head(order) | {
        "payment": str(payment.id),
        "out_trade_no": payment.out_trade_no,
        "provider": "test",
    }


@covers(
    FeeEvent.PAYMENT_CONFIRMED,
    FeeEvent.REFUND_REQUESTED,
    FeeEvent.REFUND_APPROVED,
    FeeEvent.ORDER_REASSESSED,
)
def test_transfer_refund_and_reassessment_events(demo, court):
    case = accept(demo, court)
    order = case.fee_orders.get()
    finance, judge = demo["finance_officer"], case.judge
    with recorded() as entries:
        payment = fees.payment_confirm_transfer(
            officer=finance, reference=order.reference, amount=Decimal("3300"), bank_txn_id="B1"
        )
    assert one(entries, FeeEvent.PAYMENT_CONFIRMED).payload["transaction_id"] == "B1"
    assert payment.receipt is not None

    with recorded() as entries:
        refund = fees.refund_request(order=order, actor=judge, reason=RefundReason.MEDIATION)
    assert one(entries, FeeEvent.REFUND_REQUESTED).payload == _head(order) | {
        "refund": str(refund.id),
        "amount": "1650.00",
        "refund_reason": RefundReason.MEDIATION,
        "note": "",
    }
    with recorded() as entries:
        fees.refund_decide(refund=refund, officer=finance, approve=True)
    assert one(entries, FeeEvent.REFUND_APPROVED).payload == _head(order) | {
        "refund": str(refund.id),
        "amount": "1650.00",
        "refund_reason": RefundReason.MEDIATION,
        "refunded_total": "1650.00",
    }

    with recorded() as entries:
        fees.fee_reassess(case=case, judge=judge, reason="简易程序", procedure="summary")
    reassessed = one(entries, FeeEvent.ORDER_REASSESSED).payload
    assert reassessed["reason"] == "简易程序" and reassessed["procedure"] == "summary"
    assert reassessed["assessed"] == {"old": "3300.00", "new": "1650.00"}
    assert set(reassessed["amount"]) == {"old", "new"}


@covers(
    FeeEvent.ORDER_CREATED,
    FeeEvent.RELIEF_APPLIED,
    FeeEvent.RELIEF_REFUSED,
    FeeEvent.OVERDUE_DECIDED,
)
def test_application_fee_relief_and_overdue_events(demo, court):
    case = accept(demo, court)
    judge = case.judge
    payer = case.parties.get(role="plaintiff")
    with recorded() as entries:
        order = fees.fee_order_assess_application(
            case=case, payer=payer, kind=FeeKind.PRESERVATION, amount=Decimal("100000"), actor=judge
        )
    created = one(entries, FeeEvent.ORDER_CREATED).payload
    assert created["kind"] == FeeKind.PRESERVATION and created["amount"] == str(order.amount)

    acceptance = case.fee_orders.get(kind=FeeKind.ACCEPTANCE)
    with recorded() as entries:
        application = fees.relief_apply(
            order=acceptance,
            user=demo["lawyer"],
            kind="deferral",
            reasons="家庭经济困难。",
            proof_name="证明.pdf",
            proof_data=cached_pdf("证明"),
            until=acceptance.due_date + dt.timedelta(days=30),
        )
    applied = one(entries, FeeEvent.RELIEF_APPLIED)
    assert applied.payload["application"] == str(application.id)
    assert applied.payload["relief"] == "deferral"
    assert applied.document_hashes == [application.proof_sha256]
    with recorded() as entries:
        fees.relief_decide(application=application, judge=judge, approve=False, note="不符合")
    refused = one(entries, FeeEvent.RELIEF_REFUSED).payload
    assert refused["application"] == str(application.id) and refused["note"] == "不符合"

    acceptance.refresh_from_db()
    FeeOrder.objects.filter(pk=acceptance.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    with recorded() as entries:
        fees.overdue_decide(
            order=acceptance, judge=judge, decision="treat_as_withdrawn", note="逾期未交"
        )
    assert one(entries, FeeEvent.OVERDUE_DECIDED).payload == _head(acceptance) | {
        "decision": "treat_as_withdrawn",
        "note": "逾期未交",
    }


# --- ledger --------------------------------------------------------------------------------


@covers(LedgerEvent.KEY_ROTATED)
def test_key_rotation_event(db, tmp_path, settings):
    settings.KEYS_DIR = tmp_path
    with recorded() as entries:
        old, new = signing_key_rotate()
    assert one(entries, LedgerEvent.KEY_ROTATED).payload == {"key_id": {"old": old, "new": new}}


# --- service (i15) -------------------------------------------------------------------------


def test_service_events(demo, court):
    from tests.service.factories import defendant, issue, make_service_case
    from yunting.service.addresses import address_confirm
    from yunting.service.models import ServiceTask
    from yunting.service.services import service_dispatch

    officer = demo["service_officer"]
    case = make_service_case(court=court, judge=demo["judge"], lawyer=demo["lawyer"])
    party = defendant(case)
    with recorded() as entries:
        address_confirm(party=party, actor=officer, source="express", inbox=True, consent={"inbox"})
    confirmed = [e for e in entries if e.event_type == ServiceEvent.ADDRESS_CONFIRMED]
    assert confirmed[0].payload["party"] == str(party.id)
    assert confirmed[0].payload["source"] == "express"
    assert confirmed[0].payload["channels"] == {"inbox": {"address": "account", "consent": True}}
    with recorded() as entries:
        doc = issue(case, demo["judge"])
    [opened] = [e for e in entries if e.event_type == ServiceEvent.TASK_OPENED]
    task = ServiceTask.objects.get(document=doc)
    assert opened.payload["task"] == str(task.id) and opened.payload["document"] == str(doc.id)
    with recorded() as entries:
        service_dispatch(task=task, channels=["inbox"], actor=officer)
    assert types(entries)[:3] == [
        ServiceEvent.DISPATCHED,
        ServiceEvent.ATTEMPT_DELIVERED,
        ServiceEvent.SERVED,
    ]
    served = entries[2]
    assert served.payload["channel"] == "inbox" and served.payload["basis"] == "reached_system"
    assert served.actor_id == officer.id


@covers(ServiceEvent.COMPLETION_WITHDRAWN, FilingEvent.SERVICE_ADDRESS_GIVEN)
def test_service_completion_withdrawn_and_filing_address_events(demo, court):
    from django.utils import timezone

    from tests.service.factories import defendant, issue, make_service_case
    from yunting.service.addresses import address_confirm
    from yunting.service.models import ServiceTask
    from yunting.service.services import attempt_delivered, attempt_failed, service_dispatch

    officer = demo["service_officer"]
    case = make_service_case(court=court, judge=demo["judge"], lawyer=demo["lawyer"])
    address_confirm(
        party=defendant(case),
        actor=officer,
        source="express",
        email="legal@shifan.example",
        mobile="13900000099",
        consent={"email", "sms"},
    )
    task = ServiceTask.objects.get(document=issue(case, demo["judge"]))
    service_dispatch(task=task, channels=["email"], actor=officer)
    attempt = task.attempts.get()
    at = timezone.now()
    attempt_delivered(attempt=attempt, at=at, actor=None)
    with recorded() as entries:
        attempt_failed(attempt=attempt, status="bounced", error="DSN: delivery failed", actor=None)
    entry = one(entries, ServiceEvent.COMPLETION_WITHDRAWN)
    assert entry.payload == {
        "task": str(task.id),
        "document": str(task.document_id),
        "party": str(task.party_id),
        "case_number": case.case_number,
        "attempt": str(attempt.id),
        "channel": "email",
        "address": "legal@shifan.example",
        "status": "bounced",
        "at": {"old": at.isoformat(), "new": None},
    }
    assert ServiceEvent.FALLBACK in types(entries)

    user = demo["lawyer"]
    draft = complete_filing(user=user, court=court, as_lawyer=True)
    with recorded() as entries:
        filing.filing_set_service_address(
            filing=draft, user=user, email="lawyer@firm.example", consent=["email"]
        )
    assert one(entries, FilingEvent.SERVICE_ADDRESS_GIVEN).payload == {
        "filing": str(draft.id),
        "inbox": False,
        "mobile": "",
        "email": "lawyer@firm.example",
        "postal": "",
        "consent": ["email"],
    }


@covers(ServiceEvent.TASK_WITHDRAWN)
def test_service_task_withdrawn_event(demo, court):
    from tests.service.factories import issue, make_service_case
    from yunting.service.models import ServiceTask
    from yunting.service.withdrawal import service_task_withdraw

    case = make_service_case(court=court, judge=demo["judge"], lawyer=demo["lawyer"])
    task = ServiceTask.objects.get(document=issue(case, demo["judge"]))
    with recorded() as entries:
        service_task_withdraw(task=task, actor=demo["service_officer"], reason="文书已被替换")
    entry = one(entries, ServiceEvent.TASK_WITHDRAWN)
    assert entry.payload == {
        "task": str(task.id),
        "document": str(task.document_id),
        "party": str(task.party_id),
        "case_number": case.case_number,
        "reason": "文书已被替换",
    }
    assert entry.actor_id == demo["service_officer"].id


# --- judgments -----------------------------------------------------------------------------


@covers(
    JudgmentEvent.DRAFT_STARTED,
    JudgmentEvent.DRAFT_SAVED,
    JudgmentEvent.PANEL_FORMED,
    JudgmentEvent.ISSUED,
    JudgmentEvent.EFFECTIVE,
    JudgmentEvent.CLOSED,
    FeeEvent.REFUND_REQUESTED,
)
def test_judgment_events(demo, court, demo_password):
    from tests.judgments.conftest import issue_judgment, pay, serve_all, serve_open_tasks
    from yunting.judgments import services as judgments
    from yunting.judgments.people import ensure_judgment_people

    ensure_judgment_people(demo_password)
    people = {
        "head": User.objects.get(phone="13900000012"),
        "judge_b": User.objects.get(phone="13900000013"),
        "judge3": User.objects.get(phone="13900000023"),
    }
    case = accept(demo, court)
    pay(demo, case)
    serve_open_tasks(case, demo)
    with recorded() as entries:
        decision = issue_judgment(case, people)
    started = one(entries, JudgmentEvent.DRAFT_STARTED)
    assert started.payload["kind"] == "judgment"
    assert one(entries, JudgmentEvent.DRAFT_SAVED).payload["changed"] == [
        "facts_found",
        "reasoning",
    ]
    assert len(one(entries, JudgmentEvent.PANEL_FORMED).payload["members"]) == 3
    assert types(entries).count(JudgmentEvent.SIGNED_OFF) == 3
    issued = one(entries, JudgmentEvent.ISSUED)
    assert issued.payload["decision"] == str(decision.id)
    assert len(issued.payload["copies"]) == 2 and issued.documents.count() == 2
    clocks = serve_all(case, decision)
    with recorded() as entries:
        judgments.decision_effect_check(
            decision=decision, today=max(c.due_on for c in clocks) + dt.timedelta(days=1)
        )
        judgments.case_close(case=case, actor=case.judge, method="judgment")
    effective = one(entries, JudgmentEvent.EFFECTIVE)
    assert len(effective.payload["appeal_periods"]) == 2
    closed = one(entries, JudgmentEvent.CLOSED)
    assert closed.payload["method"] == "judgment"
    assert closed.payload["settlement"]["outcome"] == "judgment"
    # The plaintiff won in full: the whole prepaid fee goes back (the loser bears it).
    refund = one(entries, FeeEvent.REFUND_REQUESTED)
    assert closed.payload["settlement"]["refunds"] == [refund.payload["refund"]]
    assert refund.payload["refund_reason"] == RefundReason.LOSER_BEARS


@covers(
    HearingEvent.PROPOSED,
    HearingEvent.ANSWERED,
    HearingEvent.FIXED,
    HearingEvent.CONSENTED,
    HearingEvent.IDENTITY_CHECKED,
    HearingEvent.TRANSCRIPT_SAVED,
)
def test_hearing_events(demo, court):
    from tests.hearings.conftest import at, make_hearing_case
    from yunting.courts.models import Courtroom
    from yunting.hearings import room as hearing_room
    from yunting.hearings import services as hearings
    from yunting.hearings import transcript as hearing_transcript

    case = make_hearing_case(demo)
    room = Courtroom.objects.filter(court=court).order_by("name").first()
    with recorded() as entries:
        h = hearings.hearing_propose(
            case=case, actor=case.judge, kind="trial", courtroom=room, slots=[at(3)]
        )
    e = one(entries, HearingEvent.PROPOSED)
    assert e.payload["hearing"] == str(h.id) and len(e.payload["slots"]) == 1
    slot = h.slots.get()
    with recorded() as entries:
        hearings.slot_answer(hearing=h, user=demo["litigant"], available=[str(slot.id)])
    assert list(one(entries, HearingEvent.ANSWERED).payload["answers"].values()) == [True]
    with recorded() as entries:
        hearings.hearing_fix(hearing=h, actor=case.judge, slot=slot, issue=False)
    e = one(entries, HearingEvent.FIXED)
    assert e.payload["ranking"][0]["yes"] == 1 and e.case_id == case.id
    seat = h.participants.get(role="party", name="张三")
    with recorded() as entries:
        hearing_room.participant_prepare(participant=seat, consent=True, rules=True, device_ok=True)
    assert one(entries, HearingEvent.CONSENTED).payload["participant"] == str(seat.id)
    with recorded() as entries, pytest.raises(Exception):  # noqa: B017 - the refusal is recorded
        hearing_room.identity_check(participant=seat, digits="000000")
    e = one(entries, HearingEvent.IDENTITY_CHECKED)
    assert e.payload["passed"] is False and e.payload["method"] == "id_digits"
    with recorded() as entries:
        hearing_transcript.transcript_save(hearing=h, actor=case.clerk, body="笔录", base_version=0)
    e = one(entries, HearingEvent.TRANSCRIPT_SAVED)
    assert e.payload["version"] == 1 and len(e.payload["sha256"]) == 64


@covers(AlertEvent.DIGEST_SENT)
def test_alert_digest_event(demo, court):
    from yunting.alerts.services import digest_send
    from yunting.cases.services import PartyData, case_create

    judge = demo["judge"]
    today = timezone.localdate()
    case = case_create(
        court=court,
        actor=None,
        type_code="民初",
        cause_name="买卖合同纠纷",
        procedure="summary",
        accepted_on=today - dt.timedelta(days=100),  # past its three months
        parties=[PartyData(role="plaintiff", kind="person", name="张三")],
    )
    case.judge = judge
    case.save(update_fields=["judge"])
    with recorded() as entries:
        digest = digest_send(user=judge, today=today)
    e = one(entries, AlertEvent.DIGEST_SENT)
    assert e.payload == {
        "recipient": str(judge.pk),
        "day": today.isoformat(),
        "items": 1,
        "counts": {"limits": 1},
    }
    assert e.court_id == court.id and digest.items == 1
