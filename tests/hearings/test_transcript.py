from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageDraw

from tests.hearings.conftest import at
from yunting.efile.models import Item
from yunting.hearings import room as room_rules
from yunting.hearings import services, transcript
from yunting.hearings.errors import HearingError, HearingErrorCode
from yunting.hearings.events import HearingEvent
from yunting.hearings.models import HearingStatus, Signature
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _png(drawn=True, y=30) -> str:
    img = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    if drawn:
        ImageDraw.Draw(img).line([(10, 40), (190, y)], fill=(0, 0, 0, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


@pytest.fixture
def closed(hcase, room):
    from django.utils import timezone

    h = services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(1)
    )
    h.status = HearingStatus.OPEN
    h.opened_at = timezone.now()
    h.save()
    return h


def _ids(demo):
    judge, clerk = demo["judge"], demo["clerk"]
    judge.id_number, clerk.id_number = "310105197001011236", "310105198802022349"
    judge.save()
    clerk.save()


def test_two_clerks_cannot_overwrite_each_other(closed, demo):
    clerk = demo["clerk"]
    t1 = transcript.transcript_save(hearing=closed, actor=clerk, body="一", base_version=0)
    assert t1.version == 1
    with pytest.raises(HearingError) as exc:  # the second clerk's page still says version 0
        transcript.transcript_save(hearing=closed, actor=clerk, body="二", base_version=0)
    assert exc.value.code == HearingErrorCode.STALE
    assert (
        transcript.transcript_save(hearing=closed, actor=clerk, body="一二", base_version=1).version
        == 2
    )
    assert list(closed.transcript.versions.values_list("body", flat=True)) == ["一", "一二"]
    with pytest.raises(HearingError) as exc:
        transcript.transcript_save(hearing=closed, actor=demo["judge"], body="x", base_version=2)
    assert exc.value.code == HearingErrorCode.NOT_THE_CLERK


def test_sign_refuse_and_file(closed, demo):
    _ids(demo)
    clerk = demo["clerk"]
    transcript.transcript_save(
        hearing=closed, actor=clerk, body="审判员：现在开庭。", base_version=0
    )
    with pytest.raises(HearingError) as exc:  # not before the hearing closes
        transcript.transcript_lock(hearing=closed, actor=clerk)
    assert exc.value.code == HearingErrorCode.BAD_STATE
    room_rules.hearing_close(hearing=closed, actor=demo["judge"])
    closed.refresh_from_db()
    transcript.transcript_lock(hearing=closed, actor=clerk)
    with pytest.raises(HearingError) as exc:
        transcript.transcript_save(hearing=closed, actor=clerk, body="改", base_version=1)
    assert exc.value.code == HearingErrorCode.LOCKED
    seats = {p.name: p for p in transcript.signers(closed)}
    assert set(seats) == {"刘法官", "郑书记员", "张三", "李四", "王律师"}
    with pytest.raises(HearingError) as exc:
        transcript.transcript_sign(participant=seats["张三"], image=_png(False), digits="122015")
    assert exc.value.code == HearingErrorCode.NO_SIGNATURE
    with pytest.raises(HearingError) as exc:
        transcript.transcript_sign(participant=seats["张三"], image=_png(), digits="000000")
    assert exc.value.code == HearingErrorCode.IDENTITY
    with pytest.raises(HearingError) as exc:
        transcript.transcript_file(hearing=closed, actor=clerk)
    assert exc.value.code == HearingErrorCode.UNSIGNED
    digits = {"刘法官": "011236", "郑书记员": "022349", "张三": "122015", "李四": "20102x"}
    for i, (name, d) in enumerate(digits.items()):
        transcript.transcript_sign(participant=seats[name], image=_png(y=10 + 10 * i), digits=d)
    transcript.transcript_refuse(participant=seats["王律师"], reason="笔录第二段记载有误")
    with pytest.raises(HearingError) as exc:  # 张三 has signed already
        transcript.transcript_sign(participant=seats["张三"], image=_png(), digits="122015")
    assert exc.value.code == HearingErrorCode.ALREADY_SIGNED
    doc = transcript.transcript_file(hearing=closed, actor=clerk)
    assert doc.template_code == "hearing_transcript"
    assert Item.objects.filter(volume__efile__case=closed.case, title__contains="庭审笔录").exists()
    assert Signature.objects.filter(refused=True, note="笔录第二段记载有误").count() == 1
    assert Entry.objects.filter(event_type=HearingEvent.REFUSED).count() == 1
    assert Entry.objects.filter(event_type=HearingEvent.TRANSCRIPT_FILED).count() == 1
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from yunting.documents.services import storage_path_for

    with default_storage.open(storage_path_for(doc.sha256)) as fh:
        reader = PdfReader(fh)
        text = "".join(page.extract_text() for page in reader.pages)
        images = sum(len(page.images) for page in reader.pages)
    assert "拒绝签名" in text and "现在开庭" in text
    assert images >= 4  # the four drawn signatures (and the seal)
