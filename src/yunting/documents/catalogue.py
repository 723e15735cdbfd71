"""The documents a court issues, their template files, and loading them into the database.

Each code's version 1 is the file ``seed/<code>.html`` shipped with the app; court
administrators then edit in the workbench, which adds versions. ``fields`` declares the
details a document needs that the case does not hold yet (a hearing time, the reasoning of a
judgment): label, type, help, whether required and the value pre-filled from the case. The
issuing form shows exactly these fields; each template has a sensible default for each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SEED_DIR = Path(__file__).resolve().parent / "seed"


class FieldType:
    TEXT = "text"
    TEXTAREA = "textarea"
    DATE = "date"  # a date picker; printed 2026年12月10日
    DATETIME = "datetime"  # date and time pickers; printed 2026年12月10日上午9时30分
    MONEY = "money"  # yuan with two decimals; printed 1,234.50
    DAYS = "days"  # a number of days; printed in Chinese numerals (七, 十五)


@dataclass(frozen=True)
class Field:
    """A detail a document needs that the case does not hold: what the issuing form asks."""

    name: str
    label: object
    type: str = FieldType.TEXT
    help: object = ""
    required: bool = False
    initial: Callable[[Any], Any] | None = None  # case → value shown pre-filled, or None


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    fields: tuple[Field, ...] = ()
    needs_recipient: bool = False
    description: object = ""
    issuable: bool = True  # False: only the system issues it (finance's e-receipt on payment)

    @property
    def extra_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _acceptance_fee(case) -> Any:
    return getattr(case, "acceptance_fee", None)


def _court_address(case) -> str:
    return case.court.address or ""


def _const(value: Any) -> Callable[[Any], Any]:
    return lambda case: value


AGREEMENT = Field(
    "agreement",
    _("Agreement reached"),
    FieldType.TEXTAREA,
    _("One term per line, as the parties agreed them; each line becomes its own paragraph."),
    required=True,
)
FEE_BURDEN = Field(
    "fee_burden",
    _("Who bears the court fee"),
    help=_("As the document states it, in Chinese."),
    initial=_const("由被告负担"),
)

CATALOGUE: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind(
            "acceptance_notice",
            "受理通知书",
            (
                Field(
                    "payment_deadline_days",
                    _("Days to prepay the fee"),
                    FieldType.DAYS,
                    _(
                        "Counted from the day after the notice is received (Art. 20 of the "
                        "Measures on the Payment of Litigation Costs: seven days)."
                    ),
                    initial=_const(7),
                ),
            ),
            True,
            _("Tells the plaintiff the case is accepted, its number and the fee to prepay."),
        ),
        Kind(
            "payment_notice",
            "交费通知书",
            (
                Field(
                    "fee",
                    _("Fee to prepay (yuan)"),
                    FieldType.MONEY,
                    _("As assessed at acceptance; change it only if the fee order differs."),
                    initial=_acceptance_fee,
                ),
                Field(
                    "reference",
                    _("Payment reference"),
                    help=_("The reference a payer quotes on a bank transfer, if any."),
                ),
            ),
            True,
            _("Asks a party to prepay the court fee within 7 days (Art. 20 of the Measures)."),
        ),
        Kind(
            "response_notice",
            "应诉通知书",
            (
                Field(
                    "answer_days",
                    _("Days to answer"),
                    FieldType.DAYS,
                    _(
                        "Fifteen days from receipt of the complaint (Art. 128 of the Civil "
                        "Procedure Law)."
                    ),
                    initial=_const(15),
                ),
            ),
            True,
            _("Tells a defendant of the suit and the 15-day period to answer."),
        ),
        Kind(
            "evidence_notice",
            "举证通知书",
            (
                Field(
                    "evidence_deadline",
                    _("Time limit for evidence"),
                    help=_("As the document states it, in Chinese."),
                    initial=_const("自收到本通知书之次日起十五日"),
                ),
            ),
            True,
            _("Sets the time limit for producing evidence and the burden of proof."),
        ),
        Kind(
            "summons",
            "传票",
            (
                Field(
                    "hearing_time",
                    _("Hearing date and time"),
                    FieldType.DATETIME,
                    required=True,
                ),
                Field(
                    "hearing_place",
                    _("Place"),
                    help=_("The courtroom, or the online courtroom's name."),
                    required=True,
                    initial=_court_address,
                ),
                Field(
                    "summons_reason",
                    _("Reason for the summons"),
                    initial=_const("开庭审理"),
                    required=True,
                ),
            ),
            True,
            _("Summons a party to a hearing: time, place and the consequences of absence."),
        ),
        Kind(
            "service_receipt",
            "送达回证",
            (
                Field(
                    "served_documents",
                    _("Documents served"),
                    FieldType.TEXTAREA,
                    initial=_const("起诉状副本、应诉通知书、举证通知书、传票各一份"),
                    required=True,
                ),
                Field(
                    "service_address",
                    _("Address of service"),
                    help=_("Leave empty to print the recipient's address on file."),
                ),
                Field("service_method", _("Method of service"), initial=_const("电子送达")),
            ),
            True,
            _("Proof of service: what was served on whom, where and when."),
        ),
        Kind(
            "withdrawal_ruling",
            "民事裁定书",
            (
                Field(
                    "withdrawal_date",
                    _("Date the plaintiff applied to withdraw"),
                    FieldType.DATE,
                    required=True,
                ),
                Field(
                    "withdrawal_reason",
                    _("Reason given"),
                    FieldType.TEXTAREA,
                    _("Optional; printed after the application (in Chinese)."),
                ),
            ),
            description=_("Ruling permitting the plaintiff to withdraw the suit (准予撤诉)."),
        ),
        Kind(
            "mediation_statement",
            "民事调解书",
            (
                AGREEMENT,
                Field(
                    "payment_date",
                    _("Time for performance"),
                    initial=_const("本调解书生效之日起三十日内"),
                ),
                FEE_BURDEN,
            ),
            description=_("Records the agreement the parties reached in mediation."),
        ),
        Kind(
            "judgment",
            "民事判决书",
            (
                Field(
                    "hearing_summary",
                    _("How the case was heard"),
                    FieldType.TEXTAREA,
                    initial=_const("公开开庭进行了审理。当事人均到庭参加诉讼。本案现已审理终结。"),
                ),
                Field("defence", _("Defendant's defence"), FieldType.TEXTAREA),
                Field("facts_found", _("Facts found"), FieldType.TEXTAREA, required=True),
                Field("reasoning", _("Reasoning"), FieldType.TEXTAREA, required=True),
                Field(
                    "legal_basis",
                    _("Legal basis"),
                    FieldType.TEXTAREA,
                    _("The articles the decision rests on, as printed."),
                    required=True,
                ),
                Field(
                    "decision",
                    _("Decision"),
                    FieldType.TEXTAREA,
                    _("One item per line; each line becomes its own paragraph."),
                    required=True,
                ),
                FEE_BURDEN,
            ),
            description=_("First-instance civil judgment with facts, reasoning and decision."),
        ),
        Kind(
            "confirmation_ruling",
            "民事裁定书",
            (
                Field("mediator", _("Mediation organisation"), required=True),
                Field("agreement_date", _("Date of the agreement"), FieldType.DATE, required=True),
                AGREEMENT,
                Field(
                    "payment_date",
                    _("Time for performance"),
                    initial=_const("协议签订之日起三十日内"),
                ),
            ),
            description=_("Ruling confirming a mediation agreement (司法确认)."),
        ),
        Kind(
            "address_confirmation",
            "送达地址确认书",
            (),
            True,
            _("The party's confirmed addresses for service and consent per channel."),
            issuable=False,
        ),
        Kind(
            "e_service_receipt",
            "电子送达回证",
            (),
            True,
            _("Proof of a completed service: channel, address, time and how it was determined."),
            issuable=False,
        ),
        Kind(
            "service_public_notice",
            "公告",
            (),
            True,
            _("Service by public notice: deemed served 30 days after publication."),
            issuable=False,
        ),
        Kind(
            "treated_withdrawn_ruling",
            "民事裁定书",
            (),
            description=_("Ruling treating the suit as withdrawn for an unpaid fee (按撤诉处理)."),
            issuable=False,
        ),
        Kind(
            "dismissal_ruling",
            "民事裁定书",
            (
                Field("reasoning", _("Reasoning"), FieldType.TEXTAREA, required=True),
                Field("legal_basis", _("Legal basis"), FieldType.TEXTAREA, required=True),
                FEE_BURDEN,
            ),
            description=_("Ruling dismissing the suit (驳回起诉); appealable within 10 days."),
            issuable=False,
        ),
        Kind(
            "not_accepted_ruling",
            "民事裁定书",
            (
                Field("reasoning", _("Reasoning"), FieldType.TEXTAREA, required=True),
                Field("legal_basis", _("Legal basis"), FieldType.TEXTAREA, required=True),
                FEE_BURDEN,
            ),
            description=_("Ruling not to accept the suit (不予受理); appealable within 10 days."),
            issuable=False,
        ),
        Kind(
            "transfer_ruling",
            "民事裁定书",
            (
                Field("reasoning", _("Reasoning"), FieldType.TEXTAREA, required=True),
                Field("legal_basis", _("Legal basis"), FieldType.TEXTAREA, required=True),
                Field("receiving_court", _("Receiving court"), required=True),
            ),
            description=_(
                "Ruling transferring the case to the court with jurisdiction (移送管辖); "
                "effective on issue."
            ),
            issuable=False,
        ),
        Kind(
            "effect_certificate",
            "生效证明书",
            (
                Field("decision_title", _("Document that took effect"), required=True),
                Field("effective_on", _("Effective on"), required=True),
                Field("decision_code", _("Its verification code")),
                Field("parties", _("Addressed to")),
            ),
            True,
            _("Certifies that a judgment or ruling has taken legal effect (生效证明)."),
            issuable=False,
        ),
        Kind(
            "exchange_report",
            "异步质证报告",
            (
                Field("exchange_summary", _("How the exchange went"), FieldType.TEXTAREA),
                Field("exchange_items", _("Items and opinions"), FieldType.TEXTAREA),
                Field("dispute_points", _("Points in dispute"), FieldType.TEXTAREA),
            ),
            description=_(
                "Report of the asynchronous evidence exchange: each item, each side's opinions "
                "on its authenticity, legality and relevance, and the points in dispute."
            ),
            issuable=False,
        ),
        Kind(
            "fee_receipt",
            "诉讼费电子票据",
            (),
            True,
            _("Electronic receipt for court fees paid."),
            issuable=False,
        ),
        Kind(
            "hearing_notice",
            "出庭通知书",
            (
                Field(
                    "hearing_time", _("Hearing date and time"), FieldType.DATETIME, required=True
                ),
                Field(
                    "hearing_place",
                    _("Place"),
                    help=_("The courtroom, or the online courtroom's name."),
                    required=True,
                    initial=_court_address,
                ),
                Field("attendee", _("Notified person"), help=_("Agent or witness notified.")),
                Field("attendee_capacity", _("Capacity"), initial=_const("委托诉讼代理人")),
                Field("hearing_kind", _("Kind of hearing"), initial=_const("开庭审理")),
            ),
            True,
            _("Tells an agent (or witness) when and where to attend the hearing."),
        ),
        Kind(
            "hearing_transcript",
            "庭审笔录",
            (
                Field("hearing_time", _("Hearing date and time"), FieldType.DATETIME),
                Field("hearing_place", _("Place")),
                Field("transcript", _("Transcript"), FieldType.TEXTAREA, required=True),
                Field(
                    "signatures",
                    _("Signatures"),
                    FieldType.TEXTAREA,
                    _("Filled by the hearing room: who signed, when, and the drawn signature."),
                ),
            ),
            description=_("The record of a hearing, signed by everyone who took part."),
            issuable=False,
        ),
    ]
}

# The name of each kind as lists and menus show it (two rulings share the title 民事裁定书).
LIST_TITLES = {
    "withdrawal_ruling": "民事裁定书（准予撤诉）",
    "confirmation_ruling": "司法确认裁定书",
    "treated_withdrawn_ruling": "民事裁定书（按撤诉处理）",
    "dismissal_ruling": "民事裁定书（驳回起诉）",
    "not_accepted_ruling": "民事裁定书（不予受理）",
    "transfer_ruling": "民事裁定书（移送管辖）",
}


# What a reader of the English pages calls each kind (the documents themselves stay Chinese).
ENGLISH_TITLES = {
    "acceptance_notice": "Notice of acceptance",
    "payment_notice": "Notice to pay court fees",
    "response_notice": "Notice to respond",
    "evidence_notice": "Notice on evidence",
    "summons": "Summons",
    "service_receipt": "Proof of service",
    "withdrawal_ruling": "Civil ruling (withdrawal allowed)",
    "dismissal_ruling": "Civil ruling (suit dismissed)",
    "not_accepted_ruling": "Civil ruling (suit not accepted)",
    "transfer_ruling": "Civil ruling (case transferred)",
    "mediation_statement": "Civil mediation statement",
    "judgment": "Civil judgment",
    "confirmation_ruling": "Ruling confirming a mediation agreement",
    "fee_receipt": "Electronic receipt for court fees",
}


def list_title(code: str) -> str:
    """The kind's name in lists and menus, in the reader's language."""
    if not (get_language() or "zh").startswith("zh") and code in ENGLISH_TITLES:
        return ENGLISH_TITLES[code]
    return LIST_TITLES.get(code, CATALOGUE[code].title if code in CATALOGUE else code)


def seed_body(code: str) -> str:
    return (SEED_DIR / f"{code}.html").read_text(encoding="utf-8")


SHIPPED_NOTE = "shipped with Yunting"


def seed_template(code: str, *, using: str = "default"):
    """Make the shipped file the platform default of ``code``: version 1 if none exists; a new
    version when a release changed the file and the active default is still a shipped one
    (a platform administrator's own edit is never replaced)."""
    from .models import DocumentTemplate

    kind = CATALOGUE[code]
    defaults = DocumentTemplate.objects.using(using).filter(court__isnull=True, code=code)
    existing = defaults.filter(is_active=True).first()
    body = seed_body(code)
    if existing is not None and (
        existing.body == body or existing.created_by_id is not None or existing.note != SHIPPED_NOTE
    ):
        return existing
    if existing is None and defaults.exists():
        return None  # deactivated on purpose; do not resurrect
    try:
        with transaction.atomic(using=using):
            if existing is not None:
                existing.is_active = False
                existing.save(update_fields=["is_active"])
            last = defaults.order_by("-version").first()
            return DocumentTemplate.objects.using(using).create(
                code=code,
                title=kind.title,
                version=(last.version if last else 0) + 1,
                body=body,
                note=SHIPPED_NOTE,
            )
    except IntegrityError:  # another process seeded it first
        return defaults.filter(is_active=True).first()


def seed_templates(*, using: str = "default") -> None:
    for code in CATALOGUE:
        seed_template(code, using=using)
