"""REST API: a party's judgments, closing, appeal status and trial limit; lodging an appeal."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from yunting.cases.selectors import case_get_for_user, case_trial_limit, party_clock
from yunting.core.api import error_responses

from . import selectors, services
from .services.common import parties_acting_for


def _decision(d, user) -> dict:
    parties = parties_acting_for(user, d.case)
    periods = []
    for p in parties:
        clock = party_clock(party=p, kind=d.appeal_clock_kind)
        periods.append(
            {
                "party": str(p.id),
                "name": p.name,
                "served_on": str(clock.starts_on) if clock else None,
                "appeal_until": str(clock.due_on) if clock else None,
            }
        )
    return {
        "id": str(d.id),
        "case": str(d.case_id),
        "case_number": d.case.case_number,
        "kind": d.kind,
        "issued_at": d.issued_at.isoformat(),
        "effective_on": str(d.effective_on) if d.effective_on else None,
        "appealed": d.appealed,
        "documents": [
            str(doc.id) for doc in d.documents.all() if doc.recipient_id in {p.id for p in parties}
        ]
        or [str(doc.id) for doc in d.documents.all()][:1],
        "appeal_periods": periods,
    }


def _appeal(a) -> dict:
    return {
        "id": str(a.id),
        "party": str(a.party_id),
        "filed_on": str(a.filed_on),
        "deadline": str(a.deadline),
        "amount": str(a.amount) if a.amount is not None else None,
        "status": a.status,
        "court_of_appeal": a.court_of_appeal.name,
        "fee_order": str(a.fee_order_id) if a.fee_order_id else None,
        "appeal_case_number": a.appeal_case.case_number if a.appeal_case_id else None,
    }


OBJ = inline_serializer("JudgmentsObject", {"id": serializers.CharField()})


@extend_schema(responses={200: OBJ}, summary="The judgments and rulings of my cases")
@api_view(["GET"])
def decisions(request: Request) -> Response:
    rows = selectors.decisions_for_user(user=request.user).prefetch_related("documents")
    return Response({"results": [_decision(d, request.user) for d in rows]})


@extend_schema(
    responses={200: OBJ, **error_responses(404)},
    summary="A case's judgments, closing, appeals and trial limit",
)
@api_view(["GET"])
def case_status(request: Request, case_id) -> Response:
    case = case_get_for_user(user=request.user, case_id=case_id)
    limit = case_trial_limit(case=case)
    closing = getattr(case, "closing", None)
    return Response(
        {
            "case": str(case.id),
            "case_number": case.case_number,
            "status": case.status,
            "decisions": [_decision(d, request.user) for d in selectors.case_decisions(case=case)],
            "closing": {
                "method": closing.method,
                "closed_on": str(closing.closed_on),
                "settlement": closing.settlement,
            }
            if closing
            else None,
            "appeals": [
                _appeal(a) for a in selectors.appeals_for_user(user=request.user).filter(case=case)
            ],
            "trial_limit": {
                "procedure": limit.procedure,
                "ends_on": str(limit.end),
                "excluded_days": limit.excluded_days,
                "extension": limit.extension,
                "suspended": limit.suspended,
                "basis": list(limit.basis),
            },
        }
    )


APPEAL_IN = inline_serializer(
    "AppealCreate",
    {
        "requests": serializers.CharField(),
        "grounds": serializers.CharField(),
        "amount": serializers.DecimalField(max_digits=16, decimal_places=2, required=False),
        "party": serializers.UUIDField(required=False),
    },
)


@extend_schema(
    request=APPEAL_IN,
    responses={201: OBJ, **error_responses(400, 403, 404, 409)},
    summary="Lodge an appeal within the party's appeal period",
)
@api_view(["POST"])
def appeal_create(request: Request, case_id) -> Response:
    case = case_get_for_user(user=request.user, case_id=case_id)
    data = request.data
    appeal = services.appeal_file(
        case=case,
        user=request.user,
        requests=str(data.get("requests", "")),
        grounds=str(data.get("grounds", "")),
        amount=data.get("amount"),
        party_id=data.get("party"),
    )
    return Response(_appeal(appeal), status=201)
