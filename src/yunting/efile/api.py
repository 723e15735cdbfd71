"""REST API of the e-file: the catalogue of a volume and full-text search, scoped as pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.core.errors import NON_FIELD

from . import selectors
from .errors import EfileError


class ItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="item.id")
    position = serializers.IntegerField(source="item.position")
    title = serializers.CharField(source="item.title")
    kind = serializers.CharField(source="item.kind")
    pages = serializers.IntegerField(source="item.pages")
    first_page = serializers.IntegerField()
    last_page = serializers.IntegerField()
    sha256 = serializers.CharField(source="item.sha256")
    ocr_status = serializers.CharField(source="item.ocr_status")
    suggested_label = serializers.CharField(source="item.suggested_label")


CATALOGUE = inline_serializer(
    "EfileVolume",
    {
        "volume": serializers.CharField(),
        "version": serializers.IntegerField(),
        "status": serializers.CharField(),
        "items": ItemSerializer(many=True),
    },
)
HIT = inline_serializer(
    "EfileSearchHit",
    {
        "case_number": serializers.CharField(),
        "item": serializers.UUIDField(),
        "title": serializers.CharField(),
        "page": serializers.IntegerField(),
        "volume_page": serializers.IntegerField(),
        "snippet": serializers.CharField(),
    },
)
RESULTS = inline_serializer("EfileSearchResults", {"results": serializers.ListField(child=HIT)})


@extend_schema(responses={200: CATALOGUE}, summary="A volume's catalogue (正卷 main / 副卷 sub)")
@api_view(["GET"])
def volume_catalogue(request: Request, case_id, kind: str) -> Response:
    volume = selectors.volume_get_for_user(user=request.user, case_id=case_id, kind=kind)
    rows = selectors.volume_catalogue(volume=volume)
    return Response(
        {
            "volume": volume.kind,
            "version": volume.version,
            "status": volume.efile.status,
            "items": ItemSerializer(rows, many=True).data,
        }
    )


@extend_schema(
    parameters=[OpenApiParameter("q", str, description="words to find")],
    responses={200: RESULTS},
    summary="Full-text search in the e-files the user may see",
)
@api_view(["GET"])
def search(request: Request) -> Response:
    try:
        hits = selectors.search_pages(user=request.user, query=request.query_params.get("q", ""))
    except EfileError as exc:
        return Response(
            {"detail": exc.message, "code": exc.code, "errors": {NON_FIELD: [str(exc.message)]}},
            status=400,
        )
    return Response(
        {
            "results": [
                {
                    "case_number": h.case.case_number,
                    "item": str(h.item.id),
                    "title": h.item.title,
                    "page": h.page,
                    "volume_page": h.volume_page,
                    "snippet": h.snippet,
                }
                for h in hits
            ]
        }
    )
