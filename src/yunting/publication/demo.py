"""Demo data of the publication app: the demo's effective judgments reviewed and published
by their judge, so the public judgments page has something to find. Idempotent."""

from __future__ import annotations

from yunting.judgments.models import Decision, DecisionKind

from .models import Publication
from .services import publication_prepare, publication_publish


def seed_demo_publication() -> list[str]:
    published = []
    decisions = Decision.objects.filter(
        kind=DecisionKind.JUDGMENT, effective_on__isnull=False, case__judge__isnull=False
    ).select_related("case")
    for decision in decisions:
        if Publication.objects.filter(decision=decision).exists():
            continue
        judge = decision.case.judge
        publication = publication_prepare(decision=decision, actor=judge)
        publication_publish(publication=publication, actor=judge, base_version=1)
        published.append(decision.case.case_number)
    return published
