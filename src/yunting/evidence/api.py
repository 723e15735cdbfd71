"""REST API of the evidence exchange: a lawyer's system reads the lists and opinions it may
see and submits items and opinions, through the same services (and so the same checks) as
the pages. Drafts of another side never appear; refusals answer ``{detail, code, errors}``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.core.api import error_responses
from yunting.core.files import read_upload

from . import selectors, services
from .errors import EvidenceError, EvidenceErrorCode
from .models import Verdict
from .services.exchange import VERDICT_FIELDS


class OpinionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    item = serializers.UUIDField(source="item_id")
    party = serializers.CharField(source="party.name")
    round = serializers.IntegerField(source="round.number")
    status = serializers.CharField()
    authenticity = serializers.CharField()
    legality = serializers.CharField()
    relevance = serializers.CharField()
    purpose = serializers.CharField()
    authenticity_reason = serializers.CharField()
    legality_reason = serializers.CharField()
    relevance_reason = serializers.CharField()
    purpose_reason = serializers.CharField()
    text = serializers.CharField()
    reply_to = serializers.UUIDField(source="reply_to_id", allow_null=True)
    supersedes = serializers.UUIDField(source="supersedes_id", allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class EvidenceItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    party = serializers.CharField(source="party.name")
    party_role = serializers.CharField(source="party.role")
    number = serializers.IntegerField()
    name = serializers.CharField()
    source = serializers.CharField()
    purpose = serializers.CharField()
    page_from = serializers.IntegerField()
    page_to = serializers.IntegerField()
    original_available = serializers.BooleanField()
    late = serializers.BooleanField()
    withdrawn = serializers.SerializerMethodField()
    efile_item = serializers.UUIDField(source="efile_item_id", allow_null=True)

    def get_withdrawn(self, item) -> bool:
        return item.withdrawn_at is not None


class OpinionInput(serializers.Serializer):
    authenticity = serializers.ChoiceField(Verdict.choices, required=False, default="")
    legality = serializers.ChoiceField(Verdict.choices, required=False, default="")
    relevance = serializers.ChoiceField(Verdict.choices, required=False, default="")
    purpose = serializers.ChoiceField(Verdict.choices, required=False, default="")
    authenticity_reason = serializers.CharField(required=False, default="", allow_blank=True)
    legality_reason = serializers.CharField(required=False, default="", allow_blank=True)
    relevance_reason = serializers.CharField(required=False, default="", allow_blank=True)
    purpose_reason = serializers.CharField(required=False, default="", allow_blank=True)
    text = serializers.CharField(required=False, default="", allow_blank=True)
    reply_to = serializers.UUIDField(required=False, allow_null=True, default=None)
    supersedes = serializers.UUIDField(required=False, allow_null=True, default=None)
    submit = serializers.BooleanField(required=False, default=False)


class ItemInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    source = serializers.CharField(max_length=200)
    purpose = serializers.CharField()
    page_from = serializers.IntegerField(min_value=1, default=1)
    page_to = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    original_available = serializers.BooleanField(default=False)
    file = serializers.FileField()


LIST = inline_serializer(
    "EvidenceLists",
    {
        "mode": serializers.CharField(),
        "items": EvidenceItemSerializer(many=True),
        "opinions": OpinionSerializer(many=True),
    },
)


@extend_schema(
    responses={200: LIST, **error_responses(404)}, summary="Evidence lists and opinions of a case"
)
@api_view(["GET"])
def case_items(request: Request, case_id) -> Response:
    case, exchange = selectors.exchange_case_for_user(user=request.user, case_id=case_id)
    viewer = selectors.viewer_for(user=request.user, case=case)
    return Response(
        {
            "mode": exchange.mode,
            "items": EvidenceItemSerializer(selectors.items_for(case=case), many=True).data,
            "opinions": OpinionSerializer(
                selectors.opinions_visible(viewer=viewer, case=case), many=True
            ).data,
        }
    )


@extend_schema(
    request={"multipart/form-data": ItemInput},
    responses={201: EvidenceItemSerializer, **error_responses(400, 403, 404, 409)},
    summary="Submit an item to your side's evidence list",
)
@api_view(["POST"])
def item_create(request: Request, case_id) -> Response:
    case, _exchange = selectors.exchange_case_for_user(user=request.user, case_id=case_id)
    data = ItemInput(data=request.data)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    item = services.item_submit(
        case=case,
        actor=request.user,
        name=v["name"],
        source=v["source"],
        purpose=v["purpose"],
        data=read_upload(v["file"]),
        page_from=v["page_from"],
        page_to=v["page_to"],
        original_available=v["original_available"],
    )
    return Response(EvidenceItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=OpinionInput,
    responses={201: OpinionSerializer, **error_responses(400, 403, 404, 409)},
    summary="Save (and with submit=true, submit) your side's opinion on an item",
)
@api_view(["POST"])
def opinion_create(request: Request, item_id) -> Response:
    item = selectors.item_for_user(user=request.user, item_id=item_id)
    data = OpinionInput(data=request.data)
    data.is_valid(raise_exception=True)
    v = data.validated_data

    def linked(pk):
        return selectors.opinion_for_user(user=request.user, opinion_id=pk) if pk else None

    opinion = services.opinion_save(
        item=item,
        actor=request.user,
        verdicts={n: v[n] for n in VERDICT_FIELDS},
        reasons={n: v[f"{n}_reason"] for n in VERDICT_FIELDS},
        text=v["text"],
        reply_to=linked(v["reply_to"]),
        supersedes=linked(v["supersedes"]),
    )
    if v["submit"]:
        opinion = services.opinion_submit(opinion=opinion, actor=request.user)
    return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=None,
    responses={200: OpinionSerializer, **error_responses(403, 404, 409)},
    summary="Submit a draft opinion (final)",
)
@api_view(["POST"])
def opinion_submit(request: Request, opinion_id) -> Response:
    opinion = selectors.opinion_for_user(user=request.user, opinion_id=opinion_id)
    if not selectors.viewer_for(user=request.user, case=opinion.item.case).parties:
        raise EvidenceError(EvidenceErrorCode.NOT_A_PARTY)
    opinion = services.opinion_submit(opinion=opinion, actor=request.user)
    return Response(OpinionSerializer(opinion).data)
