"""The hearing opens from the exchange (异步质证报告): the judge's hearing page shows each item's
status and the points in dispute with the sealed report; the clerk's transcript editor offers
the report's lines to insert; a draft opinion and a witness see nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yunting.evidence import selectors, services
from yunting.hearings import selectors as hearing_selectors
from yunting.hearings.models import Participant, ParticipantRole
from yunting.rules import evidence as rules

from .conftest import ADMIT_ALL

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(running, court):
    from yunting.courts.models import Courtroom
    from yunting.hearings.services import hearing_schedule

    case = running["case"]
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(9))
    )
    return hearing_schedule(
        case=case,
        actor=case.judge,
        kind="trial",
        courtroom=Courtroom.objects.filter(court=court, supports_online=True).first(),
        starts_at=start,
    )


def _disputed_iou(s):
    op = services.opinion_save(
        item=s["p_items"][0],
        actor=s["d_lawyer"],
        verdicts={**ADMIT_ALL, "authenticity": "dispute"},
        reasons={"authenticity": "借条签名非被告本人所签"},
    )
    return services.opinion_submit(opinion=op, actor=s["d_lawyer"])


def test_the_brief_reads_the_submitted_exchange_only(running):
    s = running
    draft = services.opinion_save(
        item=s["p_items"][1], actor=s["d_lawyer"], verdicts={**ADMIT_ALL, "purpose": "dispute"}
    )
    opinion = _disputed_iou(s)
    services.point_record(
        case=s["case"],
        actor=s["assistant"],
        title="借条是否为被告所签",
        items=[s["p_items"][0]],
        opinions=[opinion],
    )
    brief = selectors.exchange_brief(case=s["case"])
    by_label = {i.label: i for i in brief.items}
    iou = by_label["张三证据1 借条"]
    assert (iou.status, iou.status_label) == (rules.DISPUTED, "有争议")
    assert "真实性不认可（借条签名非被告本人所签）" in iou.text
    assert iou.text.startswith("【张三证据1】借条。") and iou.text.endswith("状态：有争议")
    # the transfer record has only a draft opinion: nobody but its author sees it yet
    transfer = by_label["张三证据2 转账记录"]
    assert transfer.status == rules.NO_OPINION and "证明目的不认可" not in transfer.text
    assert draft.status == "draft"
    assert brief.disputed == 1
    assert brief.points == ["1. 借条是否为被告所签（涉及：张三证据1）"]
    assert brief.report is None
    services.report_issue(case=s["case"], actor=s["assistant"])
    assert selectors.exchange_brief(case=s["case"]).report.template_code == "exchange_report"


def test_no_exchange_no_brief_and_never_for_a_witness(setup, running, hearing):
    assert selectors.exchange_brief(case=setup["case"]) is not None
    witness = Participant(hearing=hearing, role=ParticipantRole.WITNESS, name="证人")
    assert hearing_selectors.exchange_brief_for(hearing=hearing, seat=witness, staff=False) is None
    assert hearing_selectors.exchange_brief_for(hearing=hearing, seat=None, staff=False) is None
    assert hearing_selectors.exchange_brief_for(hearing=hearing, seat=None, staff=True)


def test_judge_page_shows_it_and_clerk_inserts_from_it(running, hearing, client, demo):
    s = running
    _disputed_iou(s)
    services.point_record(case=s["case"], actor=s["assistant"], title="借款是否实际交付")
    services.report_issue(case=s["case"], actor=s["assistant"])
    client.force_login(s["case"].judge)
    page = client.get(f"/hearings/{hearing.id}/").content.decode()
    assert 'data-testid="exchange-brief"' in page
    assert "张三证据1 借条" in page and "有争议" in page and "1. 借款是否实际交付" in page
    assert 'data-testid="exchange-report"' in page
    assert 'data-testid="insert-item"' not in page  # the judge reads; the clerk inserts
    client.force_login(s["case"].clerk)
    page = client.get(f"/hearings/{hearing.id}/transcript/").content.decode()
    assert page.count('data-testid="insert-item"') == 3
    assert "真实性不认可（借条签名非被告本人所签）" in page
    client.force_login(s["p_lawyer"])  # a party's lawyer sees the report on the hearing page
    page = client.get(f"/hearings/{hearing.id}/").content.decode()
    assert "张三证据1 借条" in page
    assert (
        'data-testid="insert-item"'
        not in client.get(f"/hearings/{hearing.id}/transcript/").content.decode()
    )
