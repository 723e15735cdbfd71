from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yunting.accounts.selectors import user_roles, user_staff_assignments


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    courts = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the token belongs to: API clients check this first."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.id,
            "name": user.name,
            "roles": sorted(user_roles(user=user)),
            "courts": sorted({a.court.code for a in user_staff_assignments(user=user)}),
        }
        return Response(MeSerializer(data).data)
