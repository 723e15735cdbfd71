"""The writes of a guided filing: start it, keep one screen's answers, say what is missing,
and fill the filing from the answers through the ordinary filing services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from .. import services as filing_services
from ..errors import FilingError, FilingErrorCode
from ..models import AttachmentKind, Filing
from .composition import Composition
from .fields import GuidedForm
from .pdf import render_complaint_pdf
from .questionnaires import QUESTIONNAIRES, bind_step, get_questionnaire
from .selectors import guided_missing, guided_preview

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.courts.models import Court


def _lock_own_guided(filing: Filing, user: User) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.created_by_id != user.id:
        raise FilingError(FilingErrorCode.NOT_YOURS)
    if not filing.is_editable:
        raise FilingError(FilingErrorCode.NOT_EDITABLE)
    if filing.guided_kind not in QUESTIONNAIRES:
        raise FilingError(FilingErrorCode.NOT_GUIDED)
    return filing


@transaction.atomic
def guided_start(*, user: User, court: Court, kind: str) -> Filing:
    """A draft filing that will be filled by the questionnaire of ``kind``."""
    q = get_questionnaire(kind)
    filing = filing_services.filing_create(user=user, court=court)
    filing.guided_kind = q.kind
    filing.guided_answers = {}
    filing.full_clean()
    filing.save(update_fields=["guided_kind", "guided_answers", "updated_at"])
    return filing


@transaction.atomic
def guided_save_step(
    *, filing: Filing, user: User, step: str, data: Mapping[str, Any], today: dt.date | None = None
) -> GuidedForm:
    """Check one screen and keep its answers. On any error nothing is saved and the bound
    form (with its field errors) comes back inside the ValidationError's ``form``."""
    locked = _lock_own_guided(filing, user)
    answers = dict(locked.guided_answers or {})
    form = bind_step(locked.guided_kind, step, data, answers=answers, today=today)
    if not form.is_valid():
        raise GuidedFormError(form)
    answers[step] = form.serialize()
    locked.guided_answers = answers
    locked.save(update_fields=["guided_answers", "updated_at"])
    filing.guided_answers = answers  # the caller's copy stays current
    return form


class GuidedFormError(FilingError):
    """A screen's answers were refused; ``form`` carries the errors field by field."""

    def __init__(self, form: GuidedForm) -> None:
        self.form = form
        super().__init__(
            FilingErrorCode.GUIDED_INVALID,
            errors={name or "__all__": list(errs) for name, errs in form.errors.items()},
        )


def guided_generate(*, filing: Filing, user: User, today: dt.date | None = None) -> Composition:
    """Fill the filing from the answers: cause and facts, the claims with their amounts, and
    the complaint PDF as its ``complaint`` attachment. Running it again (after changing an
    answer) replaces what it made before and leaves anything added by hand alone."""
    today = today or timezone.localdate()
    with transaction.atomic():
        filing = _lock_own_guided(filing, user)
        missing = guided_missing(filing, today=today)
        if missing:
            raise FilingError(FilingErrorCode.GUIDED_INCOMPLETE, messages=missing)
        composition = guided_preview(filing, today=today)
        with translation.override(settings.LANGUAGE_CODE):
            pdf = render_complaint_pdf(filing=filing, composition=composition, today=today)
            file_name = f"{gettext('Complaint')}（{composition.cause_name}）.pdf"
        made = (filing.guided_answers or {}).get("_generated") or {}
        for claim in filing.claims.filter(pk__in=made.get("claims", [])):
            filing_services.filing_remove_claim(claim=claim, user=user)
        for attachment in filing.attachments.filter(pk__in=made.get("attachments", [])):
            filing_services.filing_remove_attachment(attachment=attachment, user=user)
        filing_services.filing_update_basics(
            filing=filing,
            user=user,
            court=filing.court,
            cause_name=composition.cause_name,
            facts=composition.facts,
        )
        claim_ids = [
            str(
                filing_services.filing_add_claim(
                    filing=filing, user=user, text=line.text, amount=line.amount
                ).id
            )
            for line in composition.claims
        ]
        attachment = filing_services.filing_add_attachment(
            filing=filing, user=user, kind=AttachmentKind.COMPLAINT, name=file_name, data=pdf
        )
        filing.refresh_from_db()
        answers = dict(filing.guided_answers or {})
        answers["_generated"] = {
            "claims": claim_ids,
            "attachments": [str(attachment.id)],
            "on": today.isoformat(),
        }
        filing.guided_answers = answers
        filing.save(update_fields=["guided_answers", "updated_at"])
    return composition
