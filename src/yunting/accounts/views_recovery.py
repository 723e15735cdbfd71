"""Pages for codes: password reset (忘记密码) and the registration's phone check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yunting.core.clientip import client_ip

from . import recovery
from .forms import CodeForm, RegisterForm, ResetConfirmForm, ResetRequestForm

RESET_KEY = "yt_code_reset"
REGISTER_KEY = "yt_code_register"
BACKEND = "yunting.accounts.backends.PhoneOrEmailBackend"


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending = recovery.registration_start(
                data=form.cleaned_data,
                password=form.cleaned_data["password1"],
                client=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[REGISTER_KEY] = pending.as_session()
            return redirect("accounts:register_confirm")
    return render(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def register_confirm(request: HttpRequest) -> HttpResponse:
    pending = recovery.PendingCode.from_session(request.session.get(REGISTER_KEY), "register")
    if pending is None:
        return redirect("accounts:register")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = recovery.registration_confirm(pending=pending, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            request.session.pop(REGISTER_KEY, None)
            auth_login(request, user, backend=BACKEND)
            messages.success(request, recovery._("Welcome! Your account has been created."))
            return redirect("home")
        request.session[REGISTER_KEY] = pending.as_session()  # count the try
    context = {"form": form, "target": recovery.masked(pending.target)}
    return render(request, "accounts/register_confirm.html", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending = recovery.password_reset_request(
                identifier=form.cleaned_data["identifier"], client=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[RESET_KEY] = pending.as_session()
            messages.info(request, recovery.SENT % {"target": recovery.masked(pending.target)})
            return redirect("accounts:password_reset_confirm")
    return render(request, "accounts/password_reset.html", {"form": form}, status=_status(form))


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    pending = recovery.PendingCode.from_session(request.session.get(RESET_KEY), "reset")
    if pending is None:
        return redirect("accounts:password_reset")
    form = ResetConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recovery.password_reset_confirm(
                pending=pending,
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            form.add_error("code", exc)
            request.session[RESET_KEY] = pending.as_session()  # count the try
        else:
            request.session.pop(RESET_KEY, None)
            messages.success(
                request, recovery._("Your password has been reset. Log in with the new one.")
            )
            return redirect("accounts:login")
    context = {"form": form, "target": recovery.masked(pending.target)}
    return render(request, "accounts/password_reset_confirm.html", context, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
