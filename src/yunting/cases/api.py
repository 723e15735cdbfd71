"""REST API v1 for cases (案件查询): read-only, through the scoped selectors.

A party or agent sees their cases with the other parties' names and roles only; staff of
the case's court also see identity numbers, addresses and agents. A case the user may not
see is 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.accounts.selectors import user_staff_assignments
from yunting.core.api import (
    ApiView,
    CourtRefSerializer,
    EnumField,
    error_responses,
    parse_uuid,
)

from .models import Case, CaseStatus, PartyKind, PartyRole, Procedure
from .selectors import case_get_for_user, case_party_timeline, case_search_for_user

TAGS = ["cases"]
CASE_ID = OpenApiParameter("case_id", OpenApiTypes.UUID, OpenApiParameter.PATH)


class PartyBriefSerializer(serializers.Serializer):
    """What every party sees of every party: the name and the role."""

    name = serializers.CharField()
    role = EnumField(PartyRole, enum_name="PartyRole")
    role_label = serializers.CharField(source="get_role_display")


class AgentSerializer(serializers.Serializer):
    name = serializers.CharField()
    law_firm = serializers.CharField()
    licence_number = serializers.CharField()
    phone = serializers.CharField()


class PartyFullSerializer(PartyBriefSerializer):
    """For staff of the case's court: identity and service details too."""

    id = serializers.UUIDField()
    kind = EnumField(PartyKind, enum_name="PartyKind")
    id_type = serializers.CharField()
    id_number = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    representative = serializers.CharField()
    agents = AgentSerializer(many=True, source="agents.all")


class PersonRefSerializer(serializers.Serializer):
    name = serializers.CharField()


class ClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class TimelineItemSerializer(serializers.Serializer):
    seq = serializers.IntegerField(source="entry.seq", help_text="Ledger sequence number.")
    time = serializers.DateTimeField(source="entry.time")
    event = serializers.CharField(source="entry.event_type")
    event_label = serializers.CharField()
    verified = serializers.BooleanField(
        help_text="Recomputed and proved included in the latest signed ledger head."
    )
    mark = EnumField(
        [("verified", "verified"), ("pending", "pending"), ("failed", "failed")],
        enum_name="VerificationMark",
        help_text="`pending`: recorded after the latest signed head (signed within a minute).",
    )


class CaseListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_number = serializers.CharField()
    status = EnumField(CaseStatus, enum_name="CaseStatus")
    status_label = serializers.CharField(source="get_status_display")
    court = CourtRefSerializer()
    cause_name = serializers.CharField()
    procedure = EnumField(Procedure, enum_name="Procedure")
    accepted_on = serializers.DateField()
    parties = PartyBriefSerializer(
        many=True,
        source="ordered_parties",
        help_text="Plaintiffs, then defendants, then third parties.",
    )


class CaseSerializer(CaseListItemSerializer):
    type_code = serializers.CharField()
    cause_code = serializers.CharField()
    department = serializers.CharField(source="department.name", allow_null=True, default=None)
    judge = PersonRefSerializer(allow_null=True)
    clerk = PersonRefSerializer(allow_null=True)
    claims = ClaimSerializer(many=True, source="claims.all")
    claim_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    acceptance_fee = serializers.DecimalField(max_digits=14, decimal_places=2)
    timeline = TimelineItemSerializer(many=True)


class CaseStaffSerializer(CaseSerializer):
    parties = PartyFullSerializer(many=True, source="ordered_parties")


class CaseFilterSerializer(serializers.Serializer):
    status = EnumField(CaseStatus, enum_name="CaseStatus", required=False)
    case_number = serializers.CharField(max_length=40, required=False)


ROLE_ORDER = {role: n for n, role in enumerate(PartyRole.values)}  # 原告, 被告, 第三人


def _with_ordered_parties(case: Case) -> Case:
    case.ordered_parties = sorted(
        case.parties.all(), key=lambda p: (ROLE_ORDER.get(p.role, 99), p.position)
    )
    return case


def _is_court_staff(user: Any, case: Case) -> bool:
    return any(a.court_id == case.court_id for a in user_staff_assignments(user=user))


class CaseListView(GenericAPIView, ApiView):
    serializer_class = CaseListItemSerializer

    @extend_schema(
        operation_id="cases_list",
        summary="Cases I may see (a party's or agent's own; staff: their court's)",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=CaseStatus.values),
            OpenApiParameter(
                "case_number",
                OpenApiTypes.STR,
                description="Part of the case number, e.g. `民初` or `2026`.",
            ),
        ],
        responses={200: CaseListItemSerializer(many=True), **error_responses(400, 401)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = CaseFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cases = case_search_for_user(
            user=request.user,
            query=query.validated_data.get("case_number", "").strip(),
            status=query.validated_data.get("status", ""),
        )
        page = self.paginate_queryset(cases)
        page = [_with_ordered_parties(case) for case in page]
        return self.get_paginated_response(CaseListItemSerializer(page, many=True).data)


class CaseDetailView(ApiView):
    @extend_schema(
        operation_id="cases_retrieve",
        summary="A case: number, status, parties, judge, claims, fee and verified timeline",
        description="Staff of the case's court also get each party's `id`, `kind`, "
        "`id_type`, `id_number`, `address`, `phone`, `representative` and `agents`.",
        parameters=[CASE_ID],
        responses={
            200: PolymorphicProxySerializer(
                component_name="CaseDetail",
                serializers=[CaseSerializer, CaseStaffSerializer],
                resource_type_field_name=None,
            ),
            **error_responses(401, 404),
        },
        tags=TAGS,
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = case_get_for_user(user=request.user, case_id=parse_uuid(case_id))
        staff = _is_court_staff(request.user, case)
        if staff:
            prefetch_related_objects([case], "parties__agents")
        _with_ordered_parties(case)
        case.timeline = case_party_timeline(case=case)
        serializer = CaseStaffSerializer if staff else CaseSerializer
        return Response(serializer(case).data)
