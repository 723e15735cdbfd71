"""The text of an issued judgment as the court's copy reads it (the source to anonymize)."""

from __future__ import annotations

from django.utils import timezone

from yunting.documents.context import case_context
from yunting.documents.rendering import html_blocks, render_html
from yunting.rules.anonymization import KnownParty


def decision_text(decision) -> tuple[str, str]:
    """(title, plain text) of the judgment: court, title and case number, then each paragraph
    of the body, rendered from the same template version and details as the issued copies."""
    doc = decision.documents.select_related("template").order_by("issued_at").first()
    case = decision.case
    issued_on = timezone.localdate(decision.issued_at)
    context = case_context(case, recipient=None, extra=doc.extra if doc else {}, today=issued_on)
    title = doc.title if doc else "民事判决书"
    body = doc.template.body if doc and doc.template_id else ""
    blocks = html_blocks(render_html(body, context, seal=False)) if body else []
    lines = [case.court.name, title, case.case_number, *(b.text for b in blocks)]
    return title, "\n".join(line for line in lines if line)


def known_parties(case) -> list[KnownParty]:
    """The parties as the court recorded them (kind and role), and organisations' heads."""
    out = []
    for p in case.parties.all():
        out.append(KnownParty(name=p.name, kind=p.kind, role="party"))
        if p.kind == "organisation" and p.representative:
            out.append(KnownParty(name=p.representative, kind="person", role="org_head"))
    return out
