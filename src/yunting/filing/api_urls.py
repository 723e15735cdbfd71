from django.urls import path

from . import api

app_name = "filing_api"
FILING = "filings/<str:filing_id>"
urlpatterns = [
    path("filings", api.FilingListView.as_view(), name="filings"),
    path(FILING, api.FilingDetailView.as_view(), name="filing"),
    path(f"{FILING}/parties", api.FilingPartyCreateView.as_view(), name="filing_parties"),
    path(
        f"{FILING}/parties/<str:party_id>", api.FilingPartyDeleteView.as_view(), name="filing_party"
    ),
    path(f"{FILING}/claims", api.FilingClaimCreateView.as_view(), name="filing_claims"),
    path(
        f"{FILING}/claims/<str:claim_id>", api.FilingClaimDeleteView.as_view(), name="filing_claim"
    ),
    path(
        f"{FILING}/attachments", api.FilingAttachmentCreateView.as_view(), name="filing_attachments"
    ),
    path(f"{FILING}/submit", api.FilingSubmitView.as_view(), name="filing_submit"),
]
