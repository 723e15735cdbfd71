from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from django.test import Client

from tests.hearings.conftest import at, grant_witness
from yunting.hearings import ical, media, services
from yunting.hearings.models import CourtroomMedia, MediaMode, ParticipantRole

pytestmark = pytest.mark.django_db


def _b64d(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


@pytest.fixture
def booked(hcase, room):
    return services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(2)
    )


def test_turn_rest_credentials(booked, settings):
    settings.YUNTING_STUN_URLS = ["stun:turn.example:3478"]
    settings.YUNTING_TURN_URLS = ["turn:turn.example:3478"]
    settings.YUNTING_TURN_SECRET = "s3cret"
    seat = booked.participants.get(role=ParticipantRole.JUDGE)
    stun, turn = media.ice_servers(participant=seat, now=1_000_000)
    assert stun == {"urls": ["stun:turn.example:3478"]}
    assert turn["username"] == f"{1_000_000 + media.TURN_TTL}:{seat.id}"
    want = base64.b64encode(
        hmac.new(b"s3cret", turn["username"].encode(), hashlib.sha1).digest()
    ).decode()
    assert turn["credential"] == want


def test_livekit_token_and_witness_cannot_subscribe(booked, settings):
    settings.YUNTING_LIVEKIT_KEY, settings.YUNTING_LIVEKIT_SECRET = "APIkey", "lk-secret"
    CourtroomMedia.objects.create(
        courtroom=booked.courtroom, mode=MediaMode.SFU, sfu_url="wss://sfu.example"
    )
    witness = grant_witness(booked, name="证人", id_number="123456")
    witness.refresh_from_db()
    url = media.sfu_join_url(participant=witness)
    assert url.startswith("wss://sfu.example?access_token=")
    token = url.split("=", 1)[1]
    header, body, sig = token.split(".")
    expected = hmac.new(b"lk-secret", f"{header}.{body}".encode(), hashlib.sha256).digest()
    assert _b64d(sig) == expected
    claims = json.loads(_b64d(body))
    assert claims["iss"] == "APIkey" and claims["sub"] == str(witness.id)
    assert claims["video"]["room"] == f"hearing-{booked.id}"
    assert claims["video"]["canSubscribe"] is False
    judge = booked.participants.get(role=ParticipantRole.JUDGE)
    judge_claims = json.loads(_b64d(media.livekit_token(participant=judge).split(".")[1]))
    assert judge_claims["video"]["canSubscribe"] and judge_claims["video"]["roomAdmin"]


def test_ical_feed_signed(booked, demo):
    user = demo["lawyer"]
    client = Client()
    token = ical.subscription_token(user)
    res = client.get(f"/hearings/ical/{token}.ics")
    assert res.status_code == 200 and res["Content-Type"].startswith("text/calendar")
    body = res.content.decode()
    assert f"UID:{booked.id}@yunting" in body and booked.case.case_number in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(f"/hearings/ical/{token[:-2]}xx.ics").status_code == 404
    other = ical.subscription_token(demo["institution"])
    assert f"UID:{booked.id}" not in client.get(f"/hearings/ical/{other}.ics").content.decode()


def test_foreign_user_gets_404(booked, demo):
    client = Client()
    client.force_login(demo["institution"])
    assert client.get(f"/hearings/{booked.id}/").status_code == 404
    assert client.get(f"/hearings/{booked.id}/identity/").status_code == 404
    assert client.get(f"/hearings/{booked.id}/room/").status_code == 404
    assert client.get(f"/hearings/{booked.id}/transcript/").status_code == 404
    assert client.get(f"/hearings/case/{booked.case.id}/new/").status_code == 404
    assert client.get("/hearings/w/not-a-token/").status_code == 404


def test_witness_link_cannot_open_the_hearing_pages(booked):
    w = grant_witness(booked, name="证人", id_number="123456")
    client = Client()
    assert client.get(f"/hearings/w/{w.token}/").status_code == 302
    assert client.get(f"/hearings/{booked.id}/").status_code == 302  # login page, not the case
    assert client.get(f"/hearings/{booked.id}/transcript/").status_code == 404
    assert client.get(f"/hearings/{booked.id}/room/").status_code == 302  # identity first
