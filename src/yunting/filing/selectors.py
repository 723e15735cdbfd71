"""Reads of filings, scoped: the filer sees their own; filing officers and administrators of
the court with jurisdiction see it once submitted, those of the court that received it at its
counter (cross-region filing) see it from the draft on."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.models import PartyRole

from . import errors
from .models import (
    EDITABLE_STATUSES,
    AttachmentKind,
    Filing,
    FilingAgent,
    FilingAttachment,
    FilingClaim,
    FilingParty,
    FilingStatus,
)

REVIEWER_ROLES = frozenset({Role.FILING_OFFICER, Role.COURT_ADMIN})


def filings_of_user(*, user: User) -> QuerySet[Filing]:
    return Filing.objects.filter(created_by=user).select_related("court", "origin_court", "case")


def filing_get_for_user(*, user: User, filing_id: uuid.UUID | str) -> Filing:
    courts = user_courts_with_role(user=user, roles=REVIEWER_ROLES)
    q = Q(created_by=user)
    if courts:
        # An unsubmitted draft is the filer's alone: the court sees it once it is submitted.
        # The one exception is a draft the staff's own court counter is preparing for another
        # court (cross-region filing): that counter is its author.
        q |= (Q(court__in=courts) & ~Q(status=FilingStatus.DRAFT)) | Q(origin_court__in=courts)
    try:
        return (
            Filing.objects.filter(q)
            .select_related("court", "origin_court", "case", "created_by")
            .get(pk=filing_id)
        )
    except (Filing.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def filing_review_queue(*, user: User) -> QuerySet[Filing]:
    """Filings awaiting a decision at the courts where the user is a filing officer."""
    courts = user_courts_with_role(user=user, roles={Role.FILING_OFFICER})
    return (
        Filing.objects.filter(court__in=courts, status=FilingStatus.SUBMITTED)
        .select_related("court", "origin_court", "created_by")
        .order_by("review_due", "submitted_at")
    )


def filings_received_at_counter(*, user: User) -> QuerySet[Filing]:
    """Cross-region filings taken at the user's court for other courts: their status."""
    courts = user_courts_with_role(user=user, roles=REVIEWER_ROLES)
    return Filing.objects.filter(origin_court__in=courts).select_related("court", "case")


def filing_agents(*, filing: Filing) -> list[FilingAgent]:
    """The agents acting in a filing (for the power-of-attorney choice)."""
    return list(FilingAgent.objects.select_related("party").filter(party__filing=filing))


_ITEMS = {
    "parties": FilingParty,
    "claims": FilingClaim,
    "attachments": FilingAttachment,
}


def filing_item_get(*, filing: Filing, related: str, item_id: uuid.UUID | str) -> Any:
    """One party, claim or attachment of a filing already fetched for the user; 404 when it
    belongs to another filing (or does not exist)."""
    model = _ITEMS[related]
    try:
        item = model.objects.filter(filing=filing, pk=item_id).first()
    except ValidationError:  # a malformed id
        item = None
    if item is None:
        raise Http404
    return item


def filing_agent_find(*, filing: Filing, agent_id: uuid.UUID | str) -> FilingAgent | None:
    """An agent acting in this filing, or None."""
    return (
        FilingAgent.objects.select_related("party")
        .filter(pk=agent_id, party__filing=filing)
        .first()
    )


def guided_drafts_of_user(*, user: User, kinds: list[str]) -> QuerySet[Filing]:
    """The user's guided drafts still open for changes, to resume."""
    return filings_of_user(user=user).filter(
        guided_kind__in=kinds, status__in=list(EDITABLE_STATUSES)
    )


def filing_prefetch_details(*, filing: Filing) -> Filing:
    """Load a filing's parties with their agents, claims and attachments in three queries."""
    prefetch_related_objects([filing], "parties__agents", "claims", "attachments")
    return filing


def filing_missing(filing: Filing) -> list[str]:
    """Everything that still stops submission, said at once (一次性告知)."""
    missing = []
    roles = [p.role for p in filing.parties.all()]
    if not filing.cause_name:
        missing.append(str(errors.MISSING_CAUSE))
    if not filing.facts:
        missing.append(str(errors.MISSING_FACTS))
    if PartyRole.PLAINTIFF not in roles:
        missing.append(str(errors.MISSING_PLAINTIFF))
    if PartyRole.DEFENDANT not in roles:
        missing.append(str(errors.MISSING_DEFENDANT))
    if not filing.claims.exists():
        missing.append(str(errors.MISSING_CLAIM))
    kinds = {a.kind for a in filing.attachments.all()}
    if AttachmentKind.COMPLAINT not in kinds:
        missing.append(str(errors.MISSING_COMPLAINT))
    for party in filing.parties.all():
        for agent in party.agents.all():
            if agent.power_of_attorney_id is None:
                missing.append(str(errors.MISSING_POWER_OF_ATTORNEY % {"name": agent.name}))
    return missing


def filing_items(*, filing: Filing, related: str) -> QuerySet:
    """The parties, claims or attachments of a filing already fetched for the user."""
    return _ITEMS[related].objects.filter(filing=filing)


def filings_of_user_by_status(*, user: User, status: str = "") -> QuerySet[Filing]:
    """The user's filings, most recently changed first, only ``status`` if given."""
    filings = filings_of_user(user=user).order_by("-updated_at")
    return filings.filter(status=status) if status else filings


def filing_history(*, filing: Filing) -> list[dict]:
    """What happened to a filing, from the ledger: submissions, what the court asked to
    correct, what was uploaded again and when. For the review page, which the officer
    reaches only through ``filing_get_for_user``."""
    from yunting.ledger.events import event_label
    from yunting.ledger.models import Entry

    entries = (
        Entry.objects.filter(
            court_id=filing.court_id,
            event_type__startswith="filing.",
            private__contains=str(filing.id),
        )
        .exclude(event_type="filing.id_revealed")
        .order_by("seq")
    )
    history = []
    for entry in entries:
        payload = entry.payload
        if payload.get("filing") != str(filing.id):
            continue
        history.append(
            {
                "time": entry.time,
                "event_type": entry.event_type,
                "label": event_label(entry.event_type),
                "actor": entry.actor_name,
                "items": payload.get("items") or [],
                "note": payload.get("note") or "",
                "name": payload.get("name") or "",
                "kind": payload.get("kind") or "",
                "seq": entry.seq,
            }
        )
    return history
