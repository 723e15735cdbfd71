"""The questionnaires by kind, and the pure steps every one goes through: bind a screen,
re-check all saved answers, compose the complaint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunting.courts.rule_settings import court_rules

from ..errors import FilingError, FilingErrorCode
from .composition import Answers, ComposeContext, Composition, Questionnaire
from .fields import GuidedForm
from .financial_loan import FINANCIAL_LOAN
from .interest import LprTable, lpr_table
from .private_lending import PRIVATE_LENDING
from .traffic_accident import TRAFFIC_ACCIDENT

QUESTIONNAIRES: dict[str, Questionnaire] = {
    q.kind: q for q in (PRIVATE_LENDING, FINANCIAL_LOAN, TRAFFIC_ACCIDENT)
}


def get_questionnaire(kind: str) -> Questionnaire:
    try:
        return QUESTIONNAIRES[kind]
    except KeyError:
        raise FilingError(FilingErrorCode.UNKNOWN_GUIDED_KIND) from None


def bind_step(
    kind: str,
    step: str,
    data: Mapping[str, Any] | None,
    *,
    answers: Mapping[str, Any],
    today: dt.date | None = None,
) -> GuidedForm:
    """The form of one screen, bound to ``data`` (or unbound with the saved answers)."""
    q = get_questionnaire(kind)
    s = q.step(step)
    if s is None:
        raise FilingError(FilingErrorCode.UNKNOWN_GUIDED_STEP)
    if data is None:
        return s.form(initial=answers.get(step) or None, answers=answers, today=today)
    return s.form(data, answers=answers, today=today)


def validate_answers(
    kind: str, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> tuple[Answers, list[Any]]:
    """Every screen re-checked against the saved answers: (valid forms, what is missing)."""
    q = get_questionnaire(kind)
    valid: Answers = {}
    missing: list[Any] = []
    for s in q.steps:
        saved = answers.get(s.key)
        if saved is None:
            missing.append(_("Answer the questions of “%(step)s”.") % {"step": s.title})
            continue
        form = s.form(saved, answers=answers, today=today)
        if form.is_valid():
            valid[s.key] = form
        else:
            missing.append(_("Check the answers of “%(step)s”.") % {"step": s.title})
    return valid, missing


def compose(
    kind: str,
    answers: Mapping[str, Any],
    *,
    plaintiffs: tuple[str, ...] | list[str],
    defendants: tuple[str, ...] | list[str],
    today: dt.date | None = None,
    lpr: LprTable | None = None,
    court_code: str = "",
) -> Composition:
    """The complaint's claims, computation, facts and element table from saved answers."""
    today = today or timezone.localdate()
    valid, missing = validate_answers(kind, answers, today=today)
    if missing:
        raise FilingError(FilingErrorCode.GUIDED_INCOMPLETE, messages=[str(m) for m in missing])
    ctx = ComposeContext(
        today, tuple(plaintiffs), tuple(defendants), lpr or lpr_table(), court_rules(court_code)
    )
    return get_questionnaire(kind).composer(valid, ctx)
