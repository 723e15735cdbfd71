"""Named hooks other apps register into, so this app never imports them.

**Draft sources** — ``register_draft_source(name, fn)``: ``fn(case) -> dict[str, str]`` gives
text for draft sections when a judge starts a draft (keys are section names of
``drafting.SECTIONS``: ``defence``, ``facts_found``, ``disputes``, ``hearing_summary`` …).
Several sources may fill the same section; their texts are joined in registration order. The
evidence app registers the defence and the exchange report's undisputed facts and points in
dispute; the hearings app the hearing summary from the transcript. A source that fails is
skipped (the judge still gets a draft) and its name is reported in the draft's ``sources``.

**Closing blockers** — ``register_closing_blocker(name, fn)``:
``fn(case, exempt_documents) -> list[str]`` lists what must be resolved before the case may
close (one human-readable line each). ``exempt_documents`` are the ids of the documents of the
decision that closes the case: their own service may still run (a ruling permitting withdrawal
is served after the case closes on it). This app registers unpaid fees; the service app
registers its open service tasks.

**Closing-method blockers** — ``register_method_blocker(method, name, fn)``: ``fn(case) ->
list[str]``, consulted only when the case closes by that ``ClosingMethod`` (the evidence app
blocks closing by mediation until the 民事调解书 has taken effect, CPL Art. 100–102).

**Appeal-period starts** — the service app starts each party's appeal clock when a judgment
(template ``judgment`` → ``appeal_judgment``) or an appealable ruling (``dismissal_ruling``,
``not_accepted_ruling`` → ``appeal_ruling``) is served (``service.kinds``); the rulings that
take effect on issue (withdrawal, 按撤诉处理, ``transfer_ruling``) start none. This app only
reads the clocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DraftSource = Callable[[object], dict[str, str]]
ClosingBlocker = Callable[[object, frozenset], list[str]]

DRAFT_SOURCES: dict[str, DraftSource] = {}
CLOSING_BLOCKERS: dict[str, ClosingBlocker] = {}
MethodBlocker = Callable[[object], list[str]]
METHOD_BLOCKERS: dict[str, dict[str, MethodBlocker]] = {}


def register_draft_source(name: str, fn: DraftSource) -> None:
    DRAFT_SOURCES[name] = fn


def register_closing_blocker(name: str, fn: ClosingBlocker) -> None:
    CLOSING_BLOCKERS[name] = fn


def register_method_blocker(method: str, name: str, fn: MethodBlocker) -> None:
    METHOD_BLOCKERS.setdefault(str(method), {})[name] = fn


def method_blockers(case, method: str) -> list[str]:
    items: list[str] = []
    for fn in METHOD_BLOCKERS.get(str(method), {}).values():
        items.extend(fn(case))
    return items


def gather_draft_sources(case) -> tuple[dict[str, str], list[str], list[str]]:
    """Section texts from every source, the names that gave something, and those that failed."""
    texts: dict[str, list[str]] = {}
    used, failed = [], []
    for name, fn in DRAFT_SOURCES.items():
        try:
            given = fn(case) or {}
        except Exception:  # a broken source must not stop the judge from drafting
            logger.exception("draft source %s failed for case %s", name, case.pk)
            failed.append(name)
            continue
        if given:
            used.append(name)
        for section, text in given.items():
            if text:
                texts.setdefault(section, []).append(str(text))
    return {k: "\n".join(v) for k, v in texts.items()}, used, failed


def closing_blockers(case, *, exempt_documents: frozenset = frozenset()) -> list[str]:
    items: list[str] = []
    for fn in CLOSING_BLOCKERS.values():
        items.extend(fn(case, exempt_documents))
    return items


# --- what this app registers itself ---------------------------------------------------------


def _unpaid_fees(case, exempt_documents: frozenset) -> list[str]:
    from yunting.fees.models import FeeOrder, OrderStatus

    open_statuses = (OrderStatus.UNPAID, OrderStatus.DEFERRED, OrderStatus.REDUCED)
    return [
        _("Fee order %(ref)s (%(kind)s, ¥%(amount)s) is unpaid.")
        % {"ref": o.reference, "kind": o.get_kind_display(), "amount": f"{o.amount:,.2f}"}
        for o in FeeOrder.objects.filter(case=case, status__in=open_statuses).exclude(
            overdue_decision="treat_as_withdrawn"
        )
    ]


def _filing_elements(case) -> dict[str, str]:
    """The element-style complaint's answers, element by element (要素式), when it had one."""
    from yunting.filing.guided.selectors import guided_preview
    from yunting.filing.models import Filing

    filing = Filing.objects.filter(case=case).exclude(guided_kind="").first()
    if filing is None:
        return {}
    composition = guided_preview(filing)
    lines = []
    for section in composition.sections:
        lines.append(f"【{section.title}】")
        lines.extend(f"{label}：{value}" for label, value in section.rows if value)
    return {"elements": "\n".join(lines)}


def register_defaults() -> None:
    register_closing_blocker("fees", _unpaid_fees)
    register_draft_source("filing", _filing_elements)
