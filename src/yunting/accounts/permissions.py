"""API permissions, kept apart from the views so DRF's settings can import them early."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.permissions import BasePermission

from .errors import AccountErrorCode
from .selectors import user_has_confirmed_totp, user_is_staff_member

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class StaffSecondFactor(BasePermission):
    """Court staff reaching the API with a browser session must have passed their second
    factor, as in the workbench (a token is only issued after it)."""

    message = AccountErrorCode.OTP_REQUIRED.message
    code = AccountErrorCode.OTP_REQUIRED.value

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if request.auth is not None or not user.is_authenticated:
            return True
        if not user_is_staff_member(user=user):
            return True
        if user_has_confirmed_totp(user=user):
            return bool(getattr(user, "is_verified", lambda: False)())
        return not settings.YUNTING_STAFF_2FA_REQUIRED
