"""Figures of pre-litigation mediation for the courts the user coordinates, computed by grouped
SQL (one query for the rows, one for the total), never by walking the disputes in Python.

Definitions (docs/architecture.md, "Pre-litigation mediation"): the disputes counted are those
*received* (``received_on``) in the range, grouped by the month / quarter / year they were
received or by organisation, mediator or cause; each is counted once, by its state today:

- open: still awaiting a mediator or consent, or mediating;
- resolved: an agreement signed by every party (signed, confirmation applied for, confirmed);
  confirmed (judicial confirmation granted) is a part of resolved;
- converted: mediation failed and the dispute was sent to filing;
- withdrawn: withdrawn by the applicant;
- ended otherwise: consent refused or confirmation refused, not (yet) sent to filing.

诉前化解率 (share resolved before filing) = resolved / closed, closed = received − open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext as _

from yunting.accounts.models import User

from .models import OPEN_STATUSES, RESOLVED_STATUSES, Dispute, DisputeStatus
from .selectors import coordinator_court_ids

PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
GROUPS = (*PERIODS, "organisation", "mediator", "cause")
ENDED_OTHERWISE = frozenset({DisputeStatus.REFUSED, DisputeStatus.CONFIRMATION_REFUSED})
# A guard on filling empty periods (the form allows ten years: at most 121 months).
MAX_PERIODS = 132

_COUNTS = {
    "received": Count("pk"),
    "open": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    "resolved": Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
    "confirmed": Count("pk", filter=Q(status=DisputeStatus.CONFIRMED)),
    "converted": Count("pk", filter=Q(status=DisputeStatus.CONVERTED)),
    "withdrawn": Count("pk", filter=Q(status=DisputeStatus.WITHDRAWN)),
    "ended_otherwise": Count("pk", filter=Q(status__in=ENDED_OTHERWISE)),
}
FIGURES = tuple(_COUNTS)


@dataclass(frozen=True)
class Figures:
    """One row: ``key`` is the period's first day, or the organisation's / mediator's id."""

    label: str
    received: int = 0
    open: int = 0
    resolved: int = 0
    confirmed: int = 0
    converted: int = 0
    withdrawn: int = 0
    ended_otherwise: int = 0
    key: object = None

    @property
    def closed(self) -> int:
        return self.received - self.open

    @property
    def resolved_share(self) -> Decimal | None:
        """诉前化解率: resolved / closed, None when nothing is closed (not 0 %)."""
        if not self.closed:
            return None
        return (Decimal(self.resolved) / Decimal(self.closed)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )


def share_shown(share: Decimal | None) -> str:
    """62.5% (one decimal, as on the court dashboard), or — when nothing is closed."""
    return "—" if share is None else f"{share * 100:.1f}%"


def disputes_in_range(*, user: User, start: dt.date, end: dt.date) -> QuerySet[Dispute]:
    """The disputes of the user's coordinated courts received in ``start``..``end``."""
    return Dispute.objects.filter(
        court_id__in=coordinator_court_ids(user=user),
        received_on__gte=start,
        received_on__lte=end,
    )


def period_label(day: dt.date, by: str) -> str:
    if by == "year":
        return str(day.year)
    if by == "quarter":
        return _("%(year)s Q%(quarter)s") % {"year": day.year, "quarter": (day.month - 1) // 3 + 1}
    return f"{day.year}-{day.month:02d}"


def _next_period(day: dt.date, by: str) -> dt.date:
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _period_start(day: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(day.year, 1, 1)
    if by == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def mediation_figures(
    *, user: User, start: dt.date, end: dt.date, by: str = "month"
) -> tuple[list[Figures], Figures]:
    """(rows by ``by``, total) for the disputes received in ``start``..``end``. Periods come in
    order with the empty ones filled (so a chart shows the gaps); other rows by most received."""
    if by not in GROUPS:
        by = "month"
    disputes = disputes_in_range(user=user, start=start, end=end)
    total = Figures(label=_("Total"), **disputes.aggregate(**_COUNTS))
    if by in PERIODS:
        found = {
            _as_date(r.pop("period")): r
            for r in disputes.annotate(period=PERIODS[by]("received_on"))
            .values("period")
            .annotate(**_COUNTS)
            .order_by()
        }
        rows = []
        day = _period_start(start, by)
        while day <= end and len(rows) < MAX_PERIODS:
            rows.append(Figures(label=period_label(day, by), key=day, **found.pop(day, {})))
            day = _next_period(day, by)
        return rows, total
    fields = {
        "organisation": ("mediator__organisation_id", "mediator__organisation__name"),
        "mediator": ("mediator_id", "mediator__user__name"),
        "cause": ("cause_name", "cause_name"),
    }[by]
    grouped = disputes.values(*dict.fromkeys(fields)).annotate(**_COUNTS).order_by()
    rows = [
        Figures(
            label=r.pop(fields[1]) or _("Not yet designated"),
            key=r.pop(fields[0], None),
            **r,
        )
        for r in grouped
    ]
    return sorted(rows, key=lambda r: (-r.received, r.label)), total
