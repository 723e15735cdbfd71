"""同步录音录像 through the chunk API: real bytes in chunks, a repeated chunk accepted again,
out-of-order and conflicting chunks refused with where to resume, the assembled file in the
e-file and its hash in the ledger."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.hearings.conftest import at
from yunting.hearings import services
from yunting.hearings.events import HearingEvent
from yunting.hearings.models import HearingStatus, Recording, RecordingChunk
from yunting.ledger.models import DocumentRef, Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_hearing(hcase, room):
    h = services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(1)
    )
    h.status = HearingStatus.OPEN
    h.opened_at = timezone.now()
    h.save()
    return h


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _start(c, hearing, content_type="video/webm;codecs=vp8,opus"):
    return c.post(
        reverse("hearings:recording_start", args=[hearing.pk]),
        json.dumps({"content_type": content_type}),
        content_type="application/json",
    )


def _put(c, hearing, rec_id, index, data, total=None):
    url = reverse("hearings:recording_chunk", args=[hearing.pk, rec_id]) + f"?index={index}"
    if total is not None:
        url += f"&total={total}"
    return c.post(url, data, content_type="application/octet-stream")


def test_chunks_assembled_filed_and_hashed(open_hearing, demo):
    clerk = _client(demo["clerk"])
    # a real EBML (WebM) header followed by media bytes, cut in four unequal chunks
    data = bytes.fromhex("1a45dfa3") + os.urandom(300_000)
    parts = [data[:70_000], data[70_000:150_000], data[150_000:290_000], data[290_000:]]
    response = _start(clerk, open_hearing)
    assert response.status_code == 200, response.content
    rec_id = response.json()["id"]
    open_hearing.refresh_from_db()
    assert open_hearing.recording is True
    assert _start(clerk, open_hearing).json()["code"] == "recording_on"

    assert _put(clerk, open_hearing, rec_id, 0, parts[0]).json()["next"] == 1
    again = _put(clerk, open_hearing, rec_id, 0, parts[0])  # the answer was lost: sent again
    assert again.status_code == 200 and again.json()["next"] == 1
    other = _put(clerk, open_hearing, rec_id, 0, b"other bytes")
    assert other.status_code == 409 and other.json()["code"] == "chunk_mismatch"
    gap = _put(clerk, open_hearing, rec_id, 2, parts[2])  # chunk 1 is missing
    assert gap.status_code == 409
    assert gap.json()["code"] == "chunk_gap" and gap.json()["next"] == 1
    assert _put(clerk, open_hearing, rec_id, 1, b"").json()["code"] == "chunk_bad"
    assert RecordingChunk.objects.filter(recording_id=rec_id).count() == 1
    # resumable: the client asks where to go on
    status = clerk.get(reverse("hearings:recording_chunk", args=[open_hearing.pk, rec_id]))
    assert status.json()["next"] == 1
    _put(clerk, open_hearing, rec_id, 1, parts[1])
    _put(clerk, open_hearing, rec_id, 2, parts[2])
    assert _put(clerk, open_hearing, rec_id, 9, parts[3], total=4).json()["code"] == "chunk_bad"
    done = _put(clerk, open_hearing, rec_id, 3, parts[3], total=4).json()
    assert done["status"] == "filed"
    sha = hashlib.sha256(data).hexdigest()
    assert done["sha256"] == sha

    rec = Recording.objects.get(pk=rec_id)
    assert rec.size == len(data) and rec.total == 4 and rec.item is not None
    assert rec.item.sha256 == sha and rec.item.content_type == "video/webm"
    assert rec.item.volume.efile.case_id == open_hearing.case_id
    with default_storage.open(rec.item.storage_path) as f:
        assert f.read() == data  # the e-file holds exactly the recorded bytes, in order
    assert not RecordingChunk.objects.filter(recording=rec).exists()
    filed = Entry.objects.get(event_type=HearingEvent.RECORDING_FILED)
    assert filed.payload["sha256"] == sha and filed.payload["chunks"] == 4
    assert DocumentRef.objects.filter(entry=filed, sha256=sha).exists()
    open_hearing.refresh_from_db()
    assert open_hearing.recording is False
    # the last chunk resent after filing is still fine; a new one is not
    assert _put(clerk, open_hearing, rec_id, 3, parts[3], total=4).status_code == 200
    assert _put(clerk, open_hearing, rec_id, 4, b"x").json()["code"] == "recording_off"


def test_only_the_clerk_of_an_open_hearing_records(open_hearing, demo):
    party = _client(demo["litigant"])
    assert _start(party, open_hearing).status_code == 403
    clerk = _client(demo["clerk"])
    assert _start(clerk, open_hearing, "application/x-msdownload").status_code == 400
    rec_id = _start(clerk, open_hearing).json()["id"]
    url = reverse("hearings:recording_chunk", args=[open_hearing.pk, rec_id])
    assert party.get(url).status_code == 404
    assert (
        party.post(url + "?index=0", b"x", content_type="application/octet-stream").status_code
        == 404
    )
    from yunting.accounts.models import User

    outsider = _client(User.objects.create_user("13911112222", "x-password-1", name="路人"))
    assert outsider.get(url).status_code == 404
    open_hearing.status = HearingStatus.CLOSED
    open_hearing.save(update_fields=["status"])
    Recording.objects.all().delete()
    assert _start(clerk, open_hearing).json()["code"] == "bad_state"


def test_closing_the_hearing_files_the_recording_it_interrupts(open_hearing, demo):
    """The judge closes while the clerk is still recording: the chunks received so far are
    the recording, filed and hashed as when the clerk stops, and the closing is on record."""
    from yunting.hearings import room as room_rules

    clerk = _client(demo["clerk"])
    data = bytes.fromhex("1a45dfa3") + os.urandom(120_000)
    rec_id = _start(clerk, open_hearing).json()["id"]
    assert _put(clerk, open_hearing, rec_id, 0, data[:50_000]).json()["next"] == 1
    assert _put(clerk, open_hearing, rec_id, 1, data[50_000:]).json()["next"] == 2

    room_rules.hearing_close(hearing=open_hearing, actor=open_hearing.case.judge)

    rec = Recording.objects.get(pk=rec_id)
    sha = hashlib.sha256(data).hexdigest()
    assert rec.status == Recording.Status.FILED and rec.total == 2 and rec.received == 2
    assert rec.sha256 == sha and rec.size == len(data) and rec.item.sha256 == sha
    assert rec.item.volume.efile.case_id == open_hearing.case_id
    with default_storage.open(rec.item.storage_path) as f:
        assert f.read() == data
    assert not RecordingChunk.objects.filter(recording=rec).exists()
    filed = Entry.objects.get(event_type=HearingEvent.RECORDING_FILED)
    assert filed.payload["ended_by"] == "hearing_closed" and filed.payload["chunks"] == 2
    assert DocumentRef.objects.filter(entry=filed, sha256=sha).exists()
    ended = Entry.objects.get(event_type=HearingEvent.RECORDING_ENDED)
    assert ended.payload["recording"] == rec_id and ended.payload["chunks"] == 2
    assert ended.payload["filed"] is True and ended.payload["sha256"] == sha
    open_hearing.refresh_from_db()
    assert open_hearing.status == HearingStatus.CLOSED and open_hearing.recording is False
    # the clerk's browser resending a chunk the file holds is fine; a later chunk is refused
    assert _put(clerk, open_hearing, rec_id, 1, data[50_000:]).status_code == 200
    late = _put(clerk, open_hearing, rec_id, 2, b"after the close")
    assert late.status_code == 409 and late.json()["code"] == "recording_off"
    assert _start(clerk, open_hearing).json()["code"] == "bad_state"


def test_closing_ends_a_recording_that_received_nothing(open_hearing, demo):
    from yunting.hearings import room as room_rules

    clerk = _client(demo["clerk"])
    rec_id = _start(clerk, open_hearing).json()["id"]
    room_rules.hearing_close(hearing=open_hearing, actor=open_hearing.case.judge)
    rec = Recording.objects.get(pk=rec_id)
    assert rec.status == Recording.Status.EMPTY and rec.item is None and rec.total == 0
    ended = Entry.objects.get(event_type=HearingEvent.RECORDING_ENDED)
    assert ended.payload["chunks"] == 0 and ended.payload["filed"] is False
    assert not Entry.objects.filter(event_type=HearingEvent.RECORDING_FILED).exists()
    open_hearing.refresh_from_db()
    assert open_hearing.recording is False
    late = _put(clerk, open_hearing, rec_id, 0, b"x")
    assert late.status_code == 409 and late.json()["code"] == "recording_off"
