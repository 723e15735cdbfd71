"""Payloads of the hearing events: scheduling, the room, witnesses, recording, the transcript."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import pytest
from django.utils import timezone

from tests.hearings.test_transcript import _ids, _png
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.hearings import recording, services, transcript, witnesses
from yunting.hearings import room as hearing_room
from yunting.hearings.events import HearingEvent
from yunting.hearings.models import Attendance

pytestmark = pytest.mark.django_db


def _head(h) -> dict:
    return {"hearing": str(h.id), "kind": "trial"}


def _at(h, actor) -> dict:
    return {
        "case_id": h.case_id,
        "court_id": h.case.court_id,
        "actor_id": actor.id if actor else None,
    }


def _seat(h, name):
    return h.participants.get(name=name)


def _soon(hcase, room):
    return services.hearing_schedule(
        case=hcase,
        actor=hcase.judge,
        kind="trial",
        courtroom=room,
        starts_at=timezone.now() + dt.timedelta(minutes=10),
    )


@covers(
    HearingEvent.SCHEDULED,
    HearingEvent.OPENED,
    HearingEvent.JOINED,
    HearingEvent.LEFT,
    HearingEvent.MODERATED,
    HearingEvent.RECORDING_STARTED,
    HearingEvent.RECORDING_FILED,
    HearingEvent.RECORDING_ENDED,
    HearingEvent.CLOSED,
)
def test_schedule_room_and_recording_events(hcase, room, demo):
    judge, clerk = hcase.judge, demo["clerk"]
    with recorded() as entries:
        h = _soon(hcase, room)
    assert_event(
        entries,
        HearingEvent.SCHEDULED,
        _head(h)
        | {
            "courtroom": str(room.id),
            "starts_at": h.starts_at.isoformat(),
            "ends_at": h.ends_at.isoformat(),
            "online": True,
        },
        **_at(h, judge),
    )
    with recorded() as entries:
        hearing_room.hearing_open(hearing=h, actor=judge)
    assert_event(entries, HearingEvent.OPENED, _head(h) | {"status": "open"}, **_at(h, judge))

    zhang = _seat(h, "张三")
    party = {"participant": str(zhang.id), "role": zhang.role}
    with recorded() as entries:
        hearing_room.attendance_record(participant=zhang, kind=Attendance.Kind.JOINED, device="d1")
        hearing_room.attendance_record(participant=zhang, kind=Attendance.Kind.LEFT, device="d1")
    assert_event(entries, HearingEvent.JOINED, _head(h) | party, **_at(h, None))
    assert_event(entries, HearingEvent.LEFT, _head(h) | party, **_at(h, None))
    with recorded() as entries:
        hearing_room.participant_moderate(hearing=h, actor=judge, target=zhang, action="mute")
    assert_event(
        entries, HearingEvent.MODERATED, _head(h) | party | {"action": "mute"}, **_at(h, judge)
    )
    with recorded() as entries:
        rec = recording.recording_start(
            hearing=h, actor=clerk, content_type="video/webm;codecs=vp8"
        )
    assert_event(
        entries,
        HearingEvent.RECORDING_STARTED,
        _head(h) | {"recording": str(rec.id), "content_type": "video/webm"},
        **_at(h, clerk),
    )
    data = bytes.fromhex("1a45dfa3") + os.urandom(2000)
    recording.recording_chunk(recording=rec, actor=clerk, index=0, data=data[:1000])
    with recorded() as entries:
        recording.recording_chunk(recording=rec, actor=clerk, index=1, total=2, data=data[1000:])
    rec.refresh_from_db()
    sha = hashlib.sha256(data).hexdigest()
    entry = assert_event(
        entries,
        HearingEvent.RECORDING_FILED,
        _head(h)
        | {
            "recording": str(rec.id),
            "item": str(rec.item_id),
            "sha256": sha,
            "size": len(data),
            "chunks": 2,
            "ended_by": "clerk",
        },
        **_at(h, clerk),
    )
    assert entry.document_hashes == [sha]

    # A second recording still running when the judge closes: ended by the closing.
    running = recording.recording_start(hearing=h, actor=clerk, content_type="video/webm")
    with recorded() as entries:
        hearing_room.hearing_close(hearing=h, actor=judge)
    assert_event(entries, HearingEvent.CLOSED, _head(h) | {"status": "closed"}, **_at(h, judge))
    assert_event(
        entries,
        HearingEvent.RECORDING_ENDED,
        _head(h) | {"recording": str(running.id), "chunks": 0, "filed": False, "sha256": ""},
        **_at(h, judge),
    )


@covers(
    HearingEvent.WITNESS_APPLIED,
    HearingEvent.WITNESS_OBJECTED,
    HearingEvent.WITNESS_DECIDED,
    HearingEvent.WITNESS_ADDED,
    HearingEvent.UNDERTAKING_SIGNED,
)
def test_witness_application_events(hcase, room, demo):
    h = _soon(hcase, room)
    litigant, judge = demo["litigant"], hcase.judge
    li = _seat(h, "李四")
    with recorded() as entries:
        application = witnesses.witness_apply(
            hearing=h,
            user=litigant,
            name="赵证人",
            id_number="310105199001011234",
            phone="13900000099",
            testimony="目睹被告收到借款五万元。",
        )
    assert_event(
        entries,
        HearingEvent.WITNESS_APPLIED,
        _head(h)
        | {
            "application": str(application.id),
            "party": str(application.party_id),
            "witness": "赵证人",
            "online": True,
            "objection_until": application.objection_until.isoformat(),
        },
        **_at(h, litigant),
    )
    with recorded() as entries:
        witnesses.witness_object(
            application=application, user=li.user, reasons="证人与原告有利害关系"
        )
    assert_event(
        entries,
        HearingEvent.WITNESS_OBJECTED,
        _head(h)
        | {
            "application": str(application.id),
            "party": str(li.party_id),
            "reasons": "证人与原告有利害关系",
        },
        **_at(h, li.user),
    )
    with recorded() as entries:
        application = witnesses.witness_decide(
            application=application, actor=judge, grant=True, reasons="准许"
        )
    seat = application.participant
    assert_event(  # the grant is the only way a witness is seated
        entries,
        HearingEvent.WITNESS_ADDED,
        _head(h)
        | {"participant": str(seat.id), "role": "witness", "application": str(application.id)},
        **_at(h, judge),
    )
    assert_event(
        entries,
        HearingEvent.WITNESS_DECIDED,
        _head(h)
        | {
            "application": str(application.id),
            "granted": True,
            "reasons": "准许",
            "participant": str(seat.id),
        },
        **_at(h, judge),
    )
    image = _png()
    with recorded() as entries:
        witnesses.undertaking_sign(participant=seat, image=image, digits="011234")
    assert_event(
        entries,
        HearingEvent.UNDERTAKING_SIGNED,
        _head(h)
        | {
            "participant": str(seat.id),
            "role": "witness",
            "image_sha256": hashlib.sha256(image.encode()).hexdigest(),
        },
        **_at(h, None),
    )


@covers(
    HearingEvent.TRANSCRIPT_LOCKED,
    HearingEvent.CORRECTION_ASKED,
    HearingEvent.CORRECTION_DECIDED,
    HearingEvent.SIGNED,
    HearingEvent.REFUSED,
    HearingEvent.TRANSCRIPT_FILED,
)
def test_transcript_review_events(hcase, room, demo):
    _ids(demo)
    judge, clerk = hcase.judge, demo["clerk"]
    h = _soon(hcase, room)
    hearing_room.hearing_open(hearing=h, actor=judge)
    transcript.transcript_save(
        hearing=h, actor=clerk, body="审判员：现在开庭。\n被告：我没有收到借款。", base_version=0
    )
    hearing_room.hearing_close(hearing=h, actor=judge)
    h.refresh_from_db()
    with recorded() as entries:
        transcript.transcript_lock(hearing=h, actor=clerk)
    assert_event(
        entries, HearingEvent.TRANSCRIPT_LOCKED, _head(h) | {"version": 1}, **_at(h, clerk)
    )

    li = _seat(h, "李四")
    as_li = {"participant": str(li.id), "role": li.role}
    with recorded() as entries:
        asked = transcript.correction_ask(
            participant=li, passage="我没有收到借款", text="我没有收到全部借款"
        )
    assert_event(
        entries,
        HearingEvent.CORRECTION_ASKED,
        _head(h)
        | as_li
        | {
            "correction": asked.pk,
            "version": 1,
            "passage": "我没有收到借款",
            "text": "我没有收到全部借款",
        },
        **_at(h, li.user),
    )
    with recorded() as entries:
        transcript.correction_decide(
            correction=asked, actor=clerk, accept=False, reason="庭上未如此陈述。"
        )
    assert_event(
        entries,
        HearingEvent.CORRECTION_DECIDED,
        _head(h)
        | as_li
        | {
            "correction": asked.pk,
            "accepted": False,
            "reason": "庭上未如此陈述。",
            "version": 1,
            "voided": [],
        },
        **_at(h, clerk),
    )
    digits = {judge.name: "011236", "郑书记员": "022349", "张三": "122015"}
    images = {}
    for i, (name, d) in enumerate(digits.items()):
        images[name] = _png(y=10 + 10 * i)
        with recorded() as entries:
            transcript.transcript_sign(participant=_seat(h, name), image=images[name], digits=d)
        seat = _seat(h, name)
        assert_event(
            entries,
            HearingEvent.SIGNED,
            _head(h)
            | {
                "participant": str(seat.id),
                "role": seat.role,
                "version": 1,
                "image_sha256": hashlib.sha256(images[name].encode()).hexdigest(),
            },
            **_at(h, seat.user),
        )
    for name in ("李四", "王律师"):
        seat = _seat(h, name)
        with recorded() as entries:
            transcript.transcript_refuse(participant=seat, reason="笔录记载有误")
        assert_event(
            entries,
            HearingEvent.REFUSED,
            _head(h) | {"participant": str(seat.id), "role": seat.role, "reason": "笔录记载有误"},
            **_at(h, seat.user),
        )
    with recorded() as entries:
        doc = transcript.transcript_file(hearing=h, actor=clerk)
    entry = assert_event(
        entries,
        HearingEvent.TRANSCRIPT_FILED,
        _head(h) | {"version": 1, "document": str(doc.id)},
        **_at(h, clerk),
    )
    assert entry.document_hashes == [doc.sha256]
