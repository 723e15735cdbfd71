from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from yunting.cases import api as cases_api
from yunting.fees.api import LitigationFeeView
from yunting.filing import api as filing_api

from . import views
from .common import TokenObtainView

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/me", views.MeView.as_view(), name="me"),
    path(
        "v1/calculators/litigation-fee",
        LitigationFeeView.as_view(),
        name="litigation_fee",
    ),
    path("v1/auth/token", TokenObtainView.as_view(), name="auth_token"),
    path("v1/filings", filing_api.FilingListView.as_view(), name="filings"),
    path("v1/filings/<str:filing_id>", filing_api.FilingDetailView.as_view(), name="filing"),
    path(
        "v1/filings/<str:filing_id>/parties",
        filing_api.FilingPartyCreateView.as_view(),
        name="filing_parties",
    ),
    path(
        "v1/filings/<str:filing_id>/parties/<str:party_id>",
        filing_api.FilingPartyDeleteView.as_view(),
        name="filing_party",
    ),
    path(
        "v1/filings/<str:filing_id>/claims",
        filing_api.FilingClaimCreateView.as_view(),
        name="filing_claims",
    ),
    path(
        "v1/filings/<str:filing_id>/claims/<str:claim_id>",
        filing_api.FilingClaimDeleteView.as_view(),
        name="filing_claim",
    ),
    path(
        "v1/filings/<str:filing_id>/attachments",
        filing_api.FilingAttachmentCreateView.as_view(),
        name="filing_attachments",
    ),
    path(
        "v1/filings/<str:filing_id>/submit",
        filing_api.FilingSubmitView.as_view(),
        name="filing_submit",
    ),
    path("v1/cases", cases_api.CaseListView.as_view(), name="cases"),
    path("v1/cases/<str:case_id>", cases_api.CaseDetailView.as_view(), name="case"),
]
