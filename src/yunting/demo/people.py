"""The demo court system: a high court, an intermediate court, two basic courts, and one
person per role, so the demo is alive from the first click. Running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.services import role_grant
from yunting.courts.models import DepartmentKind
from yunting.courts.services import court_ensure, courtroom_ensure, department_ensure

DEMO_PASSWORD = "yunting-demo-2026"  # noqa: S105 - published demo password


@dataclass(frozen=True)
class DemoLogin:
    role: str
    role_label: str
    phone: str
    name: str
    court: str
    email: str = ""


COURTS = [
    # code, name, parent code, address
    ("沪", "上海市高级人民法院", None, "上海市肇嘉浜路308号"),
    ("沪01", "上海市第一中级人民法院", "沪", "上海市虹桥路1200号"),
    ("沪0105", "上海市长宁区人民法院", "沪01", "上海市长宁区古北路1001号"),
    ("沪0106", "上海市静安区人民法院", "沪01", "上海市静安区武定路900号"),
]
# The fee account (诉讼费专户) printed on payment notices; made up for the demo.
FEE_ACCOUNTS = {
    "沪0105": ("演示银行上海长宁支行", "6222 0105 0000 0001"),
    "沪0106": ("演示银行上海静安支行", "6222 0106 0000 0001"),
}
DEPARTMENTS = [
    ("立案庭", DepartmentKind.FILING),
    ("民事审判第一庭", DepartmentKind.CIVIL),
    ("民事审判第二庭", DepartmentKind.COMMERCIAL),
    ("诉讼服务中心（集约送达）", DepartmentKind.SERVICE),
    ("诉调对接中心", DepartmentKind.MEDIATION),
    ("财务室", DepartmentKind.FINANCE),
    ("办公室", DepartmentKind.ADMIN),
]
COURTROOMS = [("第一法庭", "一楼"), ("第二法庭", "一楼"), ("第八法庭（互联网法庭）", "三楼")]

# role, phone, name, ID number (valid check digits), court code, department name, head?
PEOPLE = [
    (Role.LITIGANT, "13900000001", "张三", "310105198503122015", None, None, False),
    (Role.LITIGANT, "13900000002", "李四", "31010419900720102X", None, None, False),
    (Role.LAWYER, "13900000003", "王律师", "110101197801013039", None, None, False),
    (Role.INSTITUTION, "13900000004", "示范银行诉讼专员", "440305198811115052", None, None, False),
    (Role.FILING_OFFICER, "13900000011", "陈立案", "", "沪0105", "立案庭", False),
    (Role.JUDGE, "13900000012", "刘法官", "", "沪0105", "民事审判第一庭", True),
    (Role.JUDGE, "13900000013", "周法官", "", "沪0105", "民事审判第一庭", False),
    (Role.JUDGE_ASSISTANT, "13900000014", "吴助理", "", "沪0105", "民事审判第一庭", False),
    (Role.CLERK, "13900000015", "郑书记员", "", "沪0105", "民事审判第一庭", False),
    (
        Role.SERVICE_OFFICER,
        "13900000016",
        "孙送达",
        "",
        "沪0105",
        "诉讼服务中心（集约送达）",
        False,
    ),
    (Role.MEDIATOR, "13900000017", "何调解员", "", "沪0105", "诉调对接中心", False),
    (Role.FINANCE_OFFICER, "13900000018", "钱财务", "", "沪0105", "财务室", False),
    (Role.COURT_ADMIN, "13900000019", "赵管理员", "", "沪0105", "办公室", False),
    (Role.FILING_OFFICER, "13900000021", "冯立案", "", "沪0106", "立案庭", False),
    (Role.JUDGE, "13900000022", "林法官", "", "沪0106", "民事审判第一庭", True),
]


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    courts = {}
    for code, name, parent, address in COURTS:
        bank, account = FEE_ACCOUNTS.get(code, ("", ""))
        courts[code] = court_ensure(
            code=code,
            name=name,
            parent=courts.get(parent) if parent else None,
            address=address,
            fee_bank=bank,
            fee_account=account,
        )
    departments = {}
    for court in courts.values():
        for name, kind in DEPARTMENTS:
            departments[(court.code, name)] = department_ensure(court=court, name=name, kind=kind)
        for name, location in COURTROOMS:
            courtroom_ensure(court=court, name=name, location=location)

    logins = []
    for role, phone, name, id_number, court_code, dept_name, head in PEOPLE:
        user = User.objects.filter(phone=phone).first()
        if user is None:
            user = User.objects.create_user(
                phone,
                DEMO_PASSWORD,
                name=name,
                id_number=id_number,
                email=f"{phone}@demo.yunting.invalid",
            )
        court = courts.get(court_code) if court_code else None
        role_grant(
            user=user,
            role=role,
            court=court,
            department=departments.get((court_code, dept_name)),
            is_division_head=head,
        )
        logins.append(
            DemoLogin(
                role,
                str(Role(role).label),
                phone,
                name,
                court.name if court else "—",
                email=user.email,
            )
        )
    return logins
