from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .calculator import calculate_fee
from .errors import FeeInputError
from .forms import FeeCalculatorForm


def fee_calculator(request: HttpRequest) -> HttpResponse:
    """Public (诉讼费计算器): anyone can check a fee before filing, no login."""
    form = FeeCalculatorForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = calculate_fee(form.cleaned_data)
        except FeeInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.detail)
    template = "fees/_calculator_body.html" if request.htmx else "fees/calculator.html"
    return render(request, template, {"form": form, "result": result})
