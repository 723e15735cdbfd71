"""The court dashboard (数助决策): figures by court, division or judge for a period, a chart
drawn on the server (SVG) and the same table as XLSX. Thin: the selector computes."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunting.accounts.roles import Role
from yunting.core.charts import bar_chart
from yunting.workbench.access import staff_required

from . import selectors

VIEWERS = {Role.COURT_ADMIN, Role.JUDGE}


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, str]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = dt.date(today.year, 1, 1)
    try:
        end = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    group = request.GET.get("group", "court")
    return start, end, group if group in selectors.GROUPS else "court"


def _cells(figures) -> list:
    return [getattr(figures, key) for key, _label in selectors.COLUMNS]


def _shown(value, key: str) -> str:
    if value is None:
        return "—"
    if key in selectors.RATES:
        return f"{value * 100:.1f}%"
    return str(value)


@staff_required(roles=VIEWERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    start, end, group = _period(request)
    rows, total = selectors.court_figures(user=request.user, start=start, end=end, group=group)
    table = [
        {"label": r.label, "cells": [_shown(getattr(r, k), k) for k, _l in selectors.COLUMNS]}
        for r in rows
    ]
    chart = bar_chart(
        [(r.label[:8], r.accepted, r.closed) for r in rows[:12]],
        title=_("Cases accepted (light) and closed (dark)"),
        label_lang="zh-Hans",
    )
    return render(
        request,
        "stats/dashboard.html",
        {
            "start": start,
            "end": end,
            "group": group,
            "groups": [
                ("court", _("Court")),
                ("department", _("Division")),
                ("judge", _("Judge")),
            ],
            "columns": [label for _k, label in selectors.COLUMNS],
            "table": table,
            "total": [_shown(getattr(total, k), k) for k, _l in selectors.COLUMNS],
            "chart": chart,
            "query": request.GET.urlencode(),
        },
    )


@staff_required(roles=VIEWERS)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    start, end, group = _period(request)
    rows, total = selectors.court_figures(user=request.user, start=start, end=end, group=group)
    book = Workbook()
    sheet = book.active
    sheet.title = "统计"
    sheet.append([f"{start.isoformat()} — {end.isoformat()}"])
    sheet.append(["", *[str(label) for _k, label in selectors.COLUMNS]])
    for r in [*rows, total]:
        values = []
        for key, _label in selectors.COLUMNS:
            value = getattr(r, key)
            values.append(float(value) if value is not None and key in selectors.RATES else value)
        sheet.append([r.label, *[float(v) if hasattr(v, "as_tuple") else v for v in values]])
    for row in sheet.iter_rows(min_row=3):
        for cell, (key, _label) in zip(row[1:], selectors.COLUMNS, strict=False):
            if key in selectors.RATES:
                cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="stats-{start.isoformat()}-{end.isoformat()}.xlsx"'
    )
    return response
