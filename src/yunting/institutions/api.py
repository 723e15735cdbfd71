"""REST API v1 for institutions (机构用户): the published filing standard, keys, files, single
and batch filings, webhooks and the event feed. Thin views over ``keys``, ``batch``,
``intake`` and ``webhooks``; input of a filing is checked by the JSON Schema
(``standard.check_filing``) — the serializers here only describe it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.core.api import ApiView, error_responses, parse_uuid
from yunting.core.files import MAX_UPLOAD_BYTES, read_upload
from yunting.courts.selectors import court_list
from yunting.filing.api import filing_data
from yunting.filing.selectors import filing_get_for_user

from . import batch as batches
from . import keys, selectors, webhooks
from .errors import InstitutionError, InstitutionErrorCode
from .intake import files_of, filings_submit_checked
from .models import ApiKey, Batch, Scope, WebhookEndpoint
from .standard import VERSIONS, check_filing, filing_schema, openapi_filing_schema

TAGS = ["institutions"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)
MANAGE = "manage"  # no key has it: keys and webhooks are managed by the person, logged in


class SchemaView(ApiView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="schemas_filing",
        summary="The filing data standard (JSON Schema 2020-12), by version",
        parameters=[OpenApiParameter("version", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: OpenApiTypes.OBJECT, **error_responses(404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, version: str) -> Response:
        if not version.isdigit() or int(version) not in VERSIONS:
            raise Http404
        response = Response(filing_schema(int(version)))
        response["Cache-Control"] = "public, max-age=86400"
        return response


# --- keys -----------------------------------------------------------------------------------


class KeySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    prefix = serializers.CharField(
        help_text="The first characters after `yt_`, to tell keys apart."
    )
    scopes = serializers.ListField(child=serializers.ChoiceField(Scope.choices))
    rate_per_minute = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class NewKeySerializer(KeySerializer):
    secret = serializers.CharField(help_text="The key: shown this once, stored only hashed.")


class KeyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    scopes = serializers.ListField(child=serializers.ChoiceField(Scope.choices), min_length=1)
    rate_per_minute = serializers.IntegerField(min_value=1, max_value=100_000, default=600)


class KeyRequestSerializer(serializers.Serializer):
    time = serializers.DateTimeField()
    method = serializers.CharField()
    path = serializers.CharField()
    status = serializers.IntegerField()
    duration_ms = serializers.IntegerField()


def _new_key(key: ApiKey, secret: str) -> dict:
    return {**KeySerializer(key).data, "secret": secret}


def _own_key(request: Request, key_id: str) -> ApiKey:
    return selectors.key_get_for_user(user=request.user, key_id=parse_uuid(key_id))


class KeyListView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_keys_list",
        summary="My API keys (never their secrets)",
        responses={200: KeySerializer(many=True), **error_responses(401, 403, 429)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response(KeySerializer(selectors.api_keys_of(user=request.user), many=True).data)

    @extend_schema(
        operation_id="institution_keys_create",
        summary="Make a key; its secret is in this answer only",
        request=KeyInputSerializer,
        responses={201: NewKeySerializer, **error_responses(400, 401, 403, 429)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = KeyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key, secret = keys.key_create(user=request.user, **data.validated_data)
        return Response(_new_key(key, secret), status=status.HTTP_201_CREATED)


class KeyDetailView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_keys_revoke",
        summary="Revoke a key (at once)",
        parameters=[ID],
        request=None,
        responses={204: None, **error_responses(401, 403, 404, 409, 429)},
        tags=TAGS,
    )
    def delete(self, request: Request, id: str) -> Response:
        keys.key_revoke(key=_own_key(request, id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class KeyRotateView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_keys_rotate",
        summary="Replace a key's secret; the old one stops working",
        parameters=[ID],
        request=None,
        responses={201: NewKeySerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=TAGS,
    )
    def post(self, request: Request, id: str) -> Response:
        key, secret = keys.key_rotate(key=_own_key(request, id), user=request.user)
        return Response(_new_key(key, secret), status=status.HTTP_201_CREATED)


class KeyRequestsView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_keys_requests",
        summary="The requests made with a key, newest first (last 500)",
        parameters=[ID],
        responses={200: KeyRequestSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> Response:
        key = _own_key(request, id)
        requests = selectors.key_requests(key=key, limit=500)
        return Response(KeyRequestSerializer(requests, many=True).data)


# --- files and filings ----------------------------------------------------------------------


class FileInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=f"PDF, JPEG or PNG, at most {MAX_UPLOAD_BYTES >> 20} MB."
    )


class FileSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    pages = serializers.IntegerField()


class FileUploadView(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="institution_files_create",
        summary="Upload a file first, to reference it by SHA-256 in filings and batches",
        request={"multipart/form-data": FileInputSerializer},
        responses={201: FileSerializer, **error_responses(400, 401, 403, 429)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = FileInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        stored = batches.file_upload(
            user=request.user, name=upload.name or "", data=read_upload(upload)
        )
        return Response(FileSerializer(stored).data, status=status.HTTP_201_CREATED)


class StandardFilingView(ApiView):
    @extend_schema(
        operation_id="institution_filings_create",
        summary="File one case in the standard's format: checked, created and submitted",
        description="The body is a filing as `/api/v1/schemas/filing/1.json` defines it; its "
        "documents must have been uploaded first (`/api/v1/institution/files`).",
        request={"application/json": openapi_filing_schema(1)},
        responses={
            201: OpenApiResponse(
                OpenApiTypes.OBJECT, description="The filing, as in filings_retrieve."
            ),
            **error_responses(400, 401, 403, 429),
        },
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        keys.ensure_institution(request.user)
        files = files_of(user=request.user)
        courts = {c.code: c for c in court_list(active_only=True)}
        checked, errors = check_filing(request.data, courts=courts, files=set(files))
        if errors:
            raise InstitutionError(
                InstitutionErrorCode.BAD_FORMAT,
                errors=errors,
                message=next(iter(errors.values()))[0],
            )
        (filing,) = filings_submit_checked(user=request.user, checked=[checked], files=files)
        filing = filing_get_for_user(user=request.user, filing_id=filing.id)
        return Response(filing_data(filing), status=status.HTTP_201_CREATED)


# --- batches --------------------------------------------------------------------------------


class BatchInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Filings: .jsonl, .csv or .xlsx, at most 10,000 rows.")
    attachments = serializers.FileField(
        required=False, help_text="A zip of the files the rows name in `documents.N.name`."
    )


class BatchSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    format = serializers.CharField()
    status = serializers.CharField()
    total = serializers.IntegerField()
    processed = serializers.IntegerField()
    created_count = serializers.IntegerField()
    rejected_count = serializers.IntegerField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


def _own_batch(request: Request, batch_id: str) -> Batch:
    return selectors.batch_get_for_user(user=request.user, batch_id=parse_uuid(batch_id))


class BatchCreateView(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="institution_batches_create",
        summary="Upload a batch of filings; processed in the background",
        description="201 for a new batch, 200 with the first batch when the same bytes come again.",
        request={"multipart/form-data": BatchInputSerializer},
        responses={
            201: BatchSerializer,
            200: BatchSerializer,
            **error_responses(400, 401, 403, 429),
        },
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = BatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        zipped = data.validated_data.get("attachments")
        batch, created = batches.batch_receive(
            user=request.user,
            name=upload.name or "",
            data=read_upload(upload, max_bytes=batches.MAX_SOURCE_BYTES),
            attachments=read_upload(zipped, max_bytes=batches.MAX_ZIP_BYTES) if zipped else None,
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(BatchSerializer(batch).data, status=code)


class BatchDetailView(ApiView):
    @extend_schema(
        operation_id="institution_batches_retrieve",
        summary="A batch and its progress",
        parameters=[ID],
        responses={200: BatchSerializer, **error_responses(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> Response:
        return Response(BatchSerializer(_own_batch(request, id)).data)


class BatchReportView(ApiView):
    @extend_schema(
        operation_id="institution_batches_report",
        summary="The per-row report: created (with number) or rejected (errors as the API's)",
        parameters=[ID],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="One entry per row."),
            **error_responses(401, 403, 404, 409, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> Response:
        return Response(_done_batch(request, id).report)


class BatchReportXlsxView(ApiView):
    @extend_schema(
        operation_id="institution_batches_report_xlsx",
        summary="The per-row report as an Excel workbook",
        parameters=[ID],
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook."),
            **error_responses(401, 403, 404, 409, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> HttpResponse:
        batch = _done_batch(request, id)
        response = HttpResponse(batches.report_xlsx(batch), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="report-{batch.id}.xlsx"'
        return response


def _done_batch(request: Request, batch_id: str) -> Batch:
    batch = _own_batch(request, batch_id)
    if batch.status != "done":
        raise InstitutionError(InstitutionErrorCode.NOT_DONE, status=batch.get_status_display())
    return batch


# --- webhooks and events --------------------------------------------------------------------


class EndpointSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.ChoiceField(webhooks.EVENTS))
    is_active = serializers.BooleanField()
    failing_since = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class NewEndpointSerializer(EndpointSerializer):
    secret = serializers.CharField(help_text="Signing secret: shown this once.")


class EndpointInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(webhooks.EVENTS), min_length=1)


class DeliverySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    event = serializers.IntegerField(source="event_id")
    event_type = serializers.CharField(source="event.event")
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField()
    log = serializers.ListField(child=serializers.DictField())


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    time = serializers.CharField()
    data = serializers.DictField()


class EndpointListView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_webhooks_list",
        summary="My webhook endpoints",
        responses={200: EndpointSerializer(many=True), **error_responses(401, 403, 429)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        endpoints = selectors.api_endpoints_of(user=request.user)
        return Response(EndpointSerializer(endpoints, many=True).data)

    @extend_schema(
        operation_id="institution_webhooks_create",
        summary="Register an endpoint and the events it receives",
        request=EndpointInputSerializer,
        responses={201: NewEndpointSerializer, **error_responses(400, 401, 403, 429)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = EndpointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhooks.endpoint_create(
            user=request.user,
            url=data.validated_data["url"],
            events_chosen=data.validated_data["events"],
        )
        body = {**EndpointSerializer(endpoint).data, "secret": endpoint.secret}
        return Response(body, status=status.HTTP_201_CREATED)


def _own_endpoint(request: Request, endpoint_id: str) -> WebhookEndpoint:
    return selectors.api_endpoint_get_for_user(
        user=request.user, endpoint_id=parse_uuid(endpoint_id)
    )


class EndpointDetailView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_webhooks_destroy",
        summary="Remove an endpoint",
        parameters=[ID],
        request=None,
        responses={204: None, **error_responses(401, 403, 404, 429)},
        tags=TAGS,
    )
    def delete(self, request: Request, id: str) -> Response:
        webhooks.endpoint_remove(endpoint=_own_endpoint(request, id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointDeliveriesView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_webhooks_deliveries",
        summary="An endpoint's delivery log with each attempt's answer (last 500)",
        parameters=[ID],
        responses={200: DeliverySerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, id: str) -> Response:
        endpoint = _own_endpoint(request, id)
        deliveries = selectors.api_endpoint_deliveries(endpoint=endpoint, limit=500)
        return Response(DeliverySerializer(deliveries, many=True).data)


class DeliveryRedeliverView(ApiView):
    key_scope = MANAGE

    @extend_schema(
        operation_id="institution_webhooks_delivery_redeliver",
        summary="Send one delivery again now (after fixing the endpoint)",
        description=(
            "A failed or pending delivery of one of your endpoints becomes pending and is "
            "sent at once, with a fresh round of retries if the last one was used up; the "
            "log keeps every earlier attempt. Another institution's delivery is a 404."
        ),
        parameters=[
            ID,
            OpenApiParameter(
                "delivery_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Delivery."
            ),
        ],
        request=None,
        responses={202: DeliverySerializer, **error_responses(401, 403, 404, 429)},
        tags=TAGS,
    )
    def post(self, request: Request, id: str, delivery_id: str) -> Response:
        endpoint = _own_endpoint(request, id)
        delivery = selectors.delivery_get_for_user(
            user=request.user, delivery_id=parse_uuid(delivery_id)
        )
        if delivery.endpoint_id != endpoint.id:
            raise Http404
        delivery = webhooks.delivery_redeliver(delivery=delivery, user=request.user)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class EventFeedView(ApiView):
    @extend_schema(
        operation_id="events_list",
        summary="My events after a sequence number, oldest first (the webhooks' events)",
        parameters=[
            OpenApiParameter(
                "after",
                {"type": "integer", "minimum": 0},
                description="The last `id` you have; 0 for all.",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": 500},
                description="At most this many (1–500, default 100).",
            ),
        ],
        responses={200: EventSerializer(many=True), **error_responses(400, 401, 403, 429)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        try:
            after = int(request.query_params.get("after", "0"))
            limit = int(request.query_params.get("limit", "100"))
        except ValueError as exc:
            raise InstitutionError(InstitutionErrorCode.BAD_AFTER, field="after") from exc
        if after < 0:
            raise InstitutionError(InstitutionErrorCode.BAD_AFTER, field="after")
        if not 1 <= limit <= 500:
            raise InstitutionError(InstitutionErrorCode.BAD_LIMIT, field="limit")
        webhooks.fan_out()  # catch up: the feed is never behind the ledger
        rows = selectors.events_after(user=request.user, after=after, limit=limit)
        return Response([webhooks.event_body(e) for e in rows])
