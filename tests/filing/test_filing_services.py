from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404

from tests.filing.factories import cached_pdf, complete_filing
from yunting.cases.events import CaseEvent
from yunting.cases.models import Recusal
from yunting.core.errors import FileError, FileErrorCode
from yunting.filing import services
from yunting.filing.errors import FilingError, FilingErrorCode
from yunting.filing.events import FilingEvent
from yunting.filing.models import FilingAttachment, FilingStatus
from yunting.filing.selectors import filing_get_for_user, filing_review_queue
from yunting.filing.services import PartyInput
from yunting.ledger.models import Entry
from yunting.rules.deadlines import period_end


def test_submit_numbers_the_filing_and_starts_the_7_day_clock(demo, court):
    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    filing = services.filing_submit(filing=filing, user=demo["lawyer"])
    assert filing.status == FilingStatus.SUBMITTED
    assert filing.number.startswith("沪0105网立")
    assert filing.review_due == period_end(filing.review_from, days=7).date
    assert filing in filing_review_queue(user=demo["filing_officer"])
    entry = Entry.objects.filter(event_type=FilingEvent.SUBMITTED).get()
    assert set(entry.document_hashes) == {a.sha256 for a in filing.attachments.all()}


def test_an_incomplete_filing_lists_everything_missing_at_once(demo, court):
    filing = services.filing_create(user=demo["litigant"], court=court)
    with pytest.raises(FilingError) as exc:
        services.filing_submit(filing=filing, user=demo["litigant"])
    assert exc.value.code == FilingErrorCode.INCOMPLETE
    messages = exc.value.messages
    assert len(messages) == 6  # cause, facts, plaintiff, defendant, claim, complaint
    assert any("被告" in m for m in messages)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT and not filing.number


def test_an_agent_needs_a_power_of_attorney(demo, court):
    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    filing.attachments.filter(kind="power_of_attorney").delete()
    with pytest.raises(FilingError) as exc:
        services.filing_submit(filing=filing, user=demo["lawyer"])
    assert exc.value.code == FilingErrorCode.INCOMPLETE
    assert any("授权委托书" in m for m in exc.value.messages)


@pytest.mark.parametrize(
    ("kind", "id_number", "fragment"),
    [
        ("person", "310105198503122016", "校验位"),
        ("person", "3101051985", "18位"),
        ("organisation", "91350100M000100Y44", "校验位"),
        ("person", "", "必须填写"),
    ],
)
def test_invalid_plaintiff_ids_are_refused_and_nothing_stored(
    demo, court, kind, id_number, fragment
):
    filing = services.filing_create(user=demo["litigant"], court=court)
    with pytest.raises(FilingError) as exc:
        services.filing_add_party(
            filing=filing,
            user=demo["litigant"],
            data=PartyInput(
                role="plaintiff", kind=kind, name="张三", id_number=id_number, address="上海"
            ),
        )
    assert exc.value.code == FilingErrorCode.INVALID
    assert any(fragment in m for m in exc.value.field_errors()["id_number"])
    assert filing.parties.count() == 0


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("1.234")])
def test_bad_claim_amounts_are_refused(demo, court, amount):
    filing = services.filing_create(user=demo["litigant"], court=court)
    with pytest.raises(FilingError) as raised:
        services.filing_add_claim(filing=filing, user=demo["litigant"], text="还钱", amount=amount)
    assert raised.value.code == FilingErrorCode.INVALID
    assert "amount" in raised.value.field_errors()
    assert filing.claims.count() == 0


def test_a_renamed_executable_is_refused_and_nothing_is_stored(demo, court):
    filing = services.filing_create(user=demo["litigant"], court=court)
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows executable's header
    with pytest.raises(FileError) as exc:
        services.filing_add_attachment(
            filing=filing, user=demo["litigant"], kind="complaint", name="起诉状.pdf", data=exe
        )
    assert exc.value.code == FileErrorCode.BAD_TYPE
    assert not FilingAttachment.objects.exists()
    assert not Entry.objects.filter(event_type=FilingEvent.ATTACHMENT_ADDED).exists()


def test_oversized_damaged_and_empty_files_are_refused(demo, court, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip
    filing = services.filing_create(user=demo["litigant"], court=court)
    for data, code in [
        (b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024), "too_large"),
        (b"%PDF-1.7\nthis is not really a pdf", "damaged"),
        (b"", "empty"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.filing_add_attachment(
                filing=filing, user=demo["litigant"], kind="evidence", name="x.pdf", data=data
            )
        assert exc.value.code == code
    assert not FilingAttachment.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_the_same_bytes_are_stored_once(demo, court):
    filing = services.filing_create(user=demo["litigant"], court=court)
    a = services.filing_add_attachment(
        filing=filing, user=demo["litigant"], kind="evidence", name="a.pdf", data=cached_pdf("证据")
    )
    b = services.filing_add_attachment(
        filing=filing, user=demo["litigant"], kind="evidence", name="b.pdf", data=cached_pdf("证据")
    )
    assert a.path == b.path and default_storage.exists(a.path)


def test_correction_then_resubmission_restarts_the_clock(demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    with pytest.raises(ValidationError) as no_items:
        services.filing_request_correction(filing=filing, officer=demo["filing_officer"], items=[])
    assert no_items.value.code == "items_required"
    services.filing_request_correction(
        filing=filing, officer=demo["filing_officer"], items=["被告送达地址不明确"]
    )
    filing.refresh_from_db()
    assert filing.status == FilingStatus.CORRECTION_REQUESTED
    number = filing.number
    services.filing_submit(filing=filing, user=demo["litigant"])
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.number == number
    assert Entry.objects.filter(event_type=FilingEvent.RESUBMITTED).count() == 1


def test_only_an_officer_of_the_court_can_decide(demo, court):
    from yunting.accounts.models import User

    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    other_officer = User.objects.get(phone="13900000021")  # 静安 filing officer
    for who in (demo["judge"], other_officer, demo["litigant"]):
        with pytest.raises(ValidationError) as not_officer:
            services.filing_refuse(filing=filing, officer=who, reason="不属于本院管辖")
        assert not_officer.value.code == "not_officer"
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_decided_filings_cannot_be_changed_or_decided_again(demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    services.filing_refuse(filing=filing, officer=demo["filing_officer"], reason="超过诉讼时效")
    with pytest.raises(ValidationError) as decided:
        services.filing_request_correction(
            filing=filing, officer=demo["filing_officer"], items=["补正"]
        )
    assert decided.value.code == "illegal_transition"
    with pytest.raises(ValidationError) as frozen:
        services.filing_add_claim(filing=filing, user=demo["litigant"], text="x", amount=None)
    assert frozen.value.code == "not_editable"


def test_strangers_cannot_see_a_filing(demo, court):
    from yunting.accounts.models import User

    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    assert filing_get_for_user(user=demo["filing_officer"], filing_id=filing.id) == filing
    for stranger in (User.objects.get(phone="13900000002"), demo["lawyer"], demo["judge"]):
        with pytest.raises(Http404):
            filing_get_for_user(user=stranger, filing_id=filing.id)


def test_an_unsubmitted_draft_is_the_filers_alone(demo, court):
    from yunting.accounts.models import User

    draft = complete_filing(user=demo["litigant"], court=court)
    for staff in (demo["filing_officer"], demo["court_admin"]):
        with pytest.raises(Http404):
            filing_get_for_user(user=staff, filing_id=draft.id)
    assert filing_get_for_user(user=demo["litigant"], filing_id=draft.id) == draft
    # a draft the officer's own counter prepares for another court (cross-region filing)
    jingan_officer = User.objects.get(phone="13900000021")
    counter_draft = services.filing_create(user=jingan_officer, court=court)
    assert filing_get_for_user(user=jingan_officer, filing_id=counter_draft.id) == counter_draft
    with pytest.raises(Http404):  # but not the receiving court's staff, before submission
        filing_get_for_user(user=demo["filing_officer"], filing_id=counter_draft.id)


def test_accepting_creates_the_case_with_fee_judge_and_ledger_entries(demo, court):
    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    services.filing_submit(filing=filing, user=demo["lawyer"])
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    assert case.case_number.startswith(f"（{case.year}）沪0105民初")
    assert case.acceptance_fee == Decimal("3300.00")
    assert case.judge.name in {"刘法官", "周法官"}
    assert case.clerk.name == "郑书记员"
    assigned = Entry.objects.get(case_id=case.id, event_type=CaseEvent.ASSIGNED)
    draw = assigned.payload
    assert draw["seed"] and {c["name"] for c in draw["candidates"]} == {"刘法官", "周法官"}
    lawyer_agent = case.parties.get(role="plaintiff").agents.get()
    assert lawyer_agent.user == demo["lawyer"]


def test_summary_procedure_halves_the_fee(demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    case = services.filing_accept(
        filing=filing, officer=demo["filing_officer"], procedure="summary"
    )
    assert case.acceptance_fee == Decimal("1650.00")


def test_assignment_skips_a_recused_judge(demo, court):
    from yunting.accounts.models import User

    liu = User.objects.get(phone="13900000012")
    Recusal.objects.create(
        judge=liu, party_name="上海示范贸易有限公司", reason="曾任该公司法律顾问"
    )
    for _ in range(5):
        filing = complete_filing(user=demo["litigant"], court=court)
        services.filing_submit(filing=filing, user=demo["litigant"])
        case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
        assert case.judge.name == "周法官"
    entry = Entry.objects.filter(event_type=CaseEvent.ASSIGNED).last()
    assert entry.payload["recused"][0]["reason"] == "曾任该公司法律顾问"


def test_weighted_draw_is_reproducible_and_prefers_lighter_caseloads():
    from yunting.cases.assignment import Candidate, weighted_draw

    busy = Candidate("a", "忙", 9, 1 / 10)
    free = Candidate("b", "闲", 0, 1.0)
    picks = [weighted_draw([busy, free], f"seed-{i}").name for i in range(1000)]
    assert weighted_draw([busy, free], "fixed") == weighted_draw([busy, free], "fixed")
    assert 850 < picks.count("闲") < 970  # expected share 1/1.1 ≈ 909


def test_cross_region_filing_goes_to_the_court_with_jurisdiction(demo, court):
    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.filing.selectors import filings_received_at_counter

    jingan_officer = User.objects.get(phone="13900000021")
    jingan = Court.objects.get(code="沪0106")
    filing = services.filing_create(user=jingan_officer, court=court)
    assert filing.origin_court == jingan
    assert filing in filings_received_at_counter(user=jingan_officer)
    assert filing_get_for_user(user=jingan_officer, filing_id=filing.id) == filing
    with pytest.raises(Http404):  # the court with jurisdiction sees it once submitted
        filing_get_for_user(user=demo["filing_officer"], filing_id=filing.id)


def test_a_party_without_domicile_in_china_keeps_its_30_day_periods_into_the_case(demo, court):
    """The filer marks the foreign defendant; acceptance carries the mark to the case party,
    whose period to answer then runs 30 days instead of 15 (CPL Art. 285)."""
    from yunting.cases.services import clock_start

    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    filing.parties.filter(role="defendant").delete()
    services.filing_add_party(
        filing=filing,
        user=demo["lawyer"],
        data=PartyInput(
            role="defendant",
            kind="organisation",
            name="新加坡示范贸易私人有限公司",
            address="新加坡乌节路391号",
            abroad=True,
        ),
    )
    added = Entry.objects.filter(event_type=FilingEvent.PARTY_ADDED).latest("seq")
    assert added.payload["abroad"] is True
    services.filing_submit(filing=filing, user=demo["lawyer"])
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    foreign = case.parties.get(role="defendant")
    plaintiff = case.parties.get(role="plaintiff")
    assert foreign.abroad and not plaintiff.abroad
    served = dt.date(2026, 3, 2)
    long = clock_start(case=case, kind="defence", starts_on=served, party=foreign, actor=None)
    short = clock_start(case=case, kind="defence", starts_on=served, party=plaintiff, actor=None)
    assert (long.due_on - served).days >= 30 > (short.due_on - served).days
