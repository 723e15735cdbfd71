"""The service and hearings apps' events reach an institution: a proof of service filed for a
document of its case is ``document.served``; a hearing scheduled, or fixed from proposed
times, is ``hearing.fixed``. Both are in the pull feed and delivered, signed, to an endpoint
that chose them, carrying what the institution needs and nothing internal."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.institutions.helpers import filing_doc
from tests.institutions.receiver import Receiver
from yunting.filing.models import Filing
from yunting.filing.services import filing_accept


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_SITE_URL = "http://testserver"


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.mark.django_db(transaction=True)
def test_served_and_fixed_reach_the_feed_and_the_webhook(
    bank, bank_key, key_client, complaint, demo, run_worker, smtp_inbox
):
    from yunting.courts.models import Courtroom
    from yunting.documents.services import document_issue
    from yunting.hearings.services import hearing_fix, hearing_propose, hearing_schedule
    from yunting.service.addresses import address_confirm
    from yunting.service.models import ServiceTask
    from yunting.service.services import service_dispatch

    receiver = Receiver()
    try:
        session = APIClient()
        session.force_login(bank)
        made = session.post(
            "/api/v1/institution/webhooks",
            {"url": receiver.url, "events": ["document.served", "hearing.fixed"]},
            format="json",
        )
        receiver.secret = made.json()["secret"]
        client = key_client(bank_key[1])
        filed = client.post(
            "/api/v1/institution/filings", filing_doc(11, complaint=complaint), format="json"
        )
        assert filed.status_code == 201, filed.json()
        filing = Filing.objects.get(pk=filed.json()["id"])
        case = filing_accept(filing=filing, officer=demo["filing_officer"])
        case.judge = demo["judge"]
        case.save(update_fields=["judge"])
        run_worker()

        room = Courtroom.objects.filter(court=case.court, supports_online=True).first()
        scheduled = hearing_schedule(
            case=case, actor=demo["judge"], kind="trial", courtroom=room, starts_at=_at(3, 9)
        )
        proposed = hearing_propose(
            case=case,
            actor=demo["judge"],
            kind="mediation",
            courtroom=room,
            slots=[_at(5, 9), _at(5, 14)],
        )
        hearing_fix(
            hearing=proposed, actor=demo["judge"], slot=proposed.slots.order_by("starts_at")[1]
        )

        defendant = case.parties.get(role="defendant")
        address_confirm(
            party=defendant,
            actor=demo["service_officer"],
            source="express",
            email="borrower11@shifan.example",
            postal="上海市长宁区示范路11号",
            consent={"email"},
        )
        doc = document_issue(
            template_code="response_notice",
            case=case,
            actor=demo["judge"],
            recipient=defendant,
        )
        task = ServiceTask.objects.get(document=doc)
        service_dispatch(task=task, channels=["email"], actor=demo["service_officer"])
        run_worker()  # sends the e-mail (served), seals the proof of service, fans out, delivers
        run_worker()
        assert smtp_inbox.messages
        task.refresh_from_db()
        assert task.receipt is not None

        feed = client.get("/api/v1/events?after=0").json()
        fixed = [e for e in feed if e["event"] == "hearing.fixed"]
        assert [e["data"]["hearing"] for e in fixed] == [str(scheduled.id), str(proposed.id)]
        assert [e["data"]["kind"] for e in fixed] == ["trial", "mediation"]
        assert dt.datetime.fromisoformat(fixed[1]["data"]["starts_at"]) == _at(5, 14)
        assert all(e["data"]["filing"] == str(filing.id) for e in fixed)
        assert all(e["data"]["case"] == str(case.id) for e in fixed)
        assert "ranking" not in fixed[1]["data"]  # how the times ranked stays in the ledger

        served = [e for e in feed if e["event"] == "document.served"]
        mine = [e for e in served if e["data"]["document"] == str(doc.id)]
        assert len(mine) == 1
        assert mine[0]["data"]["receipt"] == str(task.receipt_id)
        assert mine[0]["data"]["party"] == str(defendant.id)
        assert mine[0]["data"]["case_number"] == case.case_number
        assert "address" not in mine[0]["data"]

        bodies = [json.loads(r["body"]) for r in receiver.received]
        assert all(r["valid"] for r in receiver.received)
        assert sorted(b["id"] for b in bodies) == sorted(e["id"] for e in fixed + served)
        assert {b["event"] for b in bodies} == {"hearing.fixed", "document.served"}
    finally:
        receiver.close()
