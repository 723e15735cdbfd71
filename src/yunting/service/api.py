"""REST API of service: the party's served documents and their status (the inbox), and
acknowledging receipt."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.core.api import ApiView, error_responses

from . import selectors, services


class InboxItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_number = serializers.CharField(source="task.case.case_number")
    document = serializers.CharField(source="task.document.title")
    document_id = serializers.UUIDField(source="task.document.id")
    recipient = serializers.CharField(source="task.party.name")
    task_status = serializers.CharField(source="task.status")
    served_at = serializers.DateTimeField(source="task.served_at", allow_null=True)
    served_channel = serializers.CharField(source="task.served_channel")
    delivered_at = serializers.DateTimeField(allow_null=True)
    read_at = serializers.DateTimeField(allow_null=True)


class InboxView(ApiView):
    @extend_schema(
        responses={200: InboxItemSerializer(many=True), **error_responses(401)},
        summary="Documents served to my platform inbox (mine and my principals')",
    )
    def get(self, request: Request) -> Response:
        items = selectors.inbox_for_user(user=request.user)[:500]
        return Response({"results": InboxItemSerializer(items, many=True).data})


class AcknowledgeView(ApiView):
    @extend_schema(
        request=None,
        responses={200: InboxItemSerializer, **error_responses(401, 404)},
        summary="Acknowledge receipt of a served document (recorded as read)",
    )
    def post(self, request: Request, attempt_id) -> Response:
        attempt = selectors.inbox_item_get_for_user(user=request.user, attempt_id=attempt_id)
        services.attempt_read(attempt=attempt, actor=request.user, acknowledged=True)
        attempt.refresh_from_db()
        return Response(InboxItemSerializer(attempt).data)
