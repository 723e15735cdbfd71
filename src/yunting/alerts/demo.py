"""Demo of the early warnings (预警): cases of 上海市长宁区人民法院 made through the real services
so that each warning list has something in it, and near misses that must *not* be listed.
Dates count from today, so the demo warns whenever it is seeded. Marked ``【演示·预警】``;
the letters are the ones tests/alerts/test_lists.py works out by hand:

    trial limits (简易程序, three months; judge 刘法官)
      L1 accepted 100 days ago            past          listed for 刘法官
      L2 accepted  85 days ago            near (≤ 15)   listed for 刘法官
      L3 accepted  60 days ago            ~30 days left  not listed
      L4 accepted 100 days ago, 周法官     past          listed for 周法官 only
    fees (acceptance fee, seven days from the notice)
      F1 notice 20 days ago, 刘法官        past          listed for 刘法官 and 钱财务
      F2 notice today, 刘法官              due in 7 days not listed
      F3 notice 20 days ago, 周法官        past          listed for 周法官 and 钱财务
    service (clerk 郑书记员)
      S1 serve-by 2 days ago              past          listed for 郑书记员
      S2 serve-by in 3 days               not yet due   not listed
    summons (开庭三日前; judge 刘法官, clerk 郑书记员)
      H1 hearing in 4 days, summons issued, not served   near   listed
      H2 hearing in 2 days, no summons                    past   listed
      H3 hearing in 4 days, summons served on everyone           not listed
      H4 hearing in 10 days, no summons                          not listed
    filings near the 7-day review (陈立案): ``filing.demo.seed_demo_review_ages``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.cases.models import Case
from yunting.cases.services import ClaimData, PartyData, case_create
from yunting.courts.models import Court, Courtroom

MARK = "【演示·预警】"


def _case(court, key: str, *, judge, clerk, accepted_on, procedure="ordinary") -> Case:
    litigant = User.objects.get(phone="13900000001")  # 张三 sees his cases on the portal
    case = case_create(
        court=court,
        actor=None,
        type_code="民初",
        cause_name="买卖合同纠纷",
        procedure=procedure,
        accepted_on=accepted_on,
        facts=f"{MARK}{key}",
        parties=[
            PartyData(
                role="plaintiff",
                kind="person",
                name="张三",
                id_type="citizen",
                id_number="310105198503122015",
                address="上海市长宁区天山路100号",
                phone="13900000001",
                user=litigant,
            ),
            PartyData(
                role="defendant",
                kind="person",
                name=f"预警被告{key}",
                id_type="citizen",
                id_number="",
                address="上海市长宁区仙霞路8号",
                phone="",
            ),
        ],
        claims=[ClaimData(text="判令被告支付货款人民币20,000元", amount=Decimal("20000.00"))],
    )
    case.judge, case.clerk = judge, clerk  # as the demo service cases: the draw is not shown
    case.save(update_fields=["judge", "clerk"])
    return case


def demo_case(key: str) -> Case | None:
    """The demo case of one letter (``"L1"``), for the tests and the walk."""
    return Case.objects.filter(facts=f"{MARK}{key}").first()


def _serve_all(documents, officer) -> None:
    """By post, the delivery date entered by the desk (the postal import's path)."""
    from yunting.service.addresses import address_confirm
    from yunting.service.models import ServiceTask
    from yunting.service.services import attempt_delivered, service_dispatch

    for doc in documents:
        task = ServiceTask.objects.get(document=doc)
        address_confirm(
            party=task.party, actor=officer, source="express", postal=task.party.address
        )
        service_dispatch(task=task, channels=["postal"], actor=officer)
        attempt_delivered(attempt=task.attempts.get(), at=timezone.now(), actor=officer)


def seed_demo_alerts() -> int:
    """Idempotent: nothing happens once the demo warning cases exist. Returns cases made."""
    from yunting.documents.services import document_issue
    from yunting.fees.services import fee_orders_assess_acceptance
    from yunting.filing.demo import seed_demo_review_ages
    from yunting.hearings.services import hearing_issue_summons, hearing_schedule
    from yunting.service.services import service_task_open

    if Case.objects.filter(facts__startswith=MARK).exists():
        return 0
    court = Court.objects.get(code="沪0105")
    liu = User.objects.get(phone="13900000012")
    zhou = User.objects.get(phone="13900000013")
    clerk = User.objects.get(phone="13900000015")
    officer = User.objects.get(phone="13900000016")
    filing_officer = User.objects.get(phone="13900000011")
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    made = 0
    with transaction.atomic():
        limits = (("L1", liu, 100), ("L2", liu, 85), ("L3", liu, 60), ("L4", zhou, 100))
        for key, judge, days in limits:
            _case(court, key, judge=judge, clerk=clerk, accepted_on=ago(days), procedure="summary")
            made += 1
        for key, judge, notice in (("F1", liu, 20), ("F2", liu, 0), ("F3", zhou, 20)):
            case = _case(court, key, judge=judge, clerk=clerk, accepted_on=ago(notice))
            fee_orders_assess_acceptance(case=case, actor=filing_officer, notice_date=ago(notice))
            made += 1
        for key, due in (("S1", ago(2)), ("S2", today + dt.timedelta(days=3))):
            case = _case(court, key, judge=liu, clerk=clerk, accepted_on=today)
            doc = document_issue(template_code="response_notice", case=case, actor=liu)
            service_task_open(
                document=doc, party=case.parties.get(role="defendant"), actor=clerk, due_on=due
            )
            made += 1
        room = Courtroom.objects.filter(court=court, supports_online=True).first()
        for key, days, plan in (
            ("H1", 4, "issued"),
            ("H2", 2, "none"),
            ("H3", 4, "served"),
            ("H4", 10, "none"),
        ):
            case = _case(court, key, judge=liu, clerk=clerk, accepted_on=today)
            hour = 9 if key != "H3" else 14
            starts = timezone.make_aware(
                dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, 0))
            )
            hearing = hearing_schedule(
                case=case, actor=liu, kind="trial", courtroom=room, starts_at=starts
            )
            if plan != "none":
                issued = hearing_issue_summons(hearing=hearing, actor=liu)
                if plan == "served":
                    _serve_all([d for d in issued if d.template_code == "summons"], officer)
            made += 1
    made += seed_demo_review_ages()
    return made
