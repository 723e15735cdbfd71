"""Payments (services/payments.py): online payment callbacks (forged, replayed, mismatched,
unknown, racing) and counter transfers confirmed by the finance office."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.fees.conftest import CALLBACK, accept, signed
from tests.fees.helpers import fee_events, other_litigant, pay_online
from yunting.documents.verification import verify_pdf
from yunting.fees import services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    FeeOrder,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


# --- online payment -------------------------------------------------------------------------


def test_signed_callback_pays_once_issues_a_verifiable_receipt(demo, client, order):
    payment, _params, response = pay_online(client, order, demo["lawyer"])
    assert response.status_code == 200 and response.content == b"success"
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.paid_amount == Decimal("3300.00")
    assert payment.status == PaymentStatus.SUCCEEDED and payment.provider_txn_id == "TXN-0001"
    receipt = payment.receipt
    assert receipt.template_code == "fee_receipt" and receipt.recipient_id == order.payer_id
    assert receipt.extra["amount"] == "3,300.00" and receipt.extra["receipt_number"]
    from django.core.files.storage import default_storage

    with default_storage.open(receipt.storage_path, "rb") as fh:
        report = verify_pdf(fh.read())
    assert report.valid
    confirmed = fee_events(order, FeeEvent.PAYMENT_CONFIRMED)
    assert len(confirmed) == 1 and confirmed[0].payload["amount"] == "3300.00"
    assert fee_events(order, FeeEvent.RECEIPT_ISSUED)[0].document_hashes == [receipt.sha256]


def test_forged_signature_is_rejected_and_counted_outside_the_ledger(demo, client, order):
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    params = signed(payment)
    params["sign"] = "0" * 64
    response = client.post(CALLBACK, params)
    assert response.status_code == 400 and b"bad_signature" in response.content
    # Tampering with a signed field breaks the signature too.
    params = signed(payment)
    params["amount"] = "0.01"
    assert client.post(CALLBACK, params).status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    # Anybody can send an unsigned notice: no entry each, one hourly count at most.
    assert not Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTED).exists()
    (summary,) = Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTIONS_COUNTED)
    assert summary.payload["first_reason"] == "bad_signature"


def test_a_flood_of_bad_callbacks_is_cut_off_without_growing_the_ledger(demo, client, order):
    from django.core.cache import cache

    from yunting.fees.views_pay import CALLBACK_REJECTIONS_PER_MINUTE

    cache.clear()
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    forged = signed(payment) | {"sign": "0" * 64}
    before = Entry.objects.count()
    for i in range(CALLBACK_REJECTIONS_PER_MINUTE):
        # a rotating X-Forwarded-For from an untrusted peer changes nothing
        response = client.post(CALLBACK, forged, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
        assert response.status_code == 400
    assert Entry.objects.count() <= before + 1  # at most the hourly count
    response = client.post(CALLBACK, forged, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert Entry.objects.count() <= before + 1
    cache.clear()


def test_a_trusted_proxy_forwards_the_client_address(demo, client, order, settings):
    from django.core.cache import cache

    from yunting.fees.views_pay import CALLBACK_REJECTIONS_PER_MINUTE

    settings.YUNTING_TRUSTED_PROXIES = ["127.0.0.0/8"]  # the test client's REMOTE_ADDR
    cache.clear()
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    forged = signed(payment) | {"sign": "0" * 64}
    for _ in range(CALLBACK_REJECTIONS_PER_MINUTE):
        response = client.post(CALLBACK, forged, HTTP_X_FORWARDED_FOR="198.51.100.7, 127.0.0.2")
        assert response.status_code == 400
    assert client.post(CALLBACK, forged, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # another client behind the same proxy is not cut off
    assert client.post(CALLBACK, forged, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 400
    cache.clear()


def test_a_replayed_signed_rejection_or_failure_adds_nothing(demo, client, order):
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    mismatch = signed(payment, amount="1.00")
    assert client.post(CALLBACK, mismatch).status_code == 400
    entries = Entry.objects.count()
    for _ in range(5):
        assert client.post(CALLBACK, mismatch).status_code == 400
    assert Entry.objects.count() == entries
    failed = signed(payment, status="FAILED", transaction_id="TXN-F")
    assert client.post(CALLBACK, failed).status_code == 200
    entries = Entry.objects.count()
    for _ in range(5):
        assert client.post(CALLBACK, failed).content == b"success"
    assert Entry.objects.count() == entries
    assert len(fee_events(order, FeeEvent.PAYMENT_FAILED)) == 1


def test_replayed_callback_changes_nothing_and_answers_success(demo, client, order):
    _payment, params, first = pay_online(client, order, demo["lawyer"])
    assert first.status_code == 200
    entries = Entry.objects.count()
    for _ in range(3):
        again = client.post(CALLBACK, params)
        assert again.status_code == 200 and again.content == b"success"
    assert Entry.objects.count() == entries
    assert Payment.objects.filter(order=order, status=PaymentStatus.SUCCEEDED).count() == 1
    order.refresh_from_db()
    assert order.paid_amount == Decimal("3300.00")


def test_amount_or_currency_mismatch_is_rejected_and_logged(demo, client, order):
    payment, _params, response = pay_online(client, order, demo["lawyer"], amount="3299.99")
    assert response.status_code == 400 and b"amount_mismatch" in response.content
    params = signed(payment, currency="USD")
    assert b"currency_mismatch" in client.post(CALLBACK, params).content
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    reasons = [e.payload["reason"] for e in fee_events(order, FeeEvent.CALLBACK_REJECTED)]
    assert reasons == ["amount_mismatch", "currency_mismatch"]


def test_callback_for_an_unknown_order_is_rejected(demo, client, order):
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    params = signed(payment)
    from yunting.fees.providers import notification_for, provider_key

    params = notification_for(
        out_trade_no="YT20990101000000" + "12345678",
        transaction_id="TXN-X",
        amount="3300.00",
        paid_at="2026-11-22T00:00:00Z",
        key=provider_key("test"),
    )
    response = client.post(CALLBACK, params)
    assert response.status_code == 400 and b"unknown_order" in response.content
    assert client.post("/fees/callback/nosuch/", params).status_code == 400
    assert not Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTED).exists()


def test_a_second_transaction_for_a_paid_payment_is_refused(demo, client, order):
    payment, _params, _ = pay_online(client, order, demo["lawyer"])
    other = signed(payment, transaction_id="TXN-0002")
    response = client.post(CALLBACK, other)
    assert response.status_code == 400 and b"different_transaction" in response.content
    order.refresh_from_db()
    assert order.paid_amount == Decimal("3300.00")


def test_failed_payment_is_recorded_and_the_order_stays_payable(demo, client, order):
    payment, _params, response = pay_online(client, order, demo["lawyer"], status="FAILED")
    assert response.status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and order.status == OrderStatus.UNPAID
    assert fee_events(order, FeeEvent.PAYMENT_FAILED)


def test_money_for_an_order_already_paid_is_kept_as_duplicate(demo, client, order):
    first = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    second = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    assert client.post(CALLBACK, signed(first, transaction_id="A")).status_code == 200
    assert client.post(CALLBACK, signed(second, transaction_id="B")).status_code == 200
    second.refresh_from_db()
    order.refresh_from_db()
    assert second.status == PaymentStatus.DUPLICATE and order.paid_amount == Decimal("3300.00")
    assert fee_events(order, FeeEvent.PAYMENT_DUPLICATE)


def test_only_the_payer_side_can_start_a_payment(demo, jingan, order):
    for outsider in (other_litigant(), order.case.judge, jingan["finance_officer"]):
        with pytest.raises(ValidationError) as refused:
            services.payment_start(order=order, user=outsider, provider_code="test")
        assert refused.value.code == "not_payer"
    with pytest.raises(ValidationError) as counter:
        services.payment_start(order=order, user=demo["lawyer"], provider_code="counter")
    assert counter.value.code == "provider_disabled"
    assert not Payment.objects.filter(order=order).exists()


def test_an_order_that_is_not_open_cannot_be_paid(demo, client, order):
    pay_online(client, order, demo["lawyer"])
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    with pytest.raises(ValidationError) as paid:
        services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    assert paid.value.code == "not_payable"
    waived = accept(demo, order.court).fee_orders.get()
    FeeOrder.objects.filter(pk=waived.pk).update(status=OrderStatus.CANCELLED)
    waived.refresh_from_db()
    with pytest.raises(ValidationError) as cancelled:
        services.payment_start(order=waived, user=demo["lawyer"], provider_code="test")
    assert cancelled.value.code == "not_payable"
    with pytest.raises(ValidationError) as at_counter:
        services.payment_confirm_transfer(
            officer=demo["finance_officer"],
            reference=waived.reference,
            amount=waived.amount,
            bank_txn_id="BANK-CANCELLED",
        )
    assert at_counter.value.code == "not_payable"
    assert Payment.objects.filter(order=order).count() == 1
    assert not Payment.objects.filter(order=waived).exists()


def test_a_provider_transaction_id_cannot_pay_a_second_order(demo, client, court, order):
    _payment, _params, first = pay_online(client, order, demo["lawyer"], transaction_id="T-1")
    assert first.status_code == 200
    second = accept(demo, court).fee_orders.get()
    payment, _params, response = pay_online(client, second, demo["lawyer"], transaction_id="T-1")
    assert response.status_code == 400 and b"transaction_reused" in response.content
    second.refresh_from_db()
    payment.refresh_from_db()
    assert second.status == OrderStatus.UNPAID and second.paid_amount == 0
    assert payment.status == PaymentStatus.CREATED and payment.provider_txn_id is None
    rejected = fee_events(second, FeeEvent.CALLBACK_REJECTED)
    assert [e.payload["reason"] for e in rejected] == ["transaction_reused"]


def test_a_bank_transaction_id_cannot_pay_a_second_order(demo, court, order):
    finance = demo["finance_officer"]
    services.payment_confirm_transfer(
        officer=finance, reference=order.reference, amount=order.amount, bank_txn_id="BANK-7"
    )
    second = accept(demo, court).fee_orders.get()
    with pytest.raises(ValidationError) as reused:
        services.payment_confirm_transfer(
            officer=finance,
            reference=second.reference,
            amount=second.amount,
            bank_txn_id=" BANK-7 ",
        )
    assert reused.value.code == "transaction_reused"
    second.refresh_from_db()
    assert second.status == OrderStatus.UNPAID
    assert not Payment.objects.filter(order=second).exists()


# --- counter / bank transfer ---------------------------------------------------------------


def test_finance_confirms_a_transfer_by_reference_and_exact_amount(demo, order):
    finance = demo["finance_officer"]
    with pytest.raises(ValidationError) as wrong:
        services.payment_confirm_transfer(
            officer=finance, reference=order.reference, amount=Decimal("3000"), bank_txn_id="B1"
        )
    assert wrong.value.code == "amount_mismatch"
    with pytest.raises(ValidationError) as judge:
        services.payment_confirm_transfer(
            officer=demo["judge"],
            reference=order.reference,
            amount=Decimal("3300"),
            bank_txn_id="B1",
        )
    assert judge.value.code == "not_finance"
    payment = services.payment_confirm_transfer(
        officer=finance,
        reference=order.reference.lower(),
        amount=Decimal("3300.00"),
        bank_txn_id="B1",
    )
    assert payment.receipt.issued_by == finance
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    with pytest.raises(ValidationError) as again:
        services.payment_confirm_transfer(
            officer=finance, reference=order.reference, amount=Decimal("3300"), bank_txn_id="B2"
        )
    assert again.value.code == "not_payable"


# --- concurrency (PostgreSQL) ----------------------------------------------------------------


def _race(n: int, work) -> list:
    results: list = []
    barrier = threading.Barrier(n, timeout=60)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # collected and asserted on
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing thread hung"
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_callbacks_pay_once_on_postgresql(demo, court):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    case = accept(demo, court)
    order = case.fee_orders.get()
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    same = signed(payment, transaction_id="SAME")
    outcomes = _race(4, lambda i: services.payment_callback(provider_code="test", params=same))
    assert all(o.ok for o in outcomes), outcomes
    assert sorted(o.code for o in outcomes) == ["already_applied"] * 3 + ["applied"]
    # Different transactions racing for the same payment: one wins, the others are refused.
    order2 = accept(demo, court).fee_orders.get()
    payment2 = services.payment_start(order=order2, user=demo["lawyer"], provider_code="test")
    notes = [signed(payment2, transaction_id=f"T{i}") for i in range(3)]
    outcomes = _race(3, lambda i: services.payment_callback(provider_code="test", params=notes[i]))
    assert sum(1 for o in outcomes if o.ok) == 1
    for o in (order, order2):
        o.refresh_from_db()
        assert o.status == OrderStatus.PAID
        assert len(fee_events(o, FeeEvent.PAYMENT_CONFIRMED)) == 1
        assert Payment.objects.filter(order=o, status=PaymentStatus.SUCCEEDED).count() == 1
