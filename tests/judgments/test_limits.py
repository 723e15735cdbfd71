"""Trial-limit records on a real case: excluded periods, extensions (president), conversion,
the dashboard and the reminders; and case_deadlines showing the same limit."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.factories import make_case
from yunting.cases.selectors import case_deadlines, case_trial_limit
from yunting.judgments import services
from yunting.judgments.models import LimitReminder
from yunting.judgments.selectors import cases_by_limit_state, limit_summary

pytestmark = pytest.mark.django_db
FILED = dt.date(2026, 3, 2)  # Monday


@pytest.fixture
def plain(demo, court, people):
    case = make_case(court=court, actor=demo["filing_officer"], accepted_on=FILED)
    case.judge = people["head"]
    case.save(update_fields=["judge"])
    return case


def test_suspension_moves_the_limit_and_case_deadlines_agree(plain, people):
    judge = plain.judge
    s = services.suspension_start(
        case=plain, actor=judge, kind="appraisal", start=dt.date(2026, 4, 1)
    )
    assert case_trial_limit(case=plain, today=dt.date(2026, 4, 5)).suspended
    with pytest.raises(Exception) as exc:
        services.suspension_start(
            case=plain, actor=judge, kind="settlement", start=dt.date(2026, 4, 2)
        )
    assert exc.value.code == "suspension_open"
    with pytest.raises(Exception) as exc:
        services.suspension_end(suspension=s, actor=judge, end=dt.date(2026, 3, 31))
    assert exc.value.code == "suspension_order"
    services.suspension_end(suspension=s, actor=judge, end=dt.date(2026, 4, 10))
    # 2 September + 10 days = Saturday 12 September → Monday 14 September.
    assert case_trial_limit(case=plain).end == dt.date(2026, 9, 14)
    assert case_deadlines(case=plain)[0]["date"] == dt.date(2026, 9, 14)
    with pytest.raises(Exception) as exc:
        services.suspension_end(suspension=s, actor=judge, end=dt.date(2026, 4, 11))
    assert exc.value.code == "suspension_closed"


@pytest.mark.parametrize(
    ("kind", "start", "code"),
    [
        ("holiday", dt.date(2026, 4, 1), "bad_suspension_kind"),
        ("appraisal", dt.date(2026, 3, 1), "suspension_before_filing"),
    ],
)
def test_bad_suspensions(plain, kind, start, code):
    with pytest.raises(Exception) as exc:
        services.suspension_start(case=plain, actor=plain.judge, kind=kind, start=start)
    assert exc.value.code == code


def test_extension_needs_the_president(plain, people):
    ext = services.extension_request(case=plain, actor=plain.judge, length=6, reason="案情复杂")
    assert case_trial_limit(case=plain).extension == 0  # not before approval
    with pytest.raises(Exception) as exc:
        services.extension_decide(extension=ext, actor=people["head"], approve=True)
    assert exc.value.code == "not_president"
    services.extension_decide(
        extension=ext, actor=people["president"], approve=True, today=dt.date(2026, 8, 20)
    )
    assert case_trial_limit(case=plain).extension == 6
    with pytest.raises(Exception) as exc:
        services.extension_request(case=plain, actor=plain.judge, length=1, reason="再延长")
    assert exc.value.code == "extension_too_long"
    with pytest.raises(Exception) as exc:
        services.extension_decide(extension=ext, actor=people["president"], approve=True)
    assert exc.value.code == "not_pending"


def test_summary_to_ordinary_recomputed_from_filing(demo, court, people):
    case = make_case(
        court=court, actor=demo["filing_officer"], accepted_on=FILED, procedure="summary"
    )
    case.judge = people["head"]
    case.save(update_fields=["judge"])
    assert case_trial_limit(case=case).end == dt.date(2026, 6, 2)
    with pytest.raises(Exception) as exc:
        services.procedure_convert(
            case=case,
            actor=case.judge,
            to_procedure="ordinary",
            on=dt.date(2026, 6, 3),
            reason="案情复杂",
        )
    assert exc.value.code == "bad_conversion"  # after the summary limit ended
    services.procedure_convert(
        case=case,
        actor=case.judge,
        to_procedure="ordinary",
        on=dt.date(2026, 5, 20),
        reason="案情复杂",
    )
    case.refresh_from_db()
    assert case.procedure == "ordinary"
    assert case_trial_limit(case=case).end == dt.date(2026, 9, 2)
    with pytest.raises(Exception) as exc:
        services.procedure_convert(case=case, actor=case.judge, to_procedure="summary", reason="x")
    assert exc.value.code == "bad_conversion"


def test_dashboard_and_reminders(plain, people, jingan, smtp_inbox):
    rows = cases_by_limit_state(today=dt.date(2026, 8, 20), user=people["head"])
    assert [(r.case, r.state, r.days_left) for r in rows] == [(plain, "due_soon", 13)]
    assert cases_by_limit_state(today=dt.date(2026, 8, 20), user=jingan["judge"]) == []
    assert cases_by_limit_state(today=dt.date(2026, 8, 17), user=people["head"]) == []
    over = cases_by_limit_state(today=dt.date(2026, 9, 5), user=people["head"])
    assert over[0].state == "overdue" and over[0].days_over == 3
    assert limit_summary(over)["judges"] == [("刘法官", {"due_soon": 0, "overdue": 1})]
    assert services.limit_reminders_send(today=dt.date(2026, 9, 5)) == 1
    assert services.limit_reminders_send(today=dt.date(2026, 9, 5)) == 0  # once a day
    assert LimitReminder.objects.get(case=plain).state == "overdue"
    import email.header

    assert len(smtp_inbox.messages) == 1
    header = email.header.decode_header(smtp_inbox.messages[0]["Subject"])
    subject = str(email.header.make_header(header))
    assert plain.case_number in subject and "已超期" in subject
