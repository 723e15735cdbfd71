"""What the exchange's services share: who acts for which party, who is court staff, files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.models import Case, Party
from yunting.core.files import CheckedFile, check_upload

from ..errors import EvidenceError, EvidenceErrorCode
from ..models import Exchange

if TYPE_CHECKING:
    from yunting.accounts.models import User

COURT_ROLES = frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT})


def is_case_court(user: User, case: Case) -> bool:
    """The judge or a judge assistant of the case's court."""
    return any(c.id == case.court_id for c in user_courts_with_role(user=user, roles=COURT_ROLES))


def ensure_court(user: User, case: Case) -> None:
    if not is_case_court(user, case):
        raise EvidenceError(EvidenceErrorCode.NOT_COURT_STAFF)


def ensure_judge(user: User, case: Case) -> None:
    judge_courts = {c.id for c in user_courts_with_role(user=user, roles={Role.JUDGE})}
    if case.court_id not in judge_courts or (case.judge_id and case.judge_id != user.id):
        raise EvidenceError(EvidenceErrorCode.NOT_COURT_STAFF)


def parties_of(user: User, case: Case) -> list[Party]:
    """The parties of ``case`` the person acts for: as the party itself or as its agent."""
    return list(
        Party.objects.filter(Q(user=user) | Q(agents__user=user), case=case)
        .distinct()
        .order_by("position")
    )


def acting_party(user: User, case: Case, party: Party | None = None) -> Party:
    """The party ``user`` acts for in ``case`` (``party`` picks one when several)."""
    mine = parties_of(user, case)
    if party is not None:
        for p in mine:
            if p.id == party.id:
                return p
        raise EvidenceError(EvidenceErrorCode.NOT_A_PARTY)
    if not mine:
        raise EvidenceError(EvidenceErrorCode.NOT_A_PARTY)
    return mine[0]


def exchange_for(case: Case, *, lock: bool = False) -> Exchange:
    exchange, _created = Exchange.objects.get_or_create(case=case)
    if lock:
        exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    return exchange


def checked(data: bytes) -> CheckedFile:
    try:
        return check_upload(data)
    except ValidationError as exc:
        raise EvidenceError(EvidenceErrorCode.BAD_UPLOAD, reason=" ".join(exc.messages)) from exc


def text_pdf(*, title: str, case: Case, party: Party, text: str) -> bytes:
    """A plain PDF of a text written online (a defence typed into the form), for the e-file."""
    from yunting.documents.pdfwork import html_to_pdf

    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    html = (
        '<html lang="zh-Hans"><head><meta charset="utf-8"><style>'
        '@page{size:A4;margin:30mm 26mm}html{font-family:"Noto Serif CJK SC",serif;'
        "font-size:14pt;line-height:24pt}h1{text-align:center;font-size:22pt}"
        "p{text-indent:2em;margin:0}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>案号：{escape(case.case_number)}</p>"
        f"<p>提交人：{escape(party.get_role_display())} {escape(party.name)}</p>{body}"
        f"<p>提交时间：{timezone.localtime():%Y-%m-%d %H:%M}</p></body></html>"
    )
    return html_to_pdf(html)
