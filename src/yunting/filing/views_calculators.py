"""Public calculators (no login): private-lending and bank-loan interest, traffic-accident
compensation. Thin: the form, then ``calculators`` (which calls ``yunting.rules``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yunting.courts.selectors import site_court
from yunting.rules.errors import RuleError

from .calculators import (
    InterestCalculatorForm,
    TrafficCalculatorForm,
    calculate_interest,
    calculate_traffic,
)


def _court_code() -> str:
    court = site_court()
    return court.code if court else ""


def interest_calculator(request: HttpRequest) -> HttpResponse:
    """利息计算器."""
    form = InterestCalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = calculate_interest(form.cleaned_data, court_code=_court_code())
        except RuleError as exc:
            form.add_error(None, exc.message)
    return render(request, "filing/interest_calculator.html", {"form": form, "result": result})


def traffic_calculator(request: HttpRequest) -> HttpResponse:
    """交通事故赔偿计算器."""
    form = TrafficCalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = calculate_traffic(form, court_code=_court_code())
        except RuleError as exc:
            form.add_error(None, exc.message)
    return render(request, "filing/traffic_calculator.html", {"form": form, "result": result})
