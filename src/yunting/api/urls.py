"""The REST API v1, mounted in one place: each app keeps its endpoints in ``api.py`` and their
routes in ``api_urls.py`` (namespace ``<app>_api``), included here under ``/api/v1/``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

V1 = [
    "yunting.accounts.api_urls",
    "yunting.fees.api_urls",
    "yunting.filing.api_urls",
    "yunting.cases.api_urls",
    "yunting.documents.api_urls",
    "yunting.ledger.api_urls",
    "yunting.efile.api_urls",
    "yunting.service.api_urls",
    "yunting.judgments.api_urls",
    "yunting.evidence.api_urls",
    "yunting.institutions.api_urls",
]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
