"""What every app's REST API v1 shares: one error format (the global exception handler), the
base view, named enums, and the pieces of the schema.

Every error a v1 endpoint answers has the same shape::

    {"detail": "<one line for people>", "code": "<stable code>",
     "errors": {"<field>": ["<message>", ...]}}

``errors`` names the field at fault (``non_field_errors`` when the problem is the whole
request). Messages follow the request's language (Simplified Chinese by default, English
with ``Accept-Language: en``). A :class:`~yunting.core.errors.YuntingError` raised by a
service carries its code and HTTP status; a plain Django ``ValidationError`` (``full_clean``)
is a 400; input that cannot be decoded is a 400 (``parse_error``); nothing is a 500.
``settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]`` points here, so a view just lets the error
propagate.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Choices
from django.http import Http404
from django.utils.module_loading import import_string
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import NON_FIELD, YuntingError
from .parsers import scrub

# --- errors ---------------------------------------------------------------------------------


def _first_code(exc: DjangoValidationError) -> str | None:
    if getattr(exc, "code", None):
        return exc.code
    nested = (
        [e for errors in exc.error_dict.values() for e in errors]
        if hasattr(exc, "error_dict")
        else getattr(exc, "error_list", [])
    )
    return next((e.code for e in nested if getattr(e, "code", None)), None)


def _validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
            for name, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


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


def error_body(
    errors: dict[str, list[str]], *, code: str, detail: str | None = None
) -> dict[str, Any]:
    first = next((m for messages in errors.values() for m in messages), "")
    # Messages may echo input ("“…” is not a valid choice"): never let text that cannot be
    # encoded turn a 400 into a 500 while the answer is rendered.
    return scrub(
        {"detail": str(detail) if detail is not None else first, "code": code, "errors": errors}
    )


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """The one handler of every v1 endpoint (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``)."""
    if isinstance(exc, YuntingError):
        if exc.error_code.conceal:  # "not yours": answered like anything the user may not see
            exc = exceptions.NotFound()
        else:
            body = error_body(exc.field_errors(), code=exc.code, detail=exc.detail)
            return Response(body, status=exc.http_status)
    elif isinstance(exc, DjangoValidationError):
        body = error_body(_validation_errors(exc), code=_first_code(exc) or "invalid")
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_errors(exc.detail)
        code = _drf_code(exc.detail)
    else:
        errors = {NON_FIELD: [str(exc.detail)]}
        code = str(getattr(exc.detail, "code", None) or exc.default_code)
    response.data = error_body(errors, code=code)
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
    """Base of the v1 endpoints: login as in ``DEFAULT_PERMISSION_CLASSES`` (token, session
    or institution key; staff sessions past their second factor), a per-user and a per-key
    rate limit, the v1 error format, and ``Idempotency-Key`` on every create
    (``institutions.idempotency``)."""

    throttle_classes = [UserRateThrottle]

    def get_throttles(self) -> list:
        # A view's own ``throttle_classes`` (the token endpoint's per-address limit) stay; the
        # per-key limit is added by name from settings, as core sits below the apps.
        classes = [*self.throttle_classes, *map(import_string, settings.YUNTING_API_THROTTLES)]
        return [throttle() for throttle in classes]

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self._idempotency = _idempotency().begin(request)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, _idempotency().Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args: Any, **kwargs: Any):
        record = getattr(self, "_idempotency", None)
        if record is not None:
            self._idempotency = None
            _idempotency().finish(record, response)
        return super().finalize_response(request, response, *args, **kwargs)


def _idempotency():
    """The module that keeps ``Idempotency-Key`` answers (``begin``, ``finish``, ``Replay``),
    named by ``YUNTING_API_IDEMPOTENCY``."""
    return import_module(settings.YUNTING_API_IDEMPOTENCY)


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


__all__ = [
    "NON_FIELD",
    "ApiView",
    "CourtRefSerializer",
    "EnumField",
    "ErrorSerializer",
    "error_responses",
    "exception_handler",
    "parse_uuid",
]
