"""Public JSON API of the ledger (no login, throttled): signed head, inclusion, consistency.

Hashes are lower-case hex. Bad parameters answer 400 in the v1 error shape
``{"detail", "code", "errors"}``, with the codes of ``errors.LedgerErrorCode``.
"""

from __future__ import annotations

import base64

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
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
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from yunting.core.api import ApiView, error_responses, parse_uuid

from . import deposits, store, witnessing
from .errors import LedgerError, LedgerErrorCode
from .selectors import (
    chain_status,
    deposit_get_for_user,
    latest_signed_head,
    parse_hash,
    public_consistency,
    public_proof,
    published_keys,
    signed_head_data,
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


class PublicLedgerView(APIView):
    """Anonymous on purpose: a bad or expired token must not stop a public check."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


class SignedTreeHeadView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_sth",
        summary="Latest signed tree head",
        responses={200: STH, **error_responses(404, 429)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        sth = latest_signed_head()
        if sth is None:
            raise LedgerError(LedgerErrorCode.NO_SIGNED_HEAD, http_status=404)
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
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(400, 404, 429)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        hash_hex = parse_hash(request.query_params.get("hash"))
        result = public_proof(hash_hex)
        if result is None:
            raise LedgerError(LedgerErrorCode.NOT_FOUND)
        return Response(result)


class ConsistencyProofView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_consistency_proof",
        summary="Proof that the tree of size `second` extends the tree of size `first`",
        parameters=[
            OpenApiParameter("first", OpenApiTypes.INT, required=True),
            OpenApiParameter("second", OpenApiTypes.INT, required=True),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(400, 429)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        try:
            first = int(request.query_params.get("first", ""))
            second = int(request.query_params.get("second", ""))
        except ValueError:
            raise LedgerError(LedgerErrorCode.BAD_SIZE) from None
        return Response(public_consistency(first, second))


class PublicKeysView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_keys",
        summary="Every tree-head signing key, active and retired",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        return Response({"keys": published_keys()})


# --- the judicial chain (issue 22) ----------------------------------------------------------

DEPOSIT_IN = inline_serializer(
    "DepositInput",
    {
        "sha256": serializers.CharField(help_text="SHA-256 of the record, 64 hex digits."),
        "kind": serializers.CharField(help_text="Record kind: contract, invoice, notarial …"),
        "time": serializers.DateTimeField(required=False, help_text="When the record was made."),
        "reference": serializers.CharField(required=False, help_text="The depositor's own id."),
        "metadata": serializers.DictField(required=False),
    },
)
DEPOSIT_BATCH_IN = inline_serializer(
    "DepositBatchInput", {"deposits": serializers.ListField(child=serializers.DictField())}
)


def _require_institution(request: Request) -> None:
    from yunting.accounts.roles import Role

    if not request.user.role_assignments.filter(role=Role.INSTITUTION).exists():
        raise LedgerError(
            LedgerErrorCode.BAD_DEPOSIT,
            http_status=403,
            reason=_("only institution accounts deposit"),
        )


class DepositCreateView(ApiView):
    key_scope = "deposit"

    @extend_schema(
        operation_id="institution_deposits_create",
        summary="Deposit the hash of one record (存证); the answer is the receipt",
        description="Only the hash and the metadata given here are kept. The receipt holds the "
        "ledger entry, its inclusion proof against the signed tree head, the head's C2SP "
        "checkpoint and the witnesses that cosigned it. The same hash and reference deposited "
        "again answer the first receipt.",
        request=DEPOSIT_IN,
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT),
            **error_responses(400, 401, 403, 429),
        },
        tags=["ledger"],
    )
    def post(self, request: Request) -> Response:
        _require_institution(request)
        deposit = deposits.deposit_create(depositor=request.user, item=request.data)
        return Response(deposits.receipt(deposit), status=status.HTTP_201_CREATED)


class DepositBatchView(ApiView):
    key_scope = "deposit"

    @extend_schema(
        operation_id="institution_deposits_batch",
        summary="Deposit up to 1,000 hashes at once; one receipt each, against one signed head",
        request=DEPOSIT_BATCH_IN,
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT),
            **error_responses(400, 401, 403, 429),
        },
        tags=["ledger"],
    )
    def post(self, request: Request) -> Response:
        _require_institution(request)
        items = request.data.get("deposits") if isinstance(request.data, dict) else None
        if not isinstance(items, list):
            raise LedgerError(
                LedgerErrorCode.BAD_DEPOSIT, field="deposits", reason=_("deposits is a list")
            )
        made = deposits.deposits_create(depositor=request.user, items=items)
        return Response(deposits.receipts(made), status=status.HTTP_201_CREATED)


class DepositDetailView(ApiView):
    key_scope = "deposit"

    @extend_schema(
        operation_id="institution_deposits_read",
        summary="A deposit's receipt again, with its proof against the latest signed head",
        parameters=[OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(401, 403, 404)},
        tags=["ledger"],
    )
    def get(self, request: Request, id: str) -> Response:
        deposit = deposit_get_for_user(user=request.user, deposit_id=parse_uuid(id))
        return Response(deposits.receipt(deposit))


class WitnessView(PublicLedgerView):
    """What witness processes call: its own generous rate, as every court's witness may sit
    behind one address."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "ledger_witness"


class CheckpointTextView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_checkpoint",
        summary="The latest checkpoint as a C2SP signed note, with its cosignatures",
        responses={(200, "text/plain"): OpenApiTypes.STR, **error_responses(404, 429)},
        tags=["ledger"],
    )
    def get(self, request: Request, size: int | None = None) -> HttpResponse:
        cp = witnessing.latest_checkpoint() if size is None else witnessing.checkpoint_at(size)
        if cp is None:
            raise LedgerError(LedgerErrorCode.NO_SIGNED_HEAD, http_status=404)
        return HttpResponse(
            witnessing.checkpoint_note(cp), content_type="text/plain; charset=utf-8"
        )


class CheckpointAtView(CheckpointTextView):
    @extend_schema(
        operation_id="ledger_checkpoint_at",
        summary="The checkpoint of one tree size as a C2SP signed note, with its cosignatures",
        responses={(200, "text/plain"): OpenApiTypes.STR, **error_responses(404, 429)},
        tags=["ledger"],
    )
    def get(self, request: Request, size: int | None = None) -> HttpResponse:
        return super().get(request, size=size)


class WitnessCheckpointView(WitnessView):
    @extend_schema(
        operation_id="ledger_witness_checkpoint",
        summary="For witnesses: the latest checkpoint and its consistency proof from `old`",
        parameters=[OpenApiParameter("old", OpenApiTypes.INT, required=False)],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(400, 404, 429)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        cp = witnessing.latest_checkpoint()
        if cp is None:
            raise LedgerError(LedgerErrorCode.NO_SIGNED_HEAD, http_status=404)
        try:
            old = int(request.query_params.get("old", "0") or 0)
        except ValueError:
            raise LedgerError(LedgerErrorCode.BAD_SIZE) from None
        if not 0 <= old <= cp.tree_size:
            raise LedgerError(LedgerErrorCode.BAD_SIZE)
        proof = store.consistency_proof(old, cp.tree_size)
        return Response(
            {
                "origin": cp.origin,
                "tree_size": cp.tree_size,
                "checkpoint": witnessing.checkpoint_note(cp, cosignatures=False),
                "old_size": old,
                "consistency_proof": [base64.b64encode(h).decode() for h in proof],
            }
        )


class CosignatureView(WitnessView):
    @extend_schema(
        operation_id="ledger_cosignature_add",
        summary="A registered witness hands back its cosignature/v1 of a checkpoint",
        request=inline_serializer(
            "CosignatureInput",
            {"tree_size": serializers.IntegerField(), "cosignature": serializers.CharField()},
        ),
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(400, 403, 404)},
        tags=["ledger"],
    )
    def post(self, request: Request) -> Response:
        try:
            size = int(request.data.get("tree_size"))
            line = str(request.data.get("cosignature") or "")
        except (TypeError, ValueError, AttributeError):
            raise LedgerError(LedgerErrorCode.BAD_SIZE, field="tree_size") from None
        witnessing.cosignature_accept(tree_size=size, line=line)
        return Response(witnessing.head_witnessing(size), status=status.HTTP_201_CREATED)


class AlarmView(WitnessView):
    @extend_schema(
        operation_id="ledger_alarm_add",
        summary="A witness reports a split view, with both signed checkpoints as proof",
        request=inline_serializer(
            "AlarmInput",
            {
                "reporter": serializers.CharField(),
                "reason": serializers.CharField(),
                "notes": serializers.ListField(child=serializers.CharField()),
            },
        ),
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(400)},
        tags=["ledger"],
    )
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        notes = data.get("notes")
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise LedgerError(LedgerErrorCode.BAD_ALARM, field="notes")
        alarm = witnessing.alarm_report(
            reporter=str(data.get("reporter") or ""),
            notes=notes,
            reason=str(data.get("reason") or ""),
        )
        return Response({"alarm": alarm.pk, "tree_size": alarm.tree_size}, status=201)


class WitnessListView(PublicLedgerView):
    @extend_schema(
        operation_id="ledger_witnesses",
        summary="The log's origin and key, its witnesses, the quorum, the latest witnessed head",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT)},
        tags=["ledger"],
    )
    def get(self, request: Request) -> Response:
        return Response(chain_status())
