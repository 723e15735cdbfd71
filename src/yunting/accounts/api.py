"""The accounts API: who a token belongs to, and the token endpoint."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django_otp import devices_for_user
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from yunting.core.api import ApiView, error_responses

from .errors import AccountError, AccountErrorCode
from .selectors import (
    user_has_confirmed_totp,
    user_is_staff_member,
    user_roles,
    user_staff_assignments,
)
from .services import api_token_issue


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    courts = serializers.ListField(child=serializers.CharField())


class MeView(ApiView):
    """Who the token belongs to: API clients check this first."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.id,
            "name": user.name,
            "roles": sorted(user_roles(user=user)),
            "courts": sorted({a.court.code for a in user_staff_assignments(user=user)}),
        }
        return Response(MeSerializer(data).data)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        max_length=254, help_text="Mobile phone number or email address."
    )
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        help_text="Court staff with two-factor authentication: the 6-digit code from the app.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    user_id = serializers.UUIDField()
    name = serializers.CharField()


class TokenRateThrottle(AnonRateThrottle):
    """Per client address; the rate is ``DEFAULT_THROTTLE_RATES["auth_token"]`` if set."""

    scope = "auth_token"
    default_rate = "10/min"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate


def check_second_factor(user: Any, otp: str | None) -> None:
    """Staff get a token only past the same second factor as the workbench."""
    if not user_is_staff_member(user=user):
        return
    if not user_has_confirmed_totp(user=user):
        if settings.YUNTING_STAFF_2FA_REQUIRED:
            raise AccountError(AccountErrorCode.OTP_SETUP_REQUIRED)
        return
    if not otp:
        raise AccountError(AccountErrorCode.OTP_REQUIRED, field="otp")
    if not any(d.verify_token(otp) for d in devices_for_user(user, confirmed=True)):
        raise AccountError(AccountErrorCode.OTP_INVALID, field="otp")


class TokenObtainView(ApiView):
    """Exchange a phone number or email and password for the account's API token.

    The password is checked by ``django.contrib.auth.authenticate`` with this request, so
    django-axes counts failures: after 5 wrong passwords for an account from one address
    the account is locked for 30 minutes (403, code ``locked_out``) even for the right one.
    Court staff who use two-factor authentication also send ``otp``.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        operation_id="auth_token_obtain",
        summary="Get the API token for an account",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, **error_responses(400, 403, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The DRF request is passed (not the Django one): axes marks it when it locks out,
        # and this view answers in JSON instead of the HTML lock-out page.
        user = authenticate(
            request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise AccountError(AccountErrorCode.LOCKED_OUT)
            raise AccountError(AccountErrorCode.INVALID_CREDENTIALS)
        if not user.is_active:  # pragma: no cover - the backend refuses inactive users
            raise AccountError(AccountErrorCode.INACTIVE)
        check_second_factor(user, data.validated_data.get("otp"))
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        token = api_token_issue(user=user)
        return Response(
            TokenResponseSerializer(
                {"token": token.key, "user_id": user.id, "name": user.name}
            ).data
        )
