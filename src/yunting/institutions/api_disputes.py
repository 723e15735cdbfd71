"""REST API v1 for institutions: disputes for pre-litigation mediation (诉前调解), registered
in bulk and followed one by one. Thin views over :mod:`.disputes`; a key needs ``file`` to
register and ``read`` to follow, as every institution endpoint."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.core.api import ApiView, error_responses, parse_uuid
from yunting.mediation.models import DisputeStatus

from . import disputes, webhooks
from .keys import ensure_institution
from .standard import inline_refs

TAGS = ["institutions"]


def _request_schema() -> dict:
    schema = disputes.dispute_schema(1)
    item = inline_refs(schema, schema.get("$defs", {}))
    return {
        "type": "object",
        "required": ["disputes"],
        "properties": {
            "disputes": {
                "type": "array",
                "minItems": 1,
                "maxItems": disputes.MAX_DISPUTES,
                "items": item,
            }
        },
    }


class DisputeSchemaView(ApiView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="schemas_dispute",
        summary="One dispute for mediation, as registered (JSON Schema 2020-12), by version",
        parameters=[OpenApiParameter("version", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: OpenApiTypes.OBJECT, **error_responses(404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, version: str) -> Response:
        if version != "1":
            raise Http404
        response = Response(disputes.dispute_schema(1))
        response["Cache-Control"] = "public, max-age=86400"
        return response


class DisputeListView(GenericAPIView, ApiView):
    @extend_schema(
        operation_id="institution_disputes_create",
        summary="Register up to 100 disputes for pre-litigation mediation; one result per item",
        description=(
            "Each item is registered on its own (not all-or-nothing): a bad item is answered "
            "`rejected` with its errors by path and every good one is created, numbered "
            "民诉前调 and its respondents invited. 201 whenever the request itself is well "
            "formed, even if every item was rejected; `Idempotency-Key` replays the answer."
        ),
        request={"application/json": _request_schema()},
        responses={
            201: OpenApiResponse(
                OpenApiTypes.OBJECT, description="`created`, `rejected` and `results`."
            ),
            **error_responses(400, 401, 403, 429),
        },
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        items = request.data.get("disputes") if isinstance(request.data, dict) else None
        results = disputes.disputes_register(user=request.user, items=items)
        created = sum(1 for r in results if r["status"] == "created")
        body = {"created": created, "rejected": len(results) - created, "results": results}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="institution_disputes_list",
        summary="The disputes I registered, newest first (50 a page)",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=DisputeStatus.values, description="Only these."
            ),
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description="Only those registered or with an event at or after this time.",
            ),
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="A page of disputes."),
            **error_responses(400, 401, 403, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        ensure_institution(request.user)
        since = request.query_params.get("updated_since")
        webhooks.fan_out()  # the events behind updated_since and updated_at are current
        rows = disputes.disputes_filtered(
            user=request.user,
            status=request.query_params.get("status", ""),
            updated_since=disputes.parse_since(since) if since else None,
        )
        page = self.paginate_queryset(rows)
        latest = disputes.last_changes(user=request.user, disputes=page)
        data = [disputes.dispute_summary(d, updated_at=latest.get(str(d.id))) for d in page]
        return self.get_paginated_response(data)


class DisputeDetailView(ApiView):
    @extend_schema(
        operation_id="institution_disputes_retrieve",
        summary="One of my disputes: state, mediator, clocks, period and outcome",
        parameters=[OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The dispute."),
            **error_responses(401, 403, 404, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> Response:
        ensure_institution(request.user)
        dispute = disputes.dispute_get_for_institution(user=request.user, dispute_id=parse_uuid(id))
        webhooks.fan_out()
        latest = disputes.last_changes(user=request.user, disputes=[dispute])
        return Response(disputes.dispute_detail(dispute, updated_at=latest.get(str(dispute.id))))
