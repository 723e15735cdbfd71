"""REST API v1 for online filing (网上立案): the same steps as the portal wizard.

Thin views: input is checked by the serializers, every write goes through ``filing.services``
and every read through ``filing.selectors``. A filing of someone else is 404; a filing that
can no longer change (awaiting review or decided) is 409.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.cases.models import PartyKind, PartyRole
from yunting.core.api import ApiView, CourtRefSerializer, EnumField, error_responses, parse_uuid
from yunting.core.files import MAX_UPLOAD_BYTES, read_upload
from yunting.courts.models import Court
from yunting.courts.selectors import court_list
from yunting.rules.case_numbers import TYPE_CODES

from . import services
from .errors import FilingError, FilingErrorCode
from .forms import AMOUNT_ERRORS
from .models import (
    AttachmentKind,
    Filing,
    FilingStatus,
)
from .selectors import (
    filing_agent_find,
    filing_get_for_user,
    filing_item_get,
    filing_missing,
    filing_prefetch_details,
    filings_of_user_by_status,
)
from .services import AgentInput, PartyInput

TAGS = ["filings"]
FILING_ID = OpenApiParameter("filing_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
PARTY_ID = OpenApiParameter("party_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
CLAIM_ID = OpenApiParameter("claim_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
ROLE_ORDER = {role: n for n, role in enumerate(PartyRole.values)}  # 原告, 被告, 第三人


# --- output ---------------------------------------------------------------------------------


class CaseRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_number = serializers.CharField()


class FilingAgentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    law_firm = serializers.CharField()
    licence_number = serializers.CharField()
    phone = serializers.CharField()
    power_of_attorney = serializers.UUIDField(
        source="power_of_attorney_id",
        allow_null=True,
        help_text="The uploaded power of attorney (attachment id); required before submitting.",
    )


class FilingPartySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    role = EnumField(PartyRole, enum_name="PartyRole")
    kind = EnumField(PartyKind, enum_name="PartyKind")
    name = serializers.CharField()
    id_number = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    representative = serializers.CharField()
    is_self = serializers.BooleanField()
    agents = FilingAgentSerializer(many=True, source="agents.all")


class FilingClaimSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class FilingAttachmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = EnumField(AttachmentKind, enum_name="AttachmentKind")
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    pages = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class FilingListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField(help_text="Filing number, given on first submission.")
    status = EnumField(FilingStatus, enum_name="FilingStatus")
    status_label = serializers.CharField(source="get_status_display")
    court = CourtRefSerializer()
    type_code = serializers.CharField()
    cause_name = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    review_due = serializers.DateField(allow_null=True)
    case = CaseRefSerializer(allow_null=True)
    updated_at = serializers.DateTimeField()


class FilingSerializer(FilingListItemSerializer):
    origin_court = CourtRefSerializer(
        allow_null=True, help_text="Court that received it at its counter (跨域立案)."
    )
    cause_code = serializers.CharField()
    facts = serializers.CharField()
    is_editable = serializers.BooleanField()
    missing = serializers.SerializerMethodField(
        help_text="What still stops submission (empty once complete)."
    )
    parties = FilingPartySerializer(
        many=True,
        source="ordered_parties",
        help_text="Plaintiffs, then defendants, then third parties.",
    )
    claims = FilingClaimSerializer(many=True, source="claims.all")
    claim_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    attachments = FilingAttachmentSerializer(many=True, source="attachments.all")
    correction_items = serializers.ListField(child=serializers.CharField())
    correction_note = serializers.CharField()
    refusal_reason = serializers.CharField()
    review_from = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_missing(self, filing: Filing) -> list[str]:
        return filing_missing(filing) if filing.is_editable else []


def filing_data(filing: Filing) -> dict[str, Any]:
    filing_prefetch_details(filing=filing)
    filing.ordered_parties = sorted(
        filing.parties.all(), key=lambda p: (ROLE_ORDER.get(p.role, 99), p.position)
    )
    return FilingSerializer(filing).data


# --- input ----------------------------------------------------------------------------------


class CourtCodeField(serializers.SlugRelatedField):
    """A court by its code (法院代字), e.g. ``沪0105``; only active courts."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=court_list(active_only=True), **kwargs)


class FilingCreateSerializer(serializers.Serializer):
    court = CourtCodeField(help_text="Code of the court with jurisdiction, e.g. 沪0105.")
    type_code = EnumField(
        [(code, t.name_zh) for code, t in TYPE_CODES.items()],
        enum_name="CaseTypeCode",
        default="民初",
        help_text="Case type code (类型代字); 民初 (civil first instance) by default.",
    )


class FilingUpdateSerializer(serializers.Serializer):
    court = CourtCodeField(required=False)
    cause_name = serializers.CharField(
        max_length=100,
        required=False,
        help_text="Cause of action; an exact catalogue name also records its official code.",
    )
    facts = serializers.CharField(max_length=20000, required=False)


class AgentInputSerializer(serializers.Serializer):
    is_me = serializers.BooleanField(
        default=False, help_text="You act as this agent: name and phone are taken from you."
    )
    name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    law_firm = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    licence_number = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["is_me"] and not attrs["name"].strip():
            raise serializers.ValidationError(
                {"name": [self.fields["name"].error_messages["required"]]},
                code="required",
            )
        return attrs


class PartyInputSerializer(serializers.Serializer):
    role = EnumField(PartyRole, enum_name="PartyRole")
    kind = EnumField(PartyKind, enum_name="PartyKind")
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Citizen ID (18) or unified social credit code; required for plaintiffs.",
    )
    address = serializers.CharField(max_length=200, help_text="Address for service.")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    representative = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    is_self = serializers.BooleanField(default=False, help_text="This party is you.")
    agents = AgentInputSerializer(many=True, required=False, default=list)


class ClaimInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        default=None,
        error_messages=AMOUNT_ERRORS,
        help_text='Yuan, as a string with at most two decimals, e.g. "150000.00"; '
        "omit or null for a claim without an amount.",
    )


class AttachmentInputSerializer(serializers.Serializer):
    kind = EnumField(AttachmentKind, enum_name="AttachmentKind")
    file = serializers.FileField(
        help_text=f"PDF, JPEG or PNG, at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; checked "
        "by content, not by name."
    )
    agent = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For a power of attorney: the agent (id from the party's `agents`).",
    )


# --- helpers --------------------------------------------------------------------------------


def _own_filing(request: Request, filing_id: str) -> Filing:
    """The user's own filing for a write; anybody else's (even one they may read) is 404."""
    filing = filing_get_for_user(user=request.user, filing_id=parse_uuid(filing_id))
    if filing.created_by_id != request.user.id:
        raise Http404
    return filing


# --- views ----------------------------------------------------------------------------------


class FilingListView(GenericAPIView, ApiView):
    serializer_class = FilingListItemSerializer

    @extend_schema(
        operation_id="filings_list",
        summary="My filings, most recently changed first",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=FilingStatus.values, description="Only these."
            )
        ],
        responses={200: FilingListItemSerializer(many=True), **error_responses(400, 401)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status")
        if wanted:
            field = EnumField(FilingStatus, enum_name="FilingStatus")
            try:
                field.run_validation(wanted)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"status": exc.detail}) from exc
        filings = filings_of_user_by_status(user=request.user, status=wanted or "")
        page = self.paginate_queryset(filings)
        return self.get_paginated_response(FilingListItemSerializer(page, many=True).data)

    @extend_schema(
        operation_id="filings_create",
        summary="Start a draft filing",
        request=FilingCreateSerializer,
        responses={201: FilingSerializer, **error_responses(400, 401)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = FilingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filing = services.filing_create(
            user=request.user,
            court=data.validated_data["court"],
            type_code=data.validated_data["type_code"],
        )
        filing = filing_get_for_user(user=request.user, filing_id=filing.id)
        return Response(filing_data(filing), status=status.HTTP_201_CREATED)


class FilingDetailView(ApiView):
    @extend_schema(
        operation_id="filings_retrieve",
        summary="A filing: status, number, parties, claims, documents, corrections, case",
        parameters=[FILING_ID],
        responses={200: FilingSerializer, **error_responses(401, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, filing_id: str) -> Response:
        filing = filing_get_for_user(user=request.user, filing_id=parse_uuid(filing_id))
        return Response(filing_data(filing))

    @extend_schema(
        operation_id="filings_partial_update",
        summary="Change court, cause of action or facts of a draft",
        parameters=[FILING_ID],
        request=FilingUpdateSerializer,
        responses={200: FilingSerializer, **error_responses(400, 401, 404, 409)},
        tags=TAGS,
    )
    def patch(self, request: Request, filing_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        data = FilingUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        court: Court = values.get("court", filing.court)
        services.filing_update_basics(
            filing=filing,
            user=request.user,
            court=court,
            cause_name=values.get("cause_name", filing.cause_name),
            facts=values.get("facts", filing.facts),
        )
        filing = filing_get_for_user(user=request.user, filing_id=filing.id)
        return Response(filing_data(filing))


class FilingPartyCreateView(ApiView):
    @extend_schema(
        operation_id="filings_parties_create",
        summary="Add a party (with agents, if any)",
        parameters=[FILING_ID],
        request=PartyInputSerializer,
        responses={201: FilingPartySerializer, **error_responses(400, 401, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, filing_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        data = PartyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        agents = [
            AgentInput(
                name=request.user.name if a["is_me"] and not a["name"] else a["name"],
                law_firm=a["law_firm"],
                licence_number=a["licence_number"],
                phone=request.user.phone if a["is_me"] and not a["phone"] else a["phone"],
                is_me=a["is_me"],
            )
            for a in values["agents"]
        ]
        party = services.filing_add_party(
            filing=filing,
            user=request.user,
            data=PartyInput(
                role=values["role"],
                kind=values["kind"],
                name=values["name"],
                address=values["address"],
                id_number=values["id_number"],
                phone=values["phone"],
                representative=values["representative"],
                is_self=values["is_self"],
                agents=agents,
            ),
        )
        party = filing_item_get(filing=filing, related="parties", item_id=party.pk)
        return Response(FilingPartySerializer(party).data, status=status.HTTP_201_CREATED)


class FilingPartyDeleteView(ApiView):
    @extend_schema(
        operation_id="filings_parties_destroy",
        summary="Remove a party",
        parameters=[FILING_ID, PARTY_ID],
        request=None,
        responses={204: None, **error_responses(401, 404, 409)},
        tags=TAGS,
    )
    def delete(self, request: Request, filing_id: str, party_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        party = filing_item_get(filing=filing, related="parties", item_id=parse_uuid(party_id))
        services.filing_remove_party(party=party, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FilingClaimCreateView(ApiView):
    @extend_schema(
        operation_id="filings_claims_create",
        summary="Add a claim (诉讼请求)",
        parameters=[FILING_ID],
        request=ClaimInputSerializer,
        responses={201: FilingClaimSerializer, **error_responses(400, 401, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, filing_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        data = ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.filing_add_claim(
            filing=filing,
            user=request.user,
            text=data.validated_data["text"],
            amount=data.validated_data["amount"],
        )
        claim = filing_item_get(filing=filing, related="claims", item_id=claim.pk)
        return Response(FilingClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class FilingClaimDeleteView(ApiView):
    @extend_schema(
        operation_id="filings_claims_destroy",
        summary="Remove a claim",
        parameters=[FILING_ID, CLAIM_ID],
        request=None,
        responses={204: None, **error_responses(401, 404, 409)},
        tags=TAGS,
    )
    def delete(self, request: Request, filing_id: str, claim_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        claim = filing_item_get(filing=filing, related="claims", item_id=parse_uuid(claim_id))
        services.filing_remove_claim(claim=claim, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FilingAttachmentCreateView(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="filings_attachments_create",
        summary="Upload a document (multipart/form-data)",
        parameters=[FILING_ID],
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: FilingAttachmentSerializer, **error_responses(400, 401, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, filing_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        data = AttachmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        agent = None
        if values["agent"] is not None:
            agent = filing_agent_find(filing=filing, agent_id=values["agent"])
            if agent is None:
                raise FilingError(FilingErrorCode.AGENT_NOT_IN_FILING, field="agent")
        upload = values["file"]
        try:
            # Never more than one byte past the limit in memory (core.files.read_upload).
            attachment = services.filing_add_attachment(
                filing=filing,
                user=request.user,
                kind=values["kind"],
                name=upload.name or "",
                data=read_upload(upload, max_bytes=MAX_UPLOAD_BYTES),
                agent=agent,
            )
        except FilingError:
            raise
        except ValidationError as exc:  # the upload check: its messages are about the file
            if hasattr(exc, "error_dict"):
                raise
            raise ValidationError({"file": exc.error_list}) from exc
        attachment = filing_item_get(filing=filing, related="attachments", item_id=attachment.pk)
        return Response(FilingAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class FilingSubmitView(ApiView):
    @extend_schema(
        operation_id="filings_submit",
        summary="Submit (or resubmit after correction); lists everything missing at once",
        parameters=[FILING_ID],
        request=None,
        responses={200: FilingSerializer, **error_responses(400, 401, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, filing_id: str) -> Response:
        filing = _own_filing(request, filing_id)
        services.filing_submit(filing=filing, user=request.user)
        filing = filing_get_for_user(user=request.user, filing_id=filing.id)
        return Response(filing_data(filing))
