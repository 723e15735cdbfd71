"""Public JSON API of the ledger (no login, throttled): signed head, inclusion, consistency.

Hashes are lower-case hex. Bad parameters answer 400 with ``{"error": ..., "code": ...}``,
the codes of ``errors.LedgerErrorCode``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .errors import MESSAGES, BadParameter, LedgerErrorCode
from .selectors import (
    latest_signed_head,
    parse_hash,
    public_consistency,
    public_proof,
    published_keys,
    signed_head_data,
)

ERROR = inline_serializer(
    "LedgerError", {"error": serializers.CharField(), "code": serializers.CharField()}
)
STH = inline_serializer(
    "SignedTreeHead",
    {
        "tree_size": serializers.IntegerField(),
        "root_hash": serializers.CharField(),
        "timestamp": serializers.DateTimeField(),
        "timestamp_ms": serializers.IntegerField(),
        "key_id": serializers.CharField(),
        "public_key": serializers.CharField(allow_null=True),
        "signature": serializers.CharField(),
        "algorithm": serializers.CharField(),
    },
)


def _error(code: str, http_status: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"error": str(MESSAGES[code]), "code": code}, status=http_status)


class PublicLedgerView(APIView):
    """Anonymous on purpose: a bad or expired token must not stop a public check."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


class SignedTreeHeadView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_sth",
        summary="Latest signed tree head",
        responses={200: STH, 404: ERROR},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        sth = latest_signed_head()
        if sth is None:
            return _error(LedgerErrorCode.NO_SIGNED_HEAD, status.HTTP_404_NOT_FOUND)
        return Response(signed_head_data(sth))


class InclusionProofView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_inclusion_proof",
        summary="Where a document or leaf hash was recorded, with audit paths",
        parameters=[
            OpenApiParameter(
                "hash",
                OpenApiTypes.STR,
                required=True,
                description="SHA-256 of a document, or a leaf hash (64 hex digits).",
            )
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 400: ERROR, 404: ERROR},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        try:
            hash_hex = parse_hash(request.query_params.get("hash"))
        except BadParameter as exc:
            return _error(exc.code)
        result = public_proof(hash_hex)
        if result is None:
            return _error(LedgerErrorCode.NOT_FOUND, status.HTTP_404_NOT_FOUND)
        return Response(result)


class ConsistencyProofView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_consistency_proof",
        summary="Proof that the tree of size `second` extends the tree of size `first`",
        parameters=[
            OpenApiParameter("first", OpenApiTypes.INT, required=True),
            OpenApiParameter("second", OpenApiTypes.INT, required=True),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 400: ERROR},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        try:
            first = int(request.query_params.get("first", ""))
            second = int(request.query_params.get("second", ""))
        except ValueError:
            return _error(LedgerErrorCode.BAD_SIZE)
        try:
            return Response(public_consistency(first, second))
        except BadParameter as exc:
            return _error(exc.code)


class PublicKeysView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_keys",
        summary="Every tree-head signing key, active and retired",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        return Response({"keys": published_keys()})
