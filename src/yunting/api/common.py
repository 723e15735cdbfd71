"""Shared pieces of the REST API v1: one error format, the base view, named enums, and the
token endpoint.

Every error the v1 endpoints answer has the same shape::

    {"detail": "<one line for people>", "code": "<stable code>",
     "errors": {"<field>": ["<message>", ...]}}

``errors`` names the field at fault (``non_field_errors`` when the problem is the whole
request). Messages follow the request's language (Simplified Chinese by default, English
with ``Accept-Language: en``). Django ``ValidationError`` raised by a service is translated
here, so a refused write is a 400 (or 409 / 404, see ``CONFLICT_CODES`` / ``NOT_FOUND_CODES``),
never a 500.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Choices
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from yunting.accounts.selectors import user_has_confirmed_totp, user_is_staff_member
from yunting.accounts.services import api_token_issue

from .permissions import OTP_REQUIRED, StaffSecondFactor

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"

# Service error codes that mean "the thing is in a state where this cannot happen" (409) or
# "this is not yours" (answered as 404, like anything the user may not see).
CONFLICT_CODES = frozenset({"not_editable", "illegal_transition"})
NOT_FOUND_CODES = frozenset({"not_yours"})

# Strings already translated for the login page (accounts), reused so both say the same.
INVALID_LOGIN = _(
    "Wrong phone/email or password. Please try again; after 5 failed attempts the "
    "account is locked for 30 minutes."
)
ACCOUNT_LOCKED = _(
    "Too many wrong passwords. For your safety this account is locked for 30 minutes. "
    "Try again later, or contact the court's litigation service centre."
)
INACTIVE = _("This account is disabled. Please contact the court.")
WRONG_OTP = _("That code is not right. Check the time on your phone.")
OTP_SETUP_REQUIRED = _("Set up two-factor authentication in the workbench before using the API.")


# --- errors ---------------------------------------------------------------------------------


class ApiError(exceptions.APIException):
    """An error already in the v1 shape: ``errors`` by field and a stable ``code``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: Mapping[str, Iterable[Any]], *, code: str, http_status: int = 400):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        self.code = code
        self.status_code = http_status
        first = next((m for messages in self.errors.values() for m in messages), "")
        super().__init__(detail=first, code=code)


def _first_code(exc: DjangoValidationError) -> str | None:
    if hasattr(exc, "code") and exc.code:
        return exc.code
    nested = (
        [e for errors in exc.error_dict.values() for e in errors]
        if hasattr(exc, "error_dict")
        else getattr(exc, "error_list", [])
    )
    return next((e.code for e in nested if getattr(e, "code", None)), None)


def service_error(
    exc: DjangoValidationError, *, field: str = NON_FIELD, code: str | None = None
) -> ApiError:
    """Translate a service's ``ValidationError`` into the v1 error: fields kept, messages
    interpolated, codes mapped to 400 / 404 / 409. ``field`` names a message without one;
    ``code`` is used when the exception carries none."""
    if hasattr(exc, "error_dict"):
        errors = {
            (NON_FIELD if name == "__all__" else name): messages
            for name, messages in exc.message_dict.items()
        }
    else:
        errors = {field: exc.messages}
    found = _first_code(exc) or code or "invalid"
    if found in NOT_FOUND_CODES:
        return ApiError(
            {NON_FIELD: [exceptions.NotFound.default_detail]}, code="not_found", http_status=404
        )
    http_status = status.HTTP_409_CONFLICT if found in CONFLICT_CODES else 400
    return ApiError(errors, code=found, http_status=http_status)


def _drf_errors(detail: Any) -> dict[str, list[str]]:
    """Serializer errors by field; nested ones by path, e.g. ``agents.0.name``."""
    out: dict[str, list[str]] = {}
    _collect(detail, NON_FIELD if not isinstance(detail, Mapping) else "", out)
    return out


def _collect(value: Any, path: str, out: dict[str, list[str]]) -> None:
    if isinstance(value, Mapping):
        for name, inner in value.items():
            _collect(inner, f"{path}.{name}" if path else str(name), out)
    elif isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
        for index, inner in enumerate(value):  # one entry per item of a nested list
            _collect(inner, f"{path}.{index}", out)
    elif isinstance(value, list | tuple):
        out.setdefault(path or NON_FIELD, []).extend(str(v) for v in value)
    else:
        out.setdefault(path or NON_FIELD, []).append(str(value))


def _drf_code(detail: Any) -> str:
    if isinstance(detail, Mapping):
        detail = next(iter(detail.values()), None)
    while isinstance(detail, list | tuple) and detail:
        detail = detail[0]
    if isinstance(detail, Mapping):
        return _drf_code(detail)
    return str(getattr(detail, "code", None) or "invalid")


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, then every answer reshaped into the v1 error format."""
    if isinstance(exc, DjangoValidationError):
        exc = service_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, ApiError):
        return Response(
            {"detail": str(exc.detail), "code": exc.code, "errors": exc.errors},
            status=exc.status_code,
        )
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_errors(exc.detail)
        code = _drf_code(exc.detail)
    else:
        errors = {NON_FIELD: [str(exc.detail)]}
        code = str(getattr(exc.detail, "code", None) or exc.default_code)
    first = next((m for messages in errors.values() for m in messages), "")
    response.data = {"detail": first, "code": code, "errors": errors}
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every v1 error (for the schema)."""

    detail = serializers.CharField(help_text="The first message, for people.")
    code = serializers.CharField(help_text="A stable code for programs, e.g. `not_editable`.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field; `non_field_errors` for the request as a whole.",
    )


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    descriptions = {
        400: "Bad input: `errors` names each field and the reason.",
        401: "No or invalid token.",
        403: "Refused.",
        404: "Not found, or not visible to you.",
        409: "The object is in a state that does not allow this (e.g. already decided).",
        429: "Too many requests: wait `Retry-After` seconds.",
    }
    return {c: OpenApiResponse(ErrorSerializer, description=descriptions[c]) for c in codes}


def parse_uuid(value: str) -> uuid.UUID:
    """A path identifier, or 404 (a malformed id is just one more thing that does not exist)."""
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


# --- base view ------------------------------------------------------------------------------


class ApiView(APIView):
    """Base of the v1 endpoints: token or session login required (staff sessions past their
    second factor), per-user rate limit, the v1 error format."""

    permission_classes = [IsAuthenticated, StaffSecondFactor]
    throttle_classes = [UserRateThrottle]

    def get_exception_handler(self):
        return api_exception_handler


# --- enums as named schema components ------------------------------------------------------


class EnumField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum is a named component (``PartyRole``, ``FilingStatus``),
    so the same field name (``status``, ``kind``) can carry different enums without clashes."""

    def __init__(self, choices: type[Choices] | list, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        values = choices.choices if isinstance(choices, type) else choices
        super().__init__(choices=values, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema, direction):
        field: EnumField = self.target
        schema = build_choice_field(field)
        enum_schema = {k: v for k, v in schema.items() if k in ("type", "enum", "description")}
        enum_schema["enum"] = [v for v in enum_schema["enum"] if v not in ("", None)]
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema=enum_schema,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class CourtRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Court code (法院代字), e.g. 沪0105.")
    name = serializers.CharField()


# --- token ----------------------------------------------------------------------------------


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


def _token_for(user: Any) -> Token:
    return api_token_issue(user=user)


def _check_second_factor(user: Any, otp: str | None) -> None:
    """Staff get a token only past the same second factor as the workbench."""
    if not user_is_staff_member(user=user):
        return
    if not user_has_confirmed_totp(user=user):
        if settings.YUNTING_STAFF_2FA_REQUIRED:
            raise ApiError(
                {NON_FIELD: [OTP_SETUP_REQUIRED]}, code="otp_setup_required", http_status=403
            )
        return
    if not otp:
        raise ApiError({"otp": [OTP_REQUIRED]}, code="otp_required")
    if not any(d.verify_token(otp) for d in devices_for_user(user, confirmed=True)):
        raise ApiError({"otp": [WRONG_OTP]}, code="otp_invalid")


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
                raise ApiError({NON_FIELD: [ACCOUNT_LOCKED]}, code="locked_out", http_status=403)
            raise ApiError({NON_FIELD: [INVALID_LOGIN]}, code="invalid_credentials")
        if not user.is_active:  # pragma: no cover - the backend refuses inactive users
            raise ApiError({NON_FIELD: [INACTIVE]}, code="inactive")
        _check_second_factor(user, data.validated_data.get("otp"))
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        token = _token_for(user)
        return Response(
            TokenResponseSerializer(
                {"token": token.key, "user_id": user.id, "name": user.name}
            ).data
        )
