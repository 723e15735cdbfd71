"""The reads of a guided filing: what is still missing, and the complaint as it would be
composed (the check screen and the PDF)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation

from yunting.cases.models import PartyRole

from .. import errors
from ..models import Filing
from .composition import Composition
from .questionnaires import compose, validate_answers


def guided_missing(filing: Filing, *, today: dt.date | None = None) -> list[str]:
    """What still stops the complaint from being generated, said at once."""
    out = []
    roles = {p.role for p in filing.parties.all()}
    if PartyRole.PLAINTIFF not in roles:
        out.append(str(errors.MISSING_PLAINTIFF))
    if PartyRole.DEFENDANT not in roles:
        out.append(str(errors.MISSING_DEFENDANT))
    _valid, missing = validate_answers(filing.guided_kind, filing.guided_answers or {}, today=today)
    return out + [str(m) for m in missing]


def guided_preview(filing: Filing, *, today: dt.date | None = None) -> Composition:
    """The composition in the court's language, for the check screen and the PDF."""
    names = {role: [] for role in (PartyRole.PLAINTIFF, PartyRole.DEFENDANT)}
    for p in filing.parties.all():
        names.setdefault(p.role, []).append(p.name)
    with translation.override(settings.LANGUAGE_CODE):
        return compose(
            filing.guided_kind,
            filing.guided_answers or {},
            plaintiffs=names[PartyRole.PLAINTIFF],
            defendants=names[PartyRole.DEFENDANT],
            today=today,
            court_code=filing.court.code,
        )
