"""Mediation from registration to its outcomes, against the real database, ledger, documents."""

import datetime as dt

import pytest

from yunting.ledger.models import Entry
from yunting.mediation import services
from yunting.mediation.errors import MediationError, MediationErrorCode
from yunting.mediation.models import AssignmentMethod, Consent, DisputeStatus, PartySide

pytestmark = pytest.mark.django_db


def _events(dispute) -> list[str]:
    entries = Entry.objects.filter(event_type__startswith="mediation.").order_by("seq")
    return [e.event_type for e in entries if e.payload.get("dispute") == str(dispute.id)]


def test_register_numbers_clocks_invitation_and_ledger(register, people, smtp_inbox) -> None:
    d = register()
    year = dt.date.today().year
    assert d.number == f"（{year}）沪0105民诉前调1号"
    assert d.status == DisputeStatus.RECEIVED
    assert d.joint_choice_due < d.designation_due
    respondent = d.parties.get(side=PartySide.RESPONDENT)
    assert respondent.user == people["li"]  # invited through the number given
    assert respondent.consent == Consent.PENDING and respondent.invited_at is not None
    applicant = d.parties.get(side=PartySide.APPLICANT)
    assert applicant.user == people["zhang"] and applicant.consent == Consent.GIVEN
    assert _events(d) == ["mediation.registered", "mediation.invited"]
    assert register().number == f"（{year}）沪0105民诉前调2号"


def test_bad_registration_names_each_field(court, people) -> None:
    with pytest.raises(MediationError) as exc:
        services.dispute_register(
            user=people["zhang"],
            court=court,
            cause_name="",
            speciality="astrology",
            claim="x",
            facts="",
            parties=[services.PartyInput(side=PartySide.APPLICANT, name="", is_self=True)],
        )
    assert exc.value.code == MediationErrorCode.REQUIRED
    fields = exc.value.message_dict
    assert {"cause_name", "facts", "speciality", "parties"} <= set(fields)


def test_consent_refused_ends_the_mediation(register, people, network) -> None:
    d = register()
    services.dispute_answer_invitation(dispute=d, user=people["li"], accept=False)
    d.refresh_from_db()
    assert d.status == DisputeStatus.REFUSED
    assert "李四" in d.end_reason
    with pytest.raises(MediationError) as exc:
        services.dispute_assign(dispute=d, actor=people["coordinator"], mediator=network[1])
    assert exc.value.code == "wrong_state"
    with pytest.raises(MediationError):
        services.message_post(dispute=d, user=people["zhang"], text="还在吗？")
    assert "mediation.consent_refused" in _events(d)


def test_only_the_coordinator_assigns_and_late_assignment_is_flagged(
    register, people, network
) -> None:
    d = register()
    with pytest.raises(MediationError) as exc:
        services.dispute_assign(dispute=d, actor=people["liu"], mediator=network[1])
    assert exc.value.code == "not_coordinator"
    # Received long ago: the 3-working-day clock has run out.
    d.received_on = dt.date(2025, 9, 30)
    d.designation_due = dt.date(2025, 10, 11)
    d.save()
    services.dispute_assign(dispute=d, actor=people["coordinator"])
    d.refresh_from_db()
    assert d.assigned_late is True
    assert d.assignment_method == AssignmentMethod.RULES
    assert d.mediator.user.name == "刘调解员"  # lending: 刘 and 黄; 刘 sorts first at equal load
    assert d.status == DisputeStatus.RECEIVED  # the respondent has not consented yet
    services.dispute_answer_invitation(dispute=d, user=people["li"], accept=True)
    d.refresh_from_db()
    assert d.status == DisputeStatus.MEDIATING
    assert d.period_end is not None and d.period_end > d.started_on


def test_rules_prefer_the_lighter_caseload(register, people, network) -> None:
    busy = register()
    services.dispute_assign(dispute=busy, actor=people["coordinator"], mediator=network[1])
    d = register()
    services.dispute_assign(dispute=d, actor=people["coordinator"])
    d.refresh_from_db()
    assert d.mediator.user.name == "黄律师调解员"
    assert d.assigned_late is False


def test_joint_choice_assigns_without_the_coordinator(register, people, network) -> None:
    d = register()
    services.dispute_choose_mediator(dispute=d, user=people["zhang"], mediator=network[0])
    d.refresh_from_db()
    assert d.mediator is None
    services.dispute_choose_mediator(dispute=d, user=people["li"], mediator=network[0])
    d.refresh_from_db()
    assert d.mediator == network[0]
    assert d.assignment_method == AssignmentMethod.JOINT_CHOICE


def test_joint_choice_closes_after_two_working_days(register, people, network) -> None:
    d = register()
    d.joint_choice_due = dt.date(2025, 10, 10)
    d.save()
    with pytest.raises(MediationError) as exc:
        services.dispute_choose_mediator(dispute=d, user=people["zhang"], mediator=network[0])
    assert exc.value.code == "choice_closed"


def test_private_side_thread_is_only_for_the_mediator_and_that_side(mediating, people) -> None:
    d = mediating
    li_side = d.parties.get(side=PartySide.RESPONDENT)
    zhang_side = d.parties.get(side=PartySide.APPLICANT)
    services.message_post(dispute=d, user=people["liu"], text="大家好")
    services.message_post(dispute=d, user=people["liu"], side=li_side, text="分期可以吗？")
    services.message_post(dispute=d, user=people["li"], side=li_side, text="每月5000元")
    # The applicant cannot post into the respondent's private thread, nor can an outsider post.
    for user, side in ((people["zhang"], li_side), (people["outsider"], None)):
        with pytest.raises(MediationError) as exc:
            services.message_post(dispute=d, user=user, side=side, text="我也要说")
        assert exc.value.code == "not_in_thread" and exc.value.http_status == 404
    # The coordinator is court staff but not in the conversation.
    with pytest.raises(MediationError):
        services.message_post(dispute=d, user=people["coordinator"], text="催一下")
    services.message_post(dispute=d, user=people["zhang"], side=zhang_side, text="我同意分期")
    from yunting.mediation.selectors import side_threads_for, thread_messages

    assert [p.id for p in side_threads_for(user=people["zhang"], dispute=d)] == [zhang_side.id]
    assert len(side_threads_for(user=people["liu"], dispute=d)) == 2
    private = [m.text for m in thread_messages(dispute=d, side=li_side)]
    assert private == ["分期可以吗？", "每月5000元"]
    assert [m.text for m in thread_messages(dispute=d, side=None)] == ["大家好"]


def test_changed_agreement_cannot_be_signed_with_the_old_hash(mediating, people) -> None:
    d = mediating
    v1 = services.agreement_draft(dispute=d, actor=people["liu"], text="李四归还20000元。")
    services.agreement_sign(agreement=v1, user=people["zhang"], seen_sha256=v1.sha256)
    v2 = services.agreement_draft(dispute=d, actor=people["liu"], text="李四归还18000元。")
    assert v2.version == 2 and v2.sha256 != v1.sha256
    with pytest.raises(MediationError) as exc:
        services.agreement_sign(agreement=v2, user=people["li"], seen_sha256=v1.sha256)
    assert exc.value.code == "stale_text"
    with pytest.raises(MediationError):
        services.agreement_sign(agreement=v1, user=people["li"], seen_sha256=v1.sha256)
    d.refresh_from_db()
    assert d.status == DisputeStatus.MEDIATING  # 张三's signature of v1 does not count for v2
    services.agreement_sign(agreement=v2, user=people["li"], seen_sha256=v2.sha256)
    services.agreement_sign(agreement=v2, user=people["zhang"], seen_sha256=v2.sha256)
    d.refresh_from_db()
    assert d.status == DisputeStatus.AGREED
    assert {s.sha256 for s in v2.signatures.all()} == {v2.sha256}
    assert "mediation.agreed" in _events(d)


def _agree(d, people, text="李四于2026年12月31日前归还张三借款20000元。", concerns=""):
    a = services.agreement_draft(dispute=d, actor=people["liu"], text=text, concerns=concerns)
    for u in ("zhang", "li"):
        services.agreement_sign(agreement=a, user=people[u], seen_sha256=a.sha256)
    d.refresh_from_db()
    return a


def test_judicial_confirmation_issues_a_sealed_ruling(mediating, people) -> None:
    from django.core.files.storage import default_storage

    from yunting.documents.verification import verify_pdf

    d = mediating
    _agree(d, people)
    services.confirmation_apply(dispute=d, user=people["li"])
    d.refresh_from_db()
    case = d.confirmation_case
    assert case.type_code == "民特" and "民特" in case.case_number
    assert case.acceptance_fee in (None, 0)
    judge = case.judge
    assert judge is not None
    with pytest.raises(MediationError) as exc:  # the coordinator is not a judge
        services.confirmation_rule(dispute=d, judge=people["coordinator"], confirm=True)
    assert exc.value.code == MediationErrorCode.NOT_JUDGE
    ruling = services.confirmation_rule(dispute=d, judge=judge, confirm=True)
    d.refresh_from_db()
    assert d.status == DisputeStatus.CONFIRMED
    docs = list(ruling.documents.all())
    assert len(docs) == 2 and {doc.recipient.name for doc in docs} == {"张三", "李四"}
    with default_storage.open(docs[0].storage_path, "rb") as fh:
        report = verify_pdf(fh.read())
    assert report.valid
    with pytest.raises(MediationError) as exc:
        services.dispute_convert(dispute=d, actor=people["zhang"], reason="反悔了")
    assert exc.value.code == "resolved"


def test_excluded_rights_are_refused_with_the_reason(mediating, people) -> None:
    d = mediating
    _agree(d, people, text="双方同意解除婚姻关系，财产各自所有。")
    with pytest.raises(MediationError) as exc:
        services.confirmation_apply(dispute=d, user=people["zhang"])
    assert exc.value.code == "excluded" and "身份关系" in exc.value.detail


def test_failed_mediation_converts_to_a_filing_with_the_record(mediating, people) -> None:
    d = mediating
    services.evidence_add(dispute=d, user=people["zhang"], title="借条", purpose="借款事实")
    services.address_confirm(
        dispute=d, user=people["li"], address="上海市长宁区仙霞路300号", phone="13900000002"
    )
    services.facts_record(dispute=d, actor=people["liu"], text="李四于2025年借款20000元。")
    with pytest.raises(MediationError) as exc:
        services.dispute_convert(dispute=d, actor=people["li"], reason="谈不拢")
    assert exc.value.code == MediationErrorCode.NOT_MEDIATOR
    filing = services.dispute_convert(dispute=d, actor=people["liu"], reason="还款期限谈不拢")
    d.refresh_from_db()
    assert d.status == DisputeStatus.CONVERTED and d.converted_filing == filing
    assert filing.status == "submitted" and filing.created_by == people["zhang"]
    assert filing.review_due is not None
    record = filing.pre_litigation_record
    assert record["dispute"] == d.number
    assert record["undisputed_facts"] == "李四于2025年借款20000元。"
    assert record["evidence"][0]["title"] == "借条"
    assert record["addresses"][0]["party"] == "李四"
    assert {p.role for p in filing.parties.all()} == {"plaintiff", "defendant"}
    with pytest.raises(MediationError) as exc:
        services.dispute_convert(dispute=d, actor=people["liu"], reason="again")
    assert exc.value.code == MediationErrorCode.WRONG_STATE


def test_filing_waits_in_mediation_and_is_released(submitted_filing, people, network) -> None:
    filing = submitted_filing
    with pytest.raises(MediationError) as exc:
        services.dispute_from_filing(
            filing=filing, officer=people["officer"], consent_note="", speciality="lending"
        )
    assert exc.value.code == MediationErrorCode.REQUIRED
    d = services.dispute_from_filing(
        filing=filing,
        officer=people["officer"],
        consent_note="原告当面同意诉前调解",
        speciality="lending",
    )
    filing.refresh_from_db()
    assert filing.status == "mediating"
    assert d.origin == "filing" and d.filing == filing
    from yunting.filing.selectors import filing_review_queue

    assert filing not in list(filing_review_queue(user=people["officer"]))
    services.dispute_assign(dispute=d, actor=people["coordinator"], mediator=network[1])
    services.dispute_convert(dispute=d, actor=people["coordinator"], reason="被告未到场")
    filing.refresh_from_db()
    assert filing.status == "submitted"
    assert filing.pre_litigation_record["reason"] == "被告未到场"
    assert filing in list(filing_review_queue(user=people["officer"]))


def test_withdrawal(register, people) -> None:
    d = register()
    with pytest.raises(MediationError) as exc:
        services.dispute_withdraw(dispute=d, user=people["li"])
    assert exc.value.code == MediationErrorCode.NOT_YOURS
    services.dispute_withdraw(dispute=d, user=people["zhang"], reason="已私下和解")
    d.refresh_from_db()
    assert d.status == DisputeStatus.WITHDRAWN and d.end_reason == "已私下和解"
    assert "mediation.withdrawn" in _events(d)


def test_extension_by_consent_is_recorded(mediating, people) -> None:
    d = mediating
    before = d.period_end
    with pytest.raises(MediationError) as exc:
        services.period_extend(dispute=d, actor=people["liu"], days=10, consent_note="")
    assert exc.value.code == MediationErrorCode.REQUIRED
    ext = services.period_extend(
        dispute=d, actor=people["liu"], days=10, consent_note="双方在线确认同意延长"
    )
    d.refresh_from_db()
    assert d.period_end == ext.new_end and d.period_end > before
    assert "mediation.extended" in _events(d)
