"""``POST /api/v1/documents/verify``: the public verification, for machines."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from yunting.core.api import error_responses

from .errors import DocumentError, DocumentErrorCode
from .verification import MAX_BYTES, verify_pdf

REPORT = inline_serializer(
    "DocumentVerification",
    {
        "valid": serializers.BooleanField(),
        "signature_valid": serializers.BooleanField(),
        "signer": serializers.CharField(allow_null=True),
        "signers": serializers.ListField(child=serializers.CharField()),
        "unmodified": serializers.BooleanField(),
        "recorded": serializers.BooleanField(),
        "ledger_sequence": serializers.IntegerField(allow_null=True),
        "ledger_time": serializers.DateTimeField(allow_null=True),
        "sha256": serializers.CharField(),
        "document": serializers.DictField(allow_null=True),
        "signatures": serializers.ListField(child=serializers.DictField()),
        "problems": serializers.ListField(child=serializers.CharField()),
    },
)


class VerifyView(APIView):
    """Anonymous on purpose: anyone holding a document may check it."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={200: REPORT, **error_responses(400, 429)},
        summary="Verify a court document (PDF): signature, integrity, ledger record",
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise DocumentError(DocumentErrorCode.NO_FILE)
        if upload.size > MAX_BYTES:
            raise DocumentError(DocumentErrorCode.TOO_LARGE, limit=MAX_BYTES // 2**20)
        return Response(verify_pdf(upload.read()).as_dict())
