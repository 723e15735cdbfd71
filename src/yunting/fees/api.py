from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from yunting.core.api import error_responses
from yunting.rules.fees import KINDS

from .calculator import calculate_fee


class LitigationFeeView(APIView):
    """The fee calculator as JSON: the same answer as the page and ``yunting fee``."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=list(KINDS), required=True),
            OpenApiParameter("amount", OpenApiTypes.DECIMAL),
            OpenApiParameter("property_amount", OpenApiTypes.DECIMAL),
            OpenApiParameter("damages", OpenApiTypes.DECIMAL),
            OpenApiParameter("summary", bool),
            OpenApiParameter("halve", str, enum=["mediation", "withdrawal"]),
        ],
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 429)},
    )
    def get(self, request: Request) -> Response:
        return Response(calculate_fee(request.query_params))
