"""The documents a court issues, their template files, and loading them into the database.

Each code's version 1 is the file ``seed/<code>.html`` shipped with the app; court
administrators then edit in the workbench, which adds versions. ``extra_fields`` lists the
details a document needs that the case does not hold yet (a hearing time, the reasoning of a
judgment); they are given when issuing, and each template has a sensible default for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

SEED_DIR = Path(__file__).resolve().parent / "seed"


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    extra_fields: tuple[str, ...] = ()
    needs_recipient: bool = False
    description: object = ""


CATALOGUE: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind(
            "acceptance_notice",
            "受理通知书",
            ("payment_deadline_days",),
            True,
            _("Tells the plaintiff the case is accepted, its number and the fee to prepay."),
        ),
        Kind(
            "payment_notice",
            "交费通知书",
            ("fee", "payment_account"),
            True,
            _("Asks a party to prepay the court fee within 7 days (Art. 20 of the Measures)."),
        ),
        Kind(
            "response_notice",
            "应诉通知书",
            ("answer_days",),
            True,
            _("Tells a defendant of the suit and the 15-day period to answer."),
        ),
        Kind(
            "evidence_notice",
            "举证通知书",
            ("evidence_deadline",),
            True,
            _("Sets the time limit for producing evidence and the burden of proof."),
        ),
        Kind(
            "summons",
            "传票",
            ("hearing_time", "hearing_place", "summons_reason"),
            True,
            _("Summons a party to a hearing: time, place and the consequences of absence."),
        ),
        Kind(
            "service_receipt",
            "送达回证",
            ("served_documents", "service_address"),
            True,
            _("Proof of service: what was served on whom, where and when."),
        ),
        Kind(
            "withdrawal_ruling",
            "民事裁定书",
            ("withdrawal_date", "withdrawal_reason"),
            description=_("Ruling permitting the plaintiff to withdraw the suit (准予撤诉)."),
        ),
        Kind(
            "mediation_statement",
            "民事调解书",
            ("agreement", "fee_burden"),
            description=_("Records the agreement the parties reached in mediation."),
        ),
        Kind(
            "judgment",
            "民事判决书",
            (
                "hearing_summary",
                "defence",
                "facts_found",
                "reasoning",
                "legal_basis",
                "decision",
                "fee_burden",
            ),
            description=_("First-instance civil judgment with facts, reasoning and decision."),
        ),
        Kind(
            "confirmation_ruling",
            "民事裁定书",
            ("mediator", "agreement_date", "agreement"),
            description=_("Ruling confirming a mediation agreement (司法确认)."),
        ),
        Kind(
            "fee_receipt",
            "诉讼费电子票据",
            ("payer", "amount", "receipt_number", "paid_on"),
            True,
            _("Electronic receipt for court fees paid."),
        ),
    ]
}

# The name of each kind as lists and menus show it (two rulings share the title 民事裁定书).
LIST_TITLES = {
    "withdrawal_ruling": "民事裁定书（准予撤诉）",
    "confirmation_ruling": "司法确认裁定书",
}


def list_title(code: str) -> str:
    return LIST_TITLES.get(code, CATALOGUE[code].title if code in CATALOGUE else code)


def seed_body(code: str) -> str:
    return (SEED_DIR / f"{code}.html").read_text(encoding="utf-8")


def seed_template(code: str, *, using: str = "default"):
    """Create version 1 of ``code`` from its shipped file unless any version exists."""
    from .models import DocumentTemplate

    kind = CATALOGUE[code]
    existing = DocumentTemplate.objects.using(using).filter(code=code, is_active=True).first()
    if existing is not None:
        return existing
    if DocumentTemplate.objects.using(using).filter(code=code).exists():
        return None  # deactivated on purpose; do not resurrect
    try:
        with transaction.atomic(using=using):
            return DocumentTemplate.objects.using(using).create(
                code=code,
                title=kind.title,
                version=1,
                body=seed_body(code),
                note="shipped with Yunting",
            )
    except IntegrityError:  # another process seeded it first
        return DocumentTemplate.objects.using(using).filter(code=code, is_active=True).first()


def seed_templates(*, using: str = "default") -> None:
    for code in CATALOGUE:
        seed_template(code, using=using)
