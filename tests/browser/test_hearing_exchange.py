"""The clerk opens the hearing's transcript from the exchange report: the disputed item and the
points in dispute go into the transcript with one click each, and are saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.evidence.conftest import ADMIT_ALL, running, setup  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_clerk_inserts_the_exchange_into_the_transcript(page, login, running, court):  # noqa: F811
    from yunting.courts.models import Courtroom
    from yunting.evidence import services
    from yunting.hearings.selectors import transcript_of
    from yunting.hearings.services import hearing_schedule

    s = running
    op = services.opinion_save(
        item=s["p_items"][0],
        actor=s["d_lawyer"],
        verdicts={**ADMIT_ALL, "authenticity": "dispute"},
        reasons={"authenticity": "借条签名非被告本人所签"},
    )
    services.opinion_submit(opinion=op, actor=s["d_lawyer"])
    services.point_record(case=s["case"], actor=s["assistant"], title="借条是否为被告所签")
    services.report_issue(case=s["case"], actor=s["assistant"])
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(9))
    )
    hearing = hearing_schedule(
        case=s["case"],
        actor=s["case"].judge,
        kind="trial",
        courtroom=Courtroom.objects.filter(court=court, supports_online=True).first(),
        starts_at=start,
    )

    login(page, s["case"].judge)
    page.goto(f"/hearings/{hearing.id}/")
    brief = page.get_by_test_id("exchange-brief")
    expect(brief.get_by_test_id("exchange-item").filter(has_text="借条")).to_contain_text("有争议")
    expect(brief.get_by_test_id("exchange-points")).to_contain_text("借条是否为被告所签")
    expect(brief.get_by_test_id("exchange-report")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, s["case"].clerk)
    page.goto(f"/hearings/{hearing.id}/transcript/")
    body = page.locator("#body")
    first = int(body.get_attribute("data-version"))
    body.fill("审判长：现在开庭。")
    row = page.get_by_test_id("exchange-item").filter(has_text="借条")
    row.get_by_test_id("insert-item").click()
    status = page.get_by_test_id("save-status")
    expect(status).to_have_attribute("data-version", str(first + 1))
    expect(status).to_contain_text("已保存")
    page.get_by_test_id("insert-points").click()
    expect(status).to_have_attribute("data-version", str(first + 2))
    assert_accessible(page)
    text = transcript_of(hearing=hearing).body
    assert text.startswith("审判长：现在开庭。\n【张三证据1】借条。")
    assert "真实性不认可（借条签名非被告本人所签）" in text
    assert text.rstrip().endswith("争议焦点：1. 借条是否为被告所签")
