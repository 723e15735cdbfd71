from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.db import connection

from yunting.cases.models import ClockKind
from yunting.cases.selectors import party_clock
from yunting.documents.models import IssuedDocument
from yunting.evidence import selectors, services
from yunting.evidence.errors import EvidenceError, EvidenceErrorCode
from yunting.evidence.models import EvidenceItem, Mode, Opinion

from .conftest import ADMIT_ALL, pdf

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def test_one_refusal_forces_synchronous_mode(setup):
    s = setup
    services.exchange_propose(case=s["case"], actor=s["assistant"])
    services.consent_give(case=s["case"], actor=s["p_lawyer"], agreed=True)
    s["case"].exchange.refresh_from_db()
    assert s["case"].exchange.mode == Mode.PENDING
    services.consent_give(case=s["case"], actor=s["d_lawyer"], agreed=False)
    s["case"].exchange.refresh_from_db()
    assert s["case"].exchange.mode == Mode.SYNCHRONOUS
    with pytest.raises(EvidenceError) as exc:
        services.round_open(case=s["case"], actor=s["assistant"], kind="opinions", due_on=TODAY)
    assert exc.value.code == "not_asynchronous"
    with pytest.raises(EvidenceError) as exc:
        services.consent_give(case=s["case"], actor=s["d_lawyer"], agreed=True)
    assert exc.value.code == "already_answered"


def test_consent_before_proposal_and_by_a_stranger_refused(setup):
    s = setup
    with pytest.raises(EvidenceError) as exc:
        services.consent_give(case=s["case"], actor=s["p_lawyer"], agreed=True)
    assert exc.value.code == "not_proposed"
    services.exchange_propose(case=s["case"], actor=s["assistant"])
    with pytest.raises(EvidenceError) as exc:
        services.consent_give(case=s["case"], actor=s["assistant"], agreed=True)
    assert exc.value.code == "not_a_party"


def test_limit_issues_evidence_notices_and_starts_clocks(setup):
    s = setup
    exchange = services.evidence_limit_set(case=s["case"], actor=s["assistant"], days=15)
    notices = IssuedDocument.objects.filter(case=s["case"], template_code="evidence_notice")
    assert notices.count() == 2
    assert {n.extra["due_on"] for n in notices} == {exchange.evidence_due_on.isoformat()}
    clock = party_clock(party=s["defendant"], kind=ClockKind.EVIDENCE)
    assert clock.due_on == exchange.evidence_due_on >= TODAY + dt.timedelta(days=15)


def test_late_item_refused_then_allowed_under_leave_and_flagged(running):
    s = running
    later = services.party_evidence_due(s["plaintiff"]) + dt.timedelta(days=1)
    kwargs = dict(
        case=s["case"], actor=s["p_lawyer"], name="补充证据", source="原告", purpose="x", data=pdf()
    )
    with pytest.raises(EvidenceError) as exc:
        services.item_submit(**kwargs, today=later)
    assert exc.value.code == "deadline_passed"
    assert EvidenceItem.objects.filter(name="补充证据").count() == 0
    request = services.time_request_make(
        case=s["case"],
        actor=s["p_lawyer"],
        kind="leave",
        until=later + dt.timedelta(days=5),
        reason="证人近日方取得联系",
        today=later,
    )
    services.time_request_decide(request=request, actor=s["judge"], approve=True)
    item = services.item_submit(**kwargs, today=later)
    assert item.late and item.number == 3


def test_extension_approved_by_the_judge_moves_the_limit(running):
    s = running
    due = services.party_evidence_due(s["defendant"])
    with pytest.raises(EvidenceError) as exc:
        services.time_request_make(
            case=s["case"], actor=s["d_lawyer"], kind="extension", until=due, reason="x"
        )
    assert exc.value.code == "bad_date"
    request = services.time_request_make(
        case=s["case"],
        actor=s["d_lawyer"],
        kind="extension",
        until=due + dt.timedelta(days=10),
        reason="需调取银行流水",
    )
    with pytest.raises(EvidenceError) as exc:
        services.time_request_decide(request=request, actor=s["d_lawyer"], approve=True)
    assert exc.value.code == EvidenceErrorCode.NOT_COURT_STAFF
    services.time_request_decide(request=request, actor=s["judge"], approve=True)
    assert services.party_evidence_due(s["defendant"]) == due + dt.timedelta(days=10)
    assert services.party_evidence_due(s["plaintiff"]) == due
    with pytest.raises(EvidenceError) as exc:
        services.time_request_decide(request=request, actor=s["judge"], approve=False)
    assert exc.value.code == "not_pending"


def test_opinion_on_own_item_refused(running):
    s = running
    with pytest.raises(EvidenceError) as exc:
        services.opinion_save(item=s["p_items"][0], actor=s["p_lawyer"], verdicts=ADMIT_ALL)
    assert exc.value.code == "own_item"


def test_opinion_on_withdrawn_item_refused(running):
    s = running
    draft = services.opinion_save(item=s["p_items"][1], actor=s["d_lawyer"], verdicts=ADMIT_ALL)
    services.item_withdraw(item=s["p_items"][1], actor=s["p_lawyer"])
    with pytest.raises(EvidenceError) as exc:
        services.opinion_submit(opinion=draft, actor=s["d_lawyer"])
    assert exc.value.code == "item_withdrawn"
    with pytest.raises(EvidenceError) as exc:
        services.opinion_save(item=s["p_items"][1], actor=s["d_lawyer"], verdicts=ADMIT_ALL)
    assert exc.value.code == "item_withdrawn"
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_draft_invisible_to_the_other_side_until_submitted_and_then_final(running):
    s = running
    verdicts = {**ADMIT_ALL, "authenticity": "dispute"}
    draft = services.opinion_save(
        item=s["p_items"][0],
        actor=s["d_lawyer"],
        verdicts=verdicts,
        reasons={"authenticity": "借条签名非被告本人所签"},
    )
    plaintiff_view = selectors.viewer_for(user=s["p_lawyer"], case=s["case"])
    court_view = selectors.viewer_for(user=s["assistant"], case=s["case"])
    own_view = selectors.viewer_for(user=s["d_lawyer"], case=s["case"])
    assert draft not in selectors.opinions_visible(viewer=plaintiff_view, case=s["case"])
    assert draft not in selectors.opinions_visible(viewer=court_view, case=s["case"])
    assert draft in selectors.opinions_visible(viewer=own_view, case=s["case"])
    services.opinion_submit(opinion=draft, actor=s["d_lawyer"])
    assert draft in selectors.opinions_visible(viewer=plaintiff_view, case=s["case"])
    with pytest.raises(EvidenceError) as exc:
        services.opinion_submit(opinion=draft, actor=s["d_lawyer"])
    assert exc.value.code == "already_submitted"
    with pytest.raises(EvidenceError) as exc:
        services.opinion_save(item=s["p_items"][0], actor=s["d_lawyer"], verdicts=ADMIT_ALL)
    assert exc.value.code == "already_submitted"
    # a change is a new opinion, recorded, the first kept
    revised = services.opinion_save(
        item=s["p_items"][0], actor=s["d_lawyer"], verdicts=ADMIT_ALL, supersedes=draft
    )
    services.opinion_submit(opinion=revised, actor=s["d_lawyer"])
    assert Opinion.objects.filter(item=s["p_items"][0], status="submitted").count() == 2
    rows = services.exchange_rows(s["case"].exchange)
    assert [r.status for r in rows][:1] == ["undisputed"]


def test_disputed_without_reason_and_incomplete_refused(running):
    s = running
    draft = services.opinion_save(
        item=s["p_items"][0], actor=s["d_lawyer"], verdicts={"authenticity": "dispute"}
    )
    with pytest.raises(EvidenceError) as exc:
        services.opinion_submit(opinion=draft, actor=s["d_lawyer"])
    assert exc.value.code == "incomplete_opinion"
    draft = services.opinion_save(
        item=s["p_items"][0], actor=s["d_lawyer"], verdicts={**ADMIT_ALL, "legality": "dispute"}
    )
    with pytest.raises(EvidenceError) as exc:
        services.opinion_submit(opinion=draft, actor=s["d_lawyer"])
    assert exc.value.code == "reason_required"


def test_opinion_after_the_round_refused(running):
    s = running
    draft = services.opinion_save(item=s["p_items"][0], actor=s["d_lawyer"], verdicts=ADMIT_ALL)
    late = s["round"].due_on + dt.timedelta(days=1)
    with pytest.raises(EvidenceError) as exc:
        services.opinion_submit(opinion=draft, actor=s["d_lawyer"], today=late)
    assert exc.value.code == "no_open_round"
    with pytest.raises(EvidenceError) as exc:
        services.opinion_save(
            item=s["p_items"][1], actor=s["d_lawyer"], verdicts=ADMIT_ALL, today=late
        )
    assert exc.value.code == "no_open_round"


def test_replies_in_their_round_by_the_submitter_only(running):
    s = running
    op = services.opinion_save(item=s["d_items"][0], actor=s["p_lawyer"], verdicts=ADMIT_ALL)
    services.opinion_submit(opinion=op, actor=s["p_lawyer"])
    with pytest.raises(EvidenceError) as exc:
        services.opinion_save(item=s["d_items"][0], actor=s["d_lawyer"], text="x", reply_to=op)
    assert exc.value.code == "no_open_round"
    services.round_open(case=s["case"], actor=s["assistant"], kind="replies", due_on=TODAY)
    with pytest.raises(EvidenceError) as exc:
        services.opinion_save(item=s["d_items"][0], actor=s["p_lawyer"], text="x", reply_to=op)
    assert exc.value.code == "not_own_item"
    reply = services.opinion_save(
        item=s["d_items"][0], actor=s["d_lawyer"], text="凭证原件可供核对", reply_to=op
    )
    services.opinion_submit(opinion=reply, actor=s["d_lawyer"])
    assert reply.reply_to == op


@pytest.mark.django_db(transaction=True)
def test_two_agents_of_one_side_submitting_at_once(running):
    """Both agents save the side's one draft and press submit together: one is recorded,
    the other is told it is already in; never two submitted opinions."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    s = running
    from yunting.cases.models import Agent

    from .conftest import make_lawyer

    second = make_lawyer("13900000032", "钱律师")
    Agent.objects.create(party=s["defendant"], user=second, name=second.name)
    item = s["p_items"][0]
    results: list = []
    barrier = threading.Barrier(2, timeout=60)  # a thread that never arrives breaks it

    def submit(user):
        from django.db import connection as conn

        try:
            barrier.wait()
            op = services.opinion_save(item=item, actor=user, verdicts=ADMIT_ALL)
            services.opinion_submit(opinion=op, actor=user)
            results.append("ok")
        except EvidenceError as exc:
            results.append(exc.code)
        except Exception as exc:  # a broken barrier or anything else: shown by the assert
            results.append(exc)
        finally:
            conn.close()

    threads = [
        threading.Thread(target=submit, args=(u,), daemon=True) for u in (s["d_lawyer"], second)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a submitting thread hung"
    assert sorted(results) == ["already_submitted", "ok"]
    assert Opinion.objects.filter(item=item, status="submitted").count() == 1


def test_points_in_dispute_and_report_pdf(running):
    from pypdf import PdfReader

    s = running
    op = services.opinion_save(
        item=s["p_items"][0],
        actor=s["d_lawyer"],
        verdicts={**ADMIT_ALL, "authenticity": "dispute"},
        reasons={"authenticity": "签名非本人所签"},
    )
    services.opinion_submit(opinion=op, actor=s["d_lawyer"])
    point = services.point_record(
        case=s["case"],
        actor=s["assistant"],
        title="借条是否为被告所签",
        items=[s["p_items"][0]],
        opinions=[op],
    )
    services.point_comment(point=point, actor=s["p_lawyer"], text="申请笔迹鉴定")
    exchange = services.report_issue(case=s["case"], actor=s["assistant"])
    doc = exchange.report
    with open(_path(doc), "rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    flat = text.replace("\n", "").replace(" ", "")
    for needle in (
        "异步质证报告",
        "借条",
        "转账记录",
        "还款凭证",
        "真实性不认可",
        "签名非本人所签",
    ):
        assert needle in flat, needle
    assert "有争议" in flat and "未发表质证意见" in flat
    assert "借条是否为被告所签" in flat
    from yunting.efile.models import Item

    assert Item.objects.filter(source="document", source_id=str(doc.id)).exists()


def _path(doc):
    from django.core.files.storage import default_storage

    return default_storage.path(doc.storage_path)
