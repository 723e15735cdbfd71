"""Writes of the publication app: prepare (anonymize), correct, publish (sealed PDF) or
withhold. Each runs in a transaction and appends its ledger event."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from yunting.accounts.selectors import user_staff_assignments
from yunting.core.files import store_content_addressed
from yunting.documents import pdfwork, pki
from yunting.documents.seal import seal_data_uri
from yunting.judgments.models import Decision, DecisionKind
from yunting.ledger.services import record_event
from yunting.rules.anonymization import anonymize

from . import events
from .errors import PublicationError, PublicationErrorCode
from .kinds import KIND_LABELS
from .models import PUBLICATION_TRANSITIONS, Publication, PublicationStatus, WithheldReason
from .source import decision_text, known_parties


def check_reviewer(*, actor, case) -> None:
    """The case's judge or clerk, at the case's court."""
    if not any(a.court_id == case.court_id for a in user_staff_assignments(user=actor)):
        raise PublicationError(PublicationErrorCode.NOT_YOURS)
    if actor.pk not in (case.judge_id, case.clerk_id):
        raise PublicationError(PublicationErrorCode.NOT_REVIEWER)


def _transition(publication: Publication, new: str) -> None:
    if new not in PUBLICATION_TRANSITIONS[publication.status]:
        raise PublicationError(PublicationErrorCode.ALREADY_DECIDED)
    publication.status = new


@transaction.atomic
def publication_prepare(*, decision: Decision, actor) -> Publication:
    """Anonymize an effective judgment for review (once; later calls return the same row)."""
    existing = Publication.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    case = decision.case
    check_reviewer(actor=actor, case=case)
    if decision.kind != DecisionKind.JUDGMENT:
        raise PublicationError(PublicationErrorCode.NOT_A_JUDGMENT)
    if decision.effective_on is None:
        raise PublicationError(PublicationErrorCode.NOT_EFFECTIVE)
    title, original = decision_text(decision)
    result = anonymize(
        original,
        cause=case.cause_name if _known_cause(case.cause_name) else None,
        parties=known_parties(case),
        decided_on=timezone.localdate(decision.issued_at),
    )
    publication = Publication(
        decision=decision,
        case=case,
        court=case.court,
        case_number=case.case_number,
        cause_name=case.cause_name,
        year=case.year,
        decided_on=decision.effective_on,
        title=title,
        original_text=original,
        text=result.text,
        replacements=[r.as_dict() for r in result.replacements],
        updated_by=actor,
    )
    publication.full_clean(exclude=["decision", "case", "court", "updated_by"])
    publication.save()
    record_event(events.prepared(publication=publication, actor=actor))
    return publication


def _known_cause(name: str) -> bool:
    from yunting.rules.anonymization import cause_hides_party_names
    from yunting.rules.errors import RuleError

    try:
        cause_hides_party_names(name)
    except RuleError:
        return False  # a cause outside the catalogue: names stay, personal data still goes
    return True


def leftovers(publication: Publication, text: str) -> list[dict[str, str]]:
    """Removed values that appear again in ``text`` (a correction that put one back)."""
    return [r for r in publication.replacements if r["original"] and r["original"] in text]


@transaction.atomic
def publication_revise(*, publication: Publication, actor, text: str, base_version: int):
    """The reviewer's corrected text; refused on an older version than the saved one."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    check_reviewer(actor=actor, case=publication.case)
    if publication.status != PublicationStatus.REVIEW:
        raise PublicationError(PublicationErrorCode.ALREADY_DECIDED)
    if base_version != publication.version:
        name = publication.updated_by.name if publication.updated_by_id else ""
        raise PublicationError(PublicationErrorCode.STALE, name=name)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise PublicationError(PublicationErrorCode.EMPTY_TEXT, field="text")
    if text == publication.text:
        return publication
    publication.text = text
    publication.version += 1
    publication.updated_by = actor
    publication.save(update_fields=["text", "version", "updated_by", "updated_at"])
    record_event(events.revised(publication=publication, actor=actor))
    return publication


def _pdf(publication: Publication) -> tuple[bytes, str]:
    court = publication.court
    html = render_to_string(
        "publication/pdf.html",
        {
            "publication": publication,
            "court": court,
            "paragraphs": publication.text.split("\n")[3:],
            "seal_uri": seal_data_uri(court.name),
        },
    )
    spec = pdfwork.SignSpec(
        credentials=pki.court_credentials(court),
        field_name="CourtSeal",
        reason=f"{court.name}电子签章（互联网公布）",
        location=court.address or court.name,
        name=court.name,
    )
    return pdfwork.render_and_sign(html, [spec])


@transaction.atomic
def publication_publish(*, publication: Publication, actor, base_version: int) -> Publication:
    """Publish the reviewed text as a PDF sealed by the court, on the public page."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    check_reviewer(actor=actor, case=publication.case)
    if base_version != publication.version:
        name = publication.updated_by.name if publication.updated_by_id else ""
        raise PublicationError(PublicationErrorCode.STALE, name=name)
    left = leftovers(publication, publication.text)
    if left:
        raise PublicationError(
            PublicationErrorCode.STILL_PERSONAL,
            value=left[0]["original"],
            kind=str(KIND_LABELS.get(left[0]["kind"], left[0]["kind"])),
        )
    _transition(publication, PublicationStatus.PUBLISHED)
    pdf, sha256 = _pdf(publication)
    assert hashlib.sha256(pdf).hexdigest() == sha256
    publication.storage_path = store_content_addressed(pdf, folder="publications", extension="pdf")
    publication.sha256 = sha256
    publication.size = len(pdf)
    publication.published_at = timezone.now()
    publication.decided_by = actor
    publication.save()
    record_event(events.published(publication=publication, actor=actor))
    return publication


@transaction.atomic
def publication_withhold(*, publication: Publication, actor, reason: str, note: str = ""):
    """Record why the judgment is not published (法释〔2016〕19号 第四条)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    check_reviewer(actor=actor, case=publication.case)
    if reason not in WithheldReason.values:
        raise PublicationError(PublicationErrorCode.BAD_REASON, field="reason")
    note = (note or "").strip()
    if reason == WithheldReason.OTHER and not note:
        raise PublicationError(PublicationErrorCode.NOTE_REQUIRED, field="note")
    _transition(publication, PublicationStatus.WITHHELD)
    publication.withheld_reason = reason
    publication.withheld_note = note[:500]
    publication.decided_by = actor
    publication.save()
    record_event(events.withheld(publication=publication, actor=actor))
    return publication
