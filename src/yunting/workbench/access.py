"""Who may enter the workbench: staff of a court, past their second factor where required."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from yunting.accounts.selectors import user_has_confirmed_totp, user_is_staff_member, user_roles


def staff_required(
    view: Callable[..., HttpResponse] | None = None, *, roles: set[str] | None = None
):
    """Decorate a workbench view. Non-staff get 404: the workbench does not exist for them."""

    def decorator(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_is_staff_member(user=user):
                raise Http404
            if roles and not (user_roles(user=user) & roles):
                raise Http404
            has_device = user_has_confirmed_totp(user=user)
            if has_device and not user.is_verified():
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
            if settings.YUNTING_STAFF_2FA_REQUIRED and not has_device:
                return redirect("accounts:otp_setup")
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
