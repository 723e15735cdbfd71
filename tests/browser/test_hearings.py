"""Hearings in the browser, against a real ASGI server (uvicorn: HTTP and the signalling
WebSocket) and Chromium with its fake camera and microphone."""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.hearings.conftest import at, make_hearing_case

FAKE_MEDIA = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
PORTS = range(8130, 8140)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port in 8130-8139")


@pytest.fixture
def asgi_url(transactional_db, settings):
    """uvicorn serving yunting.asgi in a thread of this process (same test database)."""
    import uvicorn
    from channels.layers import channel_layers

    from yunting.asgi import application

    # The server's loop gets its own channel layer: channels_redis binds a cached layer's
    # receiving to the first loop that receives on it, and an earlier test's closed loop would
    # leave every socket of this server without its welcome.
    channel_layers.backends.clear()
    port = _free_port()
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def media_browser(_playwright):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MEDIA, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def person(media_browser, asgi_url, demo_password):
    """``person(user)``: a logged-in page of that user's own browser context."""
    contexts = []

    def make(user=None):
        # bypass_csp: only so the test can poll page state with wait_for_function
        context = media_browser.new_context(base_url=asgi_url, locale="zh-CN", bypass_csp=True)
        context.grant_permissions(["camera", "microphone"])
        context.set_default_timeout(20_000)
        contexts.append(context)
        pg = context.new_page()
        if user is not None:
            pg.goto("/accounts/login/")
            pg.fill("input[name=username]", user.phone)
            pg.fill("input[name=password]", demo_password)
            pg.click("button[type=submit]")
            pg.wait_for_url(re.compile(r"/(portal|workbench)/"))
        return pg

    yield make
    for context in contexts:
        context.close()


def _users(demo):
    from yunting.accounts.models import User

    people = {
        "judge": demo["judge"],
        "clerk": demo["clerk"],
        "zhang": demo["litigant"],
        "lawyer": demo["lawyer"],
        "li": User.objects.get(phone="13900000002"),
    }
    # staff have no ID number in the demo; the second check reads the last six characters
    for key, number in (("judge", "310105197001011236"), ("clerk", "310105198802022349")):
        people[key].id_number = number
        people[key].save(update_fields=["id_number"])
    return people


DIGITS = {
    "judge": "011236",
    "clerk": "022349",
    "zhang": "122015",
    "lawyer": "013039",
    "li": "20102X",
}


def _local_input(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_conflict_refused_slot_negotiated_summons_issued(person, demo, court):
    from yunting.courts.models import Courtroom
    from yunting.documents.models import IssuedDocument
    from yunting.hearings import services
    from yunting.hearings.models import Hearing, HearingStatus

    people = _users(demo)
    busy = make_hearing_case(demo)
    case = make_hearing_case(demo, defendant_name="李四")
    room = Courtroom.objects.filter(court=court).order_by("name").first()
    services.hearing_schedule(
        case=busy, actor=people["judge"], kind="trial", courtroom=room, starts_at=at(2, 9)
    )

    judge = person(people["judge"])
    judge.goto(f"/hearings/case/{case.id}/new/")
    judge.select_option("#courtroom", str(room.id))
    judge.fill("#starts_at", _local_input(at(2, 9, 30)))
    judge.click("button[type=submit]")
    error = judge.get_by_test_id("error")
    assert busy.case_number in error.inner_text()
    assert "冲突" in error.inner_text() or "Double" in error.inner_text()
    assert Hearing.objects.filter(case=case).count() == 0

    judge.check("#mode-negotiate")
    judge.fill("#slot1", _local_input(at(3, 9)))
    judge.fill("#slot2", _local_input(at(3, 14)))
    judge.click("button[type=submit]")
    judge.wait_for_url(re.compile(r"/hearings/[0-9a-f-]+/$"))
    hearing = Hearing.objects.get(case=case)
    assert hearing.status == HearingStatus.NEGOTIATING

    for key in ("zhang", "lawyer", "li"):
        pg = person(people[key])
        pg.goto(f"/hearings/{hearing.id}/")
        pg.get_by_label(timezone.localtime(at(3, 14)).strftime("%Y-%m-%d %H:%M")).check()
        pg.get_by_test_id("answer").click()
        pg.wait_for_selector(".messages")

    judge.goto(f"/hearings/{hearing.id}/")
    first_row = judge.locator("[data-testid=ranking] tbody tr").first
    assert timezone.localtime(at(3, 14)).strftime("%H:%M") in first_row.inner_text()
    assert "3" in first_row.locator("td").nth(1).inner_text()
    judge.get_by_test_id("fix-1").click(timeout=90_000)  # three documents rendered and sealed
    judge.wait_for_selector(".messages")
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.SCHEDULED
    assert hearing.starts_at == at(3, 14)
    summons = IssuedDocument.objects.filter(case=case, template_code="summons")
    assert {d.recipient.name for d in summons} == {"张三", "李四"}
    assert IssuedDocument.objects.filter(case=case, template_code="hearing_notice").count() == 1

    # the calendar shows it, and the subscription feed carries it
    judge.goto(f"/hearings/calendar/?view=day&date={timezone.localdate(at(3)).isoformat()}")
    assert case.case_number in judge.get_by_test_id("calendar").inner_text()
    zhang = person(people["zhang"])
    zhang.goto("/hearings/")
    feed = zhang.get_by_test_id("ical-feed").input_value()
    body = zhang.request.get(feed).text()
    assert "BEGIN:VEVENT" in body and str(hearing.id) in body


def _enter(pg, hearing, digits: str, witness=False):
    if not witness:
        pg.goto(f"/hearings/{hearing.id}/identity/")
    pg.fill("#digits", digits)
    pg.get_by_test_id("check").click()
    pg.wait_for_url(re.compile(r"/prepare/$"))
    pg.wait_for_function("document.getElementById('device-status').dataset.ok === '1'")
    boxes = ["consent", "rules", *(["undertaking"] if witness else [])]
    for box in boxes:  # by their labels, as a person ticks them
        pg.locator(f"label[for={box}]").click()
        assert pg.is_checked(f"#{box}"), box
    if witness:  # the 保证书, drawn after the second identity check
        _draw(pg)
        pg.fill("#undertaking-digits", digits)
    pg.get_by_test_id("continue").click()
    pg.wait_for_url(re.compile(r"/room/$"))


def _draw(pg) -> None:
    """Sign on the pad with the mouse, as a person would (a zig-zag)."""
    pad = pg.locator("#pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    pg.mouse.move(box["x"] + 20, box["y"] + 70)
    pg.mouse.down()
    for i in range(1, 12):
        pg.mouse.move(box["x"] + 20 + i * 25, box["y"] + 70 + (i % 3) * 15)
    pg.mouse.up()


RECEIVED = """async () => {
  let bytes = 0;
  for (const {pc} of window.ytRoom.pcs.values()) {
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') bytes += r.bytesReceived || 0;
    });
  }
  return bytes;
}"""
PLAYING = """(n) => [...document.querySelectorAll('video[data-peer]')].filter(
  (v) => !v.paused && v.readyState >= 2 && v.currentTime > 0 && v.videoWidth > 0).length >= n"""


def _peers(pg, n: int):
    pg.wait_for_function(f"window.ytRoom && window.ytRoom.pcs.size === {n}")
    if n:
        pg.wait_for_function(PLAYING, arg=n, timeout=30_000)
        pg.wait_for_function(f"({RECEIVED})().then((b) => b > 0)")
        assert pg.evaluate(RECEIVED) > 0


def _granted_witness(hearing, people):
    """赵证人, applied for by the plaintiff, objected to by the defendant, allowed."""
    from yunting.hearings import witnesses

    application = witnesses.witness_apply(
        hearing=hearing,
        user=people["zhang"],
        name="赵证人",
        phone="13900000099",
        id_number="310105199001011234",
        testimony="借款交付经过",
    )
    witnesses.witness_object(application=application, user=people["li"], reasons="利害关系")
    return witnesses.witness_decide(
        application=application, actor=people["judge"], grant=True, reasons="准许"
    ).participant


def test_hearing_room_witness_and_signed_transcript(person, demo, court):
    from yunting.courts.models import Courtroom
    from yunting.efile.models import Item
    from yunting.hearings import services
    from yunting.hearings.models import Attendance, HearingStatus, Signature

    people = _users(demo)
    case = make_hearing_case(demo)
    room = Courtroom.objects.filter(court=court, supports_online=True).order_by("name").first()
    hearing = services.hearing_schedule(
        case=case,
        actor=people["judge"],
        kind="trial",
        courtroom=room,
        starts_at=timezone.now() + dt.timedelta(minutes=5),
    )
    witness = _granted_witness(hearing, people)

    judge = person(people["judge"])
    _enter(judge, hearing, DIGITS["judge"])
    judge.get_by_test_id("open-hearing").click()
    pages = {"judge": judge}
    for key in ("zhang", "li"):
        pg = person(people[key])
        wrong = pg
        wrong.goto(f"/hearings/{hearing.id}/identity/")
        wrong.fill("#digits", "000000")
        wrong.get_by_test_id("check").click()
        assert wrong.get_by_test_id("error").is_visible()
        _enter(pg, hearing, DIGITS[key])
        pages[key] = pg
    for pg in pages.values():
        _peers(pg, 2)

    # the witness: waiting room, nothing of the hearing until admitted
    w = person()
    w.goto(f"/hearings/w/{witness.token}/")
    _enter(w, hearing, "011234", witness=True)
    w.wait_for_function("document.getElementById('room-status').textContent.length > 0")
    assert "等候" in w.get_by_test_id("room-status").inner_text() or "waiting" in (
        w.get_by_test_id("room-status").inner_text()
    )
    time.sleep(2)
    assert w.evaluate("window.ytRoom.pcs.size") == 0
    assert w.locator("video[data-peer]").count() == 0
    judge.locator("[data-testid=roster-witness] [data-action=admit]").click()
    _peers(w, 3)
    judge.locator("[data-testid=roster-witness] [data-action=dismiss]").click()
    w.wait_for_function("window.ytRoom.pcs.size === 0")
    for pg in pages.values():
        pg.wait_for_function("window.ytRoom.pcs.size === 2")

    # the clerk writes the transcript (autosaved, versioned) while the hearing runs
    clerk = person(people["clerk"])
    clerk.goto(f"/hearings/{hearing.id}/transcript/")
    clerk.fill("#body", "审判员：现在开庭。\n原告：坚持诉讼请求。\n被告：对借款事实无异议。")
    clerk.wait_for_function("document.getElementById('save-status').dataset.version === '1'")

    judge.get_by_test_id("close-hearing").click()
    for pg in pages.values():
        pg.wait_for_function("window.ytRoom.state().done === true")
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.CLOSED
    joined = set(
        Attendance.objects.filter(participant__hearing=hearing, kind="joined").values_list(
            "participant__name", flat=True
        )
    )
    assert {"张三", "李四", "赵证人"} <= joined

    clerk.goto(f"/hearings/{hearing.id}/transcript/")
    clerk.get_by_test_id("lock").click()
    clerk.wait_for_selector("[data-testid=signers]")
    pages["clerk"] = clerk
    pages["lawyer"] = person(people["lawyer"])
    for key in ("judge", "zhang", "li", "lawyer", "clerk"):
        pg = pages[key]
        pg.goto(f"/hearings/{hearing.id}/transcript/")
        assert "被告：对借款事实无异议" in pg.get_by_test_id("transcript-text").inner_text()
        _draw(pg)
        pg.fill("#sign-digits", DIGITS[key])
        with pg.expect_navigation():
            pg.get_by_test_id("sign").click()
        assert pg.locator(".messages .error").count() == 0, pg.locator(".messages").inner_text()
    assert Signature.objects.filter(transcript__hearing=hearing, refused=False).count() == 5

    clerk.goto(f"/hearings/{hearing.id}/transcript/")
    clerk.get_by_test_id("file").click(timeout=90_000)  # the PDF with five signatures, sealed
    assert clerk.get_by_test_id("filed").is_visible()
    assert Item.objects.filter(title__contains="庭审笔录", volume__efile__case=case).exists()
    clerk.goto(f"/efile/case/{case.id}/")
    assert "庭审笔录" in clerk.content()


def test_sign_or_refuse_the_transcript(person, demo, court):
    from yunting.courts.models import Courtroom
    from yunting.hearings import room as room_rules
    from yunting.hearings import services, transcript
    from yunting.hearings.models import HearingStatus, Signature

    people = _users(demo)
    case = make_hearing_case(demo)
    room = Courtroom.objects.filter(court=court).order_by("name").first()
    hearing = services.hearing_schedule(
        case=case, actor=people["judge"], kind="mediation", courtroom=room, starts_at=at(1)
    )
    hearing.status = HearingStatus.OPEN
    hearing.save(update_fields=["status"])
    transcript.transcript_save(
        hearing=hearing, actor=people["clerk"], body="调解员：开始。", base_version=0
    )
    room_rules.hearing_close(hearing=hearing, actor=people["judge"])
    hearing.refresh_from_db()
    transcript.transcript_lock(hearing=hearing, actor=people["clerk"])

    zhang = person(people["zhang"])
    zhang.goto(f"/hearings/{hearing.id}/transcript/")
    zhang.fill("#sign-digits", DIGITS["zhang"])
    zhang.get_by_test_id("sign").click()  # nothing drawn
    expect(zhang.locator(".messages .error")).to_have_count(1)
    _draw(zhang)
    zhang.fill("#sign-digits", DIGITS["zhang"])
    with zhang.expect_navigation():
        zhang.get_by_test_id("sign").click()
    assert Signature.objects.filter(participant__name="张三", refused=False).count() == 1
    lawyer = person(people["lawyer"])
    lawyer.goto(f"/hearings/{hearing.id}/transcript/")
    lawyer.fill("#reason", "第二段记载有误")
    lawyer.get_by_test_id("refuse").click()
    assert "第二段记载有误" in lawyer.get_by_test_id("signers").inner_text()


def test_witness_applied_objected_allowed_and_undertaking_signed(person, demo, court):
    """The plaintiff's lawyer applies, the defendant objects with reasons, the judge allows the
    witness; the witness opens their link, passes two identity checks and signs the 保证书."""
    from tests.browser.a11y import assert_accessible
    from yunting.courts.models import Courtroom
    from yunting.hearings import services
    from yunting.hearings.models import Participant, WitnessApplication

    people = _users(demo)
    case = make_hearing_case(demo)
    room = Courtroom.objects.filter(court=court, supports_online=True).order_by("name").first()
    hearing = services.hearing_schedule(
        case=case, actor=people["judge"], kind="trial", courtroom=room, starts_at=at(1)
    )
    lawyer = person(people["lawyer"])
    lawyer.goto(f"/hearings/{hearing.id}/")
    lawyer.get_by_test_id("apply-witness").click()
    lawyer.fill("#wa-name", "钱证人")
    lawyer.fill("#wa-id", "310105199001011234")
    # past the browser's own check of required fields, the server says what is missing
    lawyer.evaluate("document.querySelectorAll('[required]').forEach((e) => e.required = false)")
    lawyer.get_by_test_id("apply").click()
    assert "证人" in lawyer.get_by_test_id("error").inner_text()
    lawyer.fill("#wa-name", "钱证人")
    lawyer.fill("#wa-id", "310105199001011234")
    lawyer.fill("#wa-phone", "13900000099")
    lawyer.fill("#wa-testimony", "原告交付借款时在场。")
    lawyer.get_by_test_id("apply").click()
    lawyer.wait_for_url(re.compile(r"/witnesses/[0-9a-f-]+/$"))
    assert "等待" in lawyer.get_by_test_id("application-status").inner_text()
    assert_accessible(lawyer)
    application = WitnessApplication.objects.get(hearing=hearing)
    assert not Participant.objects.filter(hearing=hearing, role="witness").exists()

    li = person(people["li"])
    li.goto(f"/hearings/{hearing.id}/")
    li.get_by_test_id("witness-applications").get_by_role("link", name="钱证人").click()
    assert "原告交付借款时在场" in li.get_by_test_id("testimony").inner_text()
    assert "310105199001011234" not in li.content()  # the ID number is not for the other side
    li.fill("#object-reasons", "证人系原告同事，存在利害关系。")
    li.get_by_test_id("object").click()
    assert "存在利害关系" in li.get_by_test_id("objections").inner_text()
    assert li.get_by_test_id("object").count() == 0  # one objection per side

    judge = person(people["judge"])
    judge.goto(f"/hearings/{hearing.id}/witnesses/{application.id}/")
    assert "存在利害关系" in judge.get_by_test_id("objections").inner_text()
    judge.get_by_test_id("grant").click()  # no reasons
    expect(judge.locator(".messages .error")).to_have_count(1)
    judge.fill("#decide-reasons", "同事关系不当然影响证言效力，准许在线作证。")
    judge.get_by_test_id("grant").click()
    assert "准许" in judge.get_by_test_id("decision").inner_text()
    link = judge.get_by_test_id("witness-link").input_value()
    assert_accessible(judge)

    w = person()
    w.goto(link)
    w.wait_for_url(re.compile(r"/identity/$"))
    w.fill("#digits", "011234")  # the first identity check
    w.get_by_test_id("check").click()
    w.wait_for_url(re.compile(r"/prepare/$"))
    w.wait_for_function("document.getElementById('device-status').dataset.ok === '1'")
    for box in ("consent", "rules", "undertaking"):
        w.locator(f"label[for={box}]").click()
    _draw(w)
    w.fill("#undertaking-digits", "000000")  # the second check, wrong
    w.get_by_test_id("continue").click()
    assert w.get_by_test_id("error").is_visible()
    assert_accessible(w)
    for box in ("consent", "rules", "undertaking"):
        w.locator(f"label[for={box}]").click()
    _draw(w)
    w.fill("#undertaking-digits", "011234")
    w.get_by_test_id("continue").click()
    w.wait_for_url(re.compile(r"/room/$"))
    seat = Participant.objects.get(hearing=hearing, role="witness")
    assert seat.name == "钱证人" and seat.undertaking_signed_at is not None

    # the objection after the decision is refused
    li.goto(f"/hearings/{hearing.id}/witnesses/{application.id}/")
    assert li.get_by_test_id("object").count() == 0
    assert "准许" in li.get_by_test_id("decision").inner_text()


def test_transcript_correction_accepted_rejected_then_signed_or_refused(person, demo, court):
    """At review 李四 asks for a correction, the clerk accepts it (a new version); 张三's is
    rejected with a reason and 张三 refuses to sign, which is recorded."""
    from tests.browser.a11y import assert_accessible
    from yunting.courts.models import Courtroom
    from yunting.hearings import room as room_rules
    from yunting.hearings import services, transcript
    from yunting.hearings.models import HearingStatus, Signature

    people = _users(demo)
    case = make_hearing_case(demo)
    room = Courtroom.objects.filter(court=court).order_by("name").first()
    hearing = services.hearing_schedule(
        case=case, actor=people["judge"], kind="trial", courtroom=room, starts_at=at(1)
    )
    hearing.status = HearingStatus.OPEN
    hearing.save(update_fields=["status"])
    transcript.transcript_save(
        hearing=hearing,
        actor=people["clerk"],
        body="原告：借款五万元已交付。\n被告：我没有收到借款。",
        base_version=0,
    )
    room_rules.hearing_close(hearing=hearing, actor=people["judge"])
    hearing.refresh_from_db()
    transcript.transcript_lock(hearing=hearing, actor=people["clerk"])

    li = person(people["li"])
    li.goto(f"/hearings/{hearing.id}/transcript/")
    li.fill("#passage", "我没有收到借款")
    li.fill("#correction-text", "我只收到三万元")
    li.get_by_test_id("ask-correction").click()
    assert "我只收到三万元" in li.get_by_test_id("corrections").inner_text()
    assert_accessible(li)
    zhang = person(people["zhang"])
    zhang.goto(f"/hearings/{hearing.id}/transcript/")
    zhang.fill("#passage", "借款五万元已交付")
    zhang.fill("#correction-text", "借款五万元已于三月一日交付")
    zhang.get_by_test_id("ask-correction").click()

    clerk = person(people["clerk"])
    clerk.goto(f"/hearings/{hearing.id}/transcript/")
    assert_accessible(clerk)
    clerk.get_by_test_id("accept-1").click()
    assert "版本 2" in clerk.get_by_test_id("corrections").inner_text() or "version 2" in (
        clerk.get_by_test_id("corrections").inner_text()
    )
    assert "被告：我只收到三万元。" in clerk.get_by_test_id("transcript-text").inner_text()
    clerk.fill(
        f"#{clerk.locator('[id^=reject-reason-]').first.get_attribute('id')}", "庭上未陈述交付日期"
    )
    clerk.get_by_test_id("reject-2").click()
    assert "庭上未陈述交付日期" in clerk.get_by_test_id("corrections").inner_text()

    li.goto(f"/hearings/{hearing.id}/transcript/")
    assert "我只收到三万元" in li.get_by_test_id("transcript-text").inner_text()
    _draw(li)
    li.fill("#sign-digits", DIGITS["li"])
    with li.expect_navigation():
        li.get_by_test_id("sign").click()
    assert li.locator(".messages .error").count() == 0
    zhang.goto(f"/hearings/{hearing.id}/transcript/")
    assert "庭上未陈述交付日期" in zhang.get_by_test_id("corrections").inner_text()
    zhang.fill("#reason", "更正申请未被采纳")
    zhang.get_by_test_id("refuse").click()
    assert "更正申请未被采纳" in zhang.get_by_test_id("signers").inner_text()
    signed = Signature.objects.get(participant__name="李四", transcript__hearing=hearing)
    assert signed.version == 2 and not signed.refused
    assert Signature.objects.get(participant__name="张三", transcript__hearing=hearing).refused


def _recording_started(person, demo, court):
    """An online trial with judge, clerk and 张三 in the room, the clerk recording and the
    first chunk uploaded: what both recording tests start from."""
    from yunting.courts.models import Courtroom
    from yunting.hearings import services

    people = _users(demo)
    case = make_hearing_case(demo)
    room = Courtroom.objects.filter(court=court, supports_online=True).order_by("name").first()
    hearing = services.hearing_schedule(
        case=case,
        actor=people["judge"],
        kind="trial",
        courtroom=room,
        starts_at=timezone.now() + dt.timedelta(minutes=5),
    )
    judge = person(people["judge"])
    _enter(judge, hearing, DIGITS["judge"])
    judge.get_by_test_id("open-hearing").click()
    clerk = person(people["clerk"])
    _enter(clerk, hearing, DIGITS["clerk"])
    zhang = person(people["zhang"])
    _enter(zhang, hearing, DIGITS["zhang"])
    _peers(clerk, 2)
    assert zhang.get_by_test_id("recording").is_hidden()

    clerk.get_by_test_id("rec-start").click()
    zhang.get_by_test_id("recording").wait_for(state="visible")  # the party sees it is on
    clerk.wait_for_function(
        "Number(document.getElementById('rec-status').dataset.next || 0) >= 1", timeout=30_000
    )
    return case, hearing, judge, clerk, zhang


def test_clerk_records_the_hearing_and_it_is_filed(person, demo, court):
    """The clerk's browser records the room (fake camera) and uploads it in chunks; the party
    sees that recording is on; stopped, the recording is in the e-file, hashed in the ledger."""
    from yunting.efile.models import Item
    from yunting.hearings.models import Recording

    case, hearing, _judge, clerk, zhang = _recording_started(person, demo, court)
    # two chunks uploaded while it runs (MediaRecorder hands one over every 3 s)
    clerk.wait_for_function("window.ytRecorder.blobs() >= 2", timeout=30_000)
    clerk.get_by_test_id("rec-stop").click()
    clerk.wait_for_function(
        "document.getElementById('rec-status').dataset.filed === '1'", timeout=60_000
    )
    zhang.get_by_test_id("recording").wait_for(state="hidden")
    rec = Recording.objects.get(hearing=hearing)
    assert rec.status == "filed" and rec.total >= 2 and rec.size > 1000
    item = Item.objects.get(pk=rec.item_id)
    assert item.content_type == "video/webm" and item.sha256 == rec.sha256
    from django.core.files.storage import default_storage

    with default_storage.open(item.storage_path) as f:
        assert f.read(4) == bytes.fromhex("1a45dfa3")  # a WebM (EBML) file
    clerk.goto(f"/efile/case/{case.id}/")
    assert "庭审录音录像" in clerk.content()


def test_closing_the_hearing_stops_and_files_the_recording(person, demo, court):
    """The clerk is recording when the judge closes the hearing: the party's badge goes off,
    the clerk's page says the closing stopped it, and what was uploaded is in the e-file."""
    from tests.browser.a11y import assert_accessible
    from yunting.hearings.events import HearingEvent
    from yunting.hearings.models import HearingStatus, Recording
    from yunting.ledger.models import Entry

    case, hearing, judge, clerk, zhang = _recording_started(person, demo, court)
    judge.get_by_test_id("close-hearing").click()
    zhang.get_by_test_id("recording").wait_for(state="hidden")
    clerk.wait_for_function("document.getElementById('rec-status').dataset.closed === '1'")
    expect(clerk.get_by_test_id("rec-status")).to_contain_text("庭审已结束")
    assert clerk.get_by_test_id("rec-start").is_disabled()
    assert clerk.get_by_test_id("rec-stop").is_disabled()
    assert_accessible(clerk)

    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.CLOSED and hearing.recording is False
    rec = Recording.objects.get(hearing=hearing)
    assert rec.status == "filed" and rec.total == rec.received >= 1
    ended = [e.payload for e in Entry.objects.filter(event_type=HearingEvent.RECORDING_ENDED)]
    assert [(p["recording"], p["chunks"], p["filed"]) for p in ended] == [
        (str(rec.id), rec.total, True)
    ]
    clerk.goto(f"/efile/case/{case.id}/")
    assert "庭审录音录像" in clerk.content()
