"""What a questionnaire is (its screens and its composer) and what it composes: the claims
with their amounts, the computation, the facts and the element table. The helpers at the end
are the parts every composer shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.rules.amounts import to_uppercase_rmb

from .fields import GuidedForm
from .interest import LprTable, yuan

PARTIES_STEP = "parties"
REVIEW_STEP = "review"


@dataclass(frozen=True)
class Step:
    key: str
    title: Any
    form: type[GuidedForm]


@dataclass(frozen=True)
class Questionnaire:
    kind: str
    cause_name: str  # the name in the official catalogue of causes of action
    title: Any
    hint: Any
    steps: tuple[Step, ...]
    composer: Callable[[Answers, ComposeContext], Composition]

    @property
    def step_keys(self) -> list[str]:
        return [PARTIES_STEP, *(s.key for s in self.steps), REVIEW_STEP]

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def step_titles(self) -> list[tuple[str, Any]]:
        return [
            (PARTIES_STEP, _("Parties")),
            *((s.key, s.title) for s in self.steps),
            (REVIEW_STEP, _("Check and generate")),
        ]


Answers = dict[str, GuidedForm]  # step key → the validated form of that step


@dataclass
class ClaimLine:
    text: str
    amount: Decimal | None = None


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]]


@dataclass
class Composition:
    """Everything the complaint says, ready for the filing and the PDF."""

    cause_name: str
    title: str
    claims: list[ClaimLine]
    computation: list[str]
    facts: str
    sections: list[Section]
    evidence: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.claims if c.amount is not None), Decimal("0"))

    @property
    def total_upper(self) -> str:
        return to_uppercase_rmb(self.total)


@dataclass(frozen=True)
class ComposeContext:
    today: dt.date
    plaintiffs: tuple[str, ...]
    defendants: tuple[str, ...]
    lpr: LprTable
    rules: Mapping[str, Any] = field(default_factory=dict)  # courts.rule_settings.court_rules

    @property
    def plaintiff(self) -> str:
        return "、".join(self.plaintiffs) or gettext("the plaintiff")

    @property
    def defendant(self) -> str:
        return "、".join(self.defendants) or gettext("the defendant")


# --- Shared by the composers ------------------------------------------------------------------


def composition(
    q: Questionnaire,
    a: Answers,
    *,
    claims: list[ClaimLine],
    computation: list[str],
    facts: list[str],
) -> Composition:
    """The complaint of ``q``: its cause, the facts run together, an element table with one
    section a screen, and the evidence listed on the last screen (``claims``)."""
    return Composition(
        cause_name=q.cause_name,
        title=str(q.title),
        claims=claims,
        computation=computation,
        facts=_join(facts),
        sections=_sections(a, q),
        evidence=_evidence(a["claims"]),
    )


def _sections(answers: Answers, q: Questionnaire) -> list[Section]:
    return [
        Section(str(s.title), [(str(label), value) for label, value in answers[s.key].elements()])
        for s in q.steps
    ]


def _evidence(form: GuidedForm) -> list[str]:
    text = form.cleaned_data.get("evidence") or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _join(sentences: list[str]) -> str:
    """Chinese sentences run on without spaces; other languages take one between sentences."""
    return ("" if (translation.get_language() or "").startswith("zh") else " ").join(sentences)


def other_claims(form: GuidedForm) -> list[ClaimLine]:
    """The person's own further claim (the ``other`` answer), as written, if any."""
    other = (form.cleaned_data.get("other") or "").strip()
    return [ClaimLine(other)] if other else []


def closing_claims(form: GuidedForm) -> list[ClaimLine]:
    """The last claims of a loan complaint: the lawyer's fee, other claims and the costs."""
    lines = []
    fee = form.cleaned_data.get("lawyer_fee")
    if fee:
        lines.append(
            ClaimLine(
                gettext("Order the defendant to pay the lawyer's fee of %(amount)s.")
                % {"amount": yuan(fee)},
                fee,
            )
        )
    lines += other_claims(form)
    lines.append(ClaimLine(gettext("Order the defendant to bear the costs of this case.")))
    return lines
