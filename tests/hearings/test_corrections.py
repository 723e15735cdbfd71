"""Transcript correction requests at review: asked by a participant, accepted by the clerk
(a new version; earlier signatures voided) or rejected with a reason; then sign or refuse."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from tests.hearings.conftest import at
from tests.hearings.test_transcript import _ids, _png
from yunting.hearings import room as room_rules
from yunting.hearings import services, transcript
from yunting.hearings.errors import HearingError, HearingErrorCode
from yunting.hearings.events import HearingEvent
from yunting.hearings.models import (
    CorrectionRequest,
    CorrectionStatus,
    HearingStatus,
    Signature,
    Transcript,
    TranscriptVersion,
)
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db

BODY = "审判员：现在开庭。\n原告：借款五万元已交付。\n被告：我没有收到借款。"


@pytest.fixture
def locked(hcase, room, demo):
    _ids(demo)
    h = services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(1)
    )
    h.status = HearingStatus.OPEN
    h.opened_at = timezone.now()
    h.save()
    transcript.transcript_save(hearing=h, actor=demo["clerk"], body=BODY, base_version=0)
    room_rules.hearing_close(hearing=h, actor=hcase.judge)
    h.refresh_from_db()
    transcript.transcript_lock(hearing=h, actor=demo["clerk"])
    return h


def _seat(h, name):
    return h.participants.get(name=name)


def test_accepted_correction_makes_a_new_version_and_voids_earlier_signatures(locked, demo):
    clerk = demo["clerk"]
    judge = _seat(locked, locked.case.judge.name)
    transcript.transcript_sign(participant=judge, image=_png(), digits="011236")
    li = _seat(locked, "李四")
    with pytest.raises(HearingError) as exc:  # a passage not in the transcript
        transcript.correction_ask(participant=li, passage="我收到了", text="我没有收到")
    assert exc.value.code == HearingErrorCode.NO_PASSAGE
    asked = transcript.correction_ask(
        participant=li, passage="我没有收到借款", text="我没有收到全部借款，只收到三万元"
    )
    assert asked.version == 1 and asked.status == CorrectionStatus.PENDING
    with pytest.raises(HearingError) as exc:  # no signing while one's own request waits
        transcript.transcript_sign(participant=li, image=_png(), digits="20102X")
    assert exc.value.code == HearingErrorCode.CORRECTION_PENDING
    with pytest.raises(HearingError) as exc:  # only the clerk answers
        transcript.correction_decide(correction=asked, actor=demo["judge"], accept=True)
    assert exc.value.code == HearingErrorCode.NOT_THE_CLERK
    with pytest.raises(HearingError) as exc:  # nor can the clerk file while it waits
        transcript.transcript_file(hearing=locked, actor=clerk)
    assert exc.value.code == HearingErrorCode.CORRECTION_PENDING

    done = transcript.correction_decide(correction=asked, actor=clerk, accept=True)
    assert done.status == CorrectionStatus.ACCEPTED and done.new_version == 2
    record = Transcript.objects.get(hearing=locked)
    assert record.version == 2
    assert "被告：我没有收到全部借款，只收到三万元。" in record.body
    assert TranscriptVersion.objects.filter(transcript=record, version=2).exists()
    # the judge signed version 1: voided, to sign what the transcript now says
    assert not Signature.objects.filter(transcript=record).exists()
    payload = Entry.objects.get(event_type=HearingEvent.CORRECTION_DECIDED).payload
    assert payload["accepted"] is True and payload["voided"] == [judge.name]
    with pytest.raises(HearingError) as exc:
        transcript.correction_decide(correction=done, actor=clerk, accept=False, reason="x")
    assert exc.value.code == HearingErrorCode.CORRECTION_DONE
    sig = transcript.transcript_sign(participant=li, image=_png(), digits="20102X")
    assert sig.version == 2


def test_rejected_correction_then_refusal_is_recorded(locked, demo):
    clerk = demo["clerk"]
    zhang = _seat(locked, "张三")
    asked = transcript.correction_ask(
        participant=zhang, passage="借款五万元已交付", text="借款五万元已于三月交付"
    )
    with pytest.raises(HearingError) as exc:  # a rejection needs its reason
        transcript.correction_decide(correction=asked, actor=clerk, accept=False, reason=" ")
    assert exc.value.code == HearingErrorCode.REASONS
    rejected = transcript.correction_decide(
        correction=asked, actor=clerk, accept=False, reason="庭上未陈述交付时间。"
    )
    assert rejected.status == CorrectionStatus.REJECTED
    assert Transcript.objects.get(hearing=locked).version == 1
    refusal = transcript.transcript_refuse(participant=zhang, reason="更正申请未被采纳")
    assert refusal.refused and refusal.note == "更正申请未被采纳"
    assert Entry.objects.filter(event_type=HearingEvent.REFUSED).count() == 1
    with pytest.raises(HearingError) as exc:  # after signing or refusing, no more requests
        transcript.correction_ask(participant=zhang, passage="现在开庭", text="现在继续开庭")
    assert exc.value.code == HearingErrorCode.ALREADY_SIGNED


def test_correction_pages(locked, demo, client):
    from django.urls import reverse

    page = reverse("hearings:transcript", args=[locked.pk])
    client.force_login(demo["lawyer"])
    assert 'data-testid="correction-form"' in client.get(page).content.decode()
    act = reverse("hearings:transcript_action", args=[locked.pk, "correct"])
    response = client.post(act, {"passage": "不存在的话", "text": "x"}, follow=True)
    with translation.override("zh-hans"):
        said = str(HearingErrorCode.NO_PASSAGE.message)
    assert said in response.content.decode()
    assert not CorrectionRequest.objects.exists()
    client.post(act, {"passage": "现在开庭", "text": "现在公开开庭"})
    client.force_login(demo["clerk"])
    body = client.get(page).content.decode()
    assert "现在公开开庭" in body and 'data-testid="accept-1"' in body
    bad = reverse("hearings:transcript_action", args=[locked.pk, "accept"])
    assert client.post(bad, {"correction": "999999"}).status_code == 404
