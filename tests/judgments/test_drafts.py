"""Drafting from the case data, versions and conflicts, the panel, approval and issue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.judgments.conftest import panel_of
from yunting.documents.models import IssuedDocument
from yunting.efile.models import Item, ItemKind, VolumeKind
from yunting.judgments import services
from yunting.judgments.events import JudgmentEvent
from yunting.judgments.models import DraftStatus
from yunting.judgments.sources import DRAFT_SOURCES, register_draft_source
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_a_draft_is_built_from_the_case_data(case):
    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    s = draft.sections
    assert "上海示范律师事务所律师" in s["hearing_summary"]  # the agent, from the case
    # 民间借贷纠纷 is element-style: facts follow the elements of the cause.
    assert s["facts_found"].splitlines()[0].startswith("1. 借款合意")
    assert "人民币150,000.00元" in s["decision"]
    # The full fee, 3,300.00, borne by the defendant when the claim is won in full.
    assert draft.fee_burden["defendant"] == "3300.00"
    assert s["fee_burden"] == "由被告上海示范贸易有限公司负担"
    assert draft.version == 1 and draft.versions.count() == 1
    case.refresh_from_db()
    assert case.status == "in_trial"
    assert Entry.objects.filter(case_id=case.id, event_type=JudgmentEvent.DRAFT_STARTED).exists()


def test_registered_sources_fill_sections_and_a_broken_one_is_skipped(case):
    register_draft_source("test_evidence", lambda c: {"defence": "被告辩称借款已归还。"})
    register_draft_source("test_broken", lambda c: 1 / 0)
    try:
        draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    finally:
        DRAFT_SOURCES.pop("test_evidence")
        DRAFT_SOURCES.pop("test_broken")
    assert draft.sections["defence"] == "被告辩称借款已归还。"
    assert draft.fee_burden["sources"] == ["test_evidence"]
    assert draft.fee_burden["failed_sources"] == ["test_broken"]


def test_only_the_judge_drafts(case, people, jingan):
    other = next(
        u for u in (people["judge3"], people["head"], people["judge_b"]) if u.pk != case.judge_id
    )
    for user in (other, jingan["judge"]):
        with pytest.raises(Exception) as exc:
            services.draft_start(case=case, kind="judgment", actor=user)
        assert exc.value.code == "not_the_judge"


def test_versions_and_the_diff(case):
    from yunting.judgments.selectors import draft_diff

    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    draft = services.draft_save(
        draft=draft, actor=case.judge, base_version=1, sections={"reasoning": "借贷关系成立。"}
    )
    assert draft.version == 2
    diff = draft_diff(draft=draft, old=1, new=2)
    assert [d.name for d in diff] == ["reasoning"]
    assert diff[0].lines == ["+借贷关系成立。"]


def test_two_judges_editing_at_once_the_second_is_refused(case, people):
    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    services.draft_save(draft=draft, actor=judge, base_version=1, sections={"reasoning": "甲"})
    with pytest.raises(Exception) as exc:
        services.draft_save(
            draft=draft, actor=members[0], base_version=1, sections={"reasoning": "乙"}
        )
    assert exc.value.code == "edit_conflict"
    assert judge.name in exc.value.detail
    draft.refresh_from_db()
    assert draft.sections["reasoning"] == "甲" and draft.version == 2


def test_bad_sections_and_bases(case):
    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    with pytest.raises(Exception) as exc:
        services.draft_save(draft=draft, actor=case.judge, base_version=1, sections={"x": "1"})
    assert exc.value.code == "unknown_section"
    with pytest.raises(Exception) as exc:
        services.draft_save(
            draft=draft, actor=case.judge, base_version=1, sections={}, legal_bases=["rtsl_76"]
        )
    assert exc.value.code == "unknown_basis"  # a traffic article for a loan case
    with pytest.raises(Exception) as exc:
        services.draft_start(case=case, kind="judgment", actor=case.judge)
    assert exc.value.code == "draft_exists"


def test_fee_burden_from_the_amount_awarded(case):
    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    draft = services.draft_set_burden(draft=draft, actor=case.judge, awarded=Decimal("100000"))
    assert draft.fee_burden["plaintiff"] == "1100.00"
    assert draft.sections["fee_burden"] == (
        "由原告张三负担1,100.00元，被告上海示范贸易有限公司负担2,200.00元"
    )
    with pytest.raises(Exception) as exc:
        services.draft_set_burden(draft=draft, actor=case.judge, awarded=Decimal("200000"))
    assert exc.value.code == "required"


def _ready(case, people):
    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    return services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={"facts_found": "原告向被告出借150,000元。", "reasoning": "借贷关系合法有效。"},
    )


def test_issuing_needs_the_panel_and_its_sign_off(case, people):
    draft = _ready(case, people)
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "needs_panel"
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    services.draft_sign_off(draft=draft, actor=judge)
    services.draft_sign_off(draft=draft, actor=members[0])
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "panel_not_signed"
    assert members[1].name in exc.value.detail
    assert not IssuedDocument.objects.filter(case=case, template_code="judgment").exists()


def test_bad_panels(case, people, jingan):
    judge, members = panel_of(case, people)
    for bad in ([members[0]], [members[0], members[0]], [members[0], jingan["judge"]]):
        with pytest.raises(Exception) as exc:
            services.panel_form(case=case, actor=judge, presiding=judge, members=bad)
        assert exc.value.code == "bad_panel"


def test_a_flagged_case_needs_the_division_heads_approval(case, people):
    draft = _ready(case, people)
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    for m in (judge, *members):
        services.draft_sign_off(draft=draft, actor=m)
    with pytest.raises(Exception) as exc:
        services.draft_flag(draft=draft, actor=people["judge3"], reason="重大")
    assert exc.value.code == "not_division_head"
    services.draft_flag(draft=draft, actor=people["head"], reason="涉众，重大疑难")
    with pytest.raises(Exception) as exc:
        services.draft_issue(draft=draft, actor=case.judge)
    assert exc.value.code == "needs_approval"
    services.draft_submit(draft=draft, actor=case.judge)
    with pytest.raises(Exception) as exc:
        services.draft_decide(draft=draft, actor=people["head"], approve=False, note="")
    assert exc.value.code == "required"
    services.draft_decide(draft=draft, actor=people["head"], approve=True, note="同意")
    decision = services.draft_issue(draft=draft, actor=case.judge)
    assert decision.documents.count() == 2
    assert Entry.objects.filter(case_id=case.id, event_type=JudgmentEvent.APPROVED).count() == 1


def test_issue_signs_seals_files_and_addresses_each_party(case, people):
    draft = _ready(case, people)
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    services.deliberation_record(
        case=case,
        actor=judge,
        held_on=dt.date.today(),
        opinions=[{"member": str(m.pk), "opinion": "支持原告诉请"} for m in (judge, *members)],
        conclusion="一致意见：支持原告诉讼请求。",
    )
    sub = Item.objects.get(volume__efile__case=case, kind=ItemKind.DELIBERATION)
    assert sub.volume.kind == VolumeKind.SUB  # internal volume only
    for m in (judge, *members):
        services.draft_sign_off(draft=draft, actor=m)
    decision = services.draft_issue(draft=draft, actor=case.judge)
    docs = list(decision.documents.all())
    assert {d.recipient_id for d in docs} == {p.id for p in case.parties.all()}
    assert all(
        d.template_code == "judgment" and d.signed_by_judge_id == case.judge_id for d in docs
    )
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED
    with pytest.raises(Exception) as exc:
        services.draft_save(draft=draft, actor=case.judge, base_version=draft.version, sections={})
    assert exc.value.code == "draft_not_editable"
    import io

    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    text = (
        PdfReader(io.BytesIO(default_storage.open(docs[0].storage_path).read()))
        .pages[-1]
        .extract_text()
    )
    assert "审　判　长" in text and "本件与原本核对无异" in text
    assert "审　判　员" in text and members[1].name in text


def test_the_bench_and_the_clerk_sign_and_the_court_seals_pades_valid(case, people):
    """Issue §3: the judge and the panel sign electronically, the clerk certifies the copy
    (本件与原本核对无异), the court's seal covers the whole file; pyHanko validates each."""
    from django.core.files.storage import default_storage

    from tests.judgments.conftest import issue_judgment
    from yunting.documents.verification import verify_pdf

    assert case.clerk_id is not None
    decision = issue_judgment(case, people)
    judge, members = panel_of(case, people)
    for doc in decision.documents.all():
        report = verify_pdf(default_storage.open(doc.storage_path).read())
        assert report.valid and report.signature_valid and report.unmodified, report.problems
        assert [(s.field, s.signer, s.role) for s in report.signatures] == [
            ("JudgeSignature", judge.name, "审判员"),
            ("JudgeSignature2", members[0].name, "审判员"),
            ("JudgeSignature3", members[1].name, "审判员"),
            ("ClerkSignature", case.clerk.name, "书记员"),
            ("CourtSeal", case.court.name, "电子签章"),
        ]
        assert all(s.intact and s.valid and s.trusted for s in report.signatures)
        assert report.signatures[-1].coverage == "ENTIRE_FILE"


def test_only_judges_of_the_court_co_sign_and_only_the_cases_clerk_certifies(case, people, demo):
    from yunting.documents.errors import DocumentErrorCode
    from yunting.documents.services import document_prepare

    judge, members = panel_of(case, people)
    with pytest.raises(Exception) as exc:
        document_prepare(
            template_code="judgment",
            case=case,
            actor=judge,
            sign_as_judge=True,
            co_signers=[demo["lawyer"]],
        )
    assert exc.value.code == DocumentErrorCode.NOT_THE_JUDGE
    with pytest.raises(Exception) as exc:
        document_prepare(
            template_code="judgment",
            case=case,
            actor=judge,
            sign_as_judge=True,
            co_signers=[judge],  # the issuing judge does not sign twice
        )
    assert exc.value.code == DocumentErrorCode.NOT_THE_JUDGE
    with pytest.raises(Exception) as exc:
        document_prepare(
            template_code="judgment", case=case, actor=judge, sign_as_judge=True, clerk=judge
        )
    assert exc.value.code == DocumentErrorCode.NOT_THE_CLERK
    prepared = document_prepare(
        template_code="judgment",
        case=case,
        actor=judge,
        sign_as_judge=True,
        co_signers=members,
        clerk=case.clerk,
    )
    assert [s.field_name for s in prepared.specs] == [
        "JudgeSignature",
        "JudgeSignature2",
        "JudgeSignature3",
        "ClerkSignature",
        "CourtSeal",
    ]
