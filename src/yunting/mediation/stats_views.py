"""The coordinator's mediation statistics: the share resolved before filing, the figures by
period, organisation, mediator or cause, a chart drawn on the server (SVG, the same helper as
the court dashboard) and the same table as CSV. Thin: the form checks, the selector counts."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunting.core.charts import bar_chart
from yunting.workbench.access import staff_required

from . import statistics
from .forms import StatsForm
from .selectors import coordinator_court_ids
from .views import STAFF

# (figure, column heading) in the order of the table and the CSV.
COLUMNS = (
    ("received", gettext_lazy("Disputes received")),
    ("open", gettext_lazy("Still open")),
    ("resolved", gettext_lazy("Resolved (agreement)")),
    ("confirmed", gettext_lazy("of which judicially confirmed")),
    ("converted", gettext_lazy("Sent to filing")),
    ("withdrawn", gettext_lazy("Withdrawn by the applicant")),
    ("ended_otherwise", gettext_lazy("Ended otherwise (refused)")),
)


def _headings() -> list[str]:
    return [str(h) for _k, h in COLUMNS] + [_("Share resolved before filing")]


def _cells(row: statistics.Figures) -> list:
    return [getattr(row, k) for k, _h in COLUMNS] + [statistics.share_shown(row.resolved_share)]


def _figures(request: HttpRequest):
    """(form, rows, total); rows and total are None when the form has errors."""
    if not coordinator_court_ids(user=request.user):
        raise Http404
    form = StatsForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    rows, total = statistics.mediation_figures(
        user=request.user, start=data["from"], end=data["to"], by=data["by"]
    )
    return form, rows, total


def _bar_title(label: str, received: int, resolved: int) -> str:
    return _("%(label)s: %(received)s received, %(resolved)s resolved") % {
        "label": label,
        "received": received,
        "resolved": resolved,
    }


@staff_required(roles=STAFF)
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, rows, total = _figures(request)
    context = {"form": form, "headings": _headings(), "rows": None}
    if rows is not None:
        data = form.cleaned_data
        by_period = data["by"] in statistics.PERIODS
        shown = rows[-24:] if by_period else rows[:12]
        chart_title = _("Disputes received (light) and resolved (dark), by %(group)s") % {
            "group": dict(form.fields["by"].choices)[data["by"]]
        }
        context |= {
            "start": data["from"],
            "end": data["to"],
            "by": data["by"],
            "total": total,
            "share": statistics.share_shown(total.resolved_share),
            "rows": [{"label": r.label, "cells": _cells(r)} for r in rows],
            "total_cells": _cells(total),
            "chart_title": chart_title,
            "chart": bar_chart(
                [(r.label[:8], r.received, r.resolved) for r in shown],
                title=chart_title,
                label_lang="" if by_period else "zh-Hans",
                describe=_bar_title,
            ),
            "chart_partial": len(shown) < len(rows),
            "query": request.GET.urlencode(),
        }
    return render(request, "mediation/statistics.html", context)


def _csv_cell(value) -> object:
    """A text cell a spreadsheet would run as a formula (=, +, -, @) is quoted with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@staff_required(roles=STAFF)
def statistics_csv(request: HttpRequest) -> HttpResponse:
    form, rows, total = _figures(request)
    if rows is None:
        return render(
            request,
            "mediation/statistics.html",
            {"form": form, "headings": _headings(), "rows": None},
            status=400,
        )
    data = form.cleaned_data
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"{data['from'].isoformat()} — {data['to'].isoformat()}"])
    writer.writerow(["", *_headings()])
    for row in [*rows, total]:
        writer.writerow([_csv_cell(c) for c in [row.label, *_cells(row)]])
    response = HttpResponse(
        "\ufeff" + out.getvalue(),  # the BOM: spreadsheets then read the Chinese right
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="mediation-{data["from"].isoformat()}-{data["to"].isoformat()}.csv"'
    )
    return response
