from django.urls import path

from . import api, api_disputes

app_name = "institutions_api"
PREFIX = "institution"
urlpatterns = [
    path("schemas/filing/<str:version>.json", api.SchemaView.as_view(), name="schema_filing"),
    path(
        "schemas/dispute/<str:version>.json",
        api_disputes.DisputeSchemaView.as_view(),
        name="schema_dispute",
    ),
    path(f"{PREFIX}/keys", api.KeyListView.as_view(), name="keys"),
    path(f"{PREFIX}/keys/<str:id>", api.KeyDetailView.as_view(), name="key"),
    path(f"{PREFIX}/keys/<str:id>/rotate", api.KeyRotateView.as_view(), name="key_rotate"),
    path(f"{PREFIX}/keys/<str:id>/requests", api.KeyRequestsView.as_view(), name="key_requests"),
    path(f"{PREFIX}/files", api.FileUploadView.as_view(), name="files"),
    path(f"{PREFIX}/filings", api.StandardFilingView.as_view(), name="filings"),
    path(f"{PREFIX}/batches", api.BatchCreateView.as_view(), name="batches"),
    path(f"{PREFIX}/batches/<str:id>", api.BatchDetailView.as_view(), name="batch"),
    path(f"{PREFIX}/batches/<str:id>/report", api.BatchReportView.as_view(), name="batch_report"),
    path(
        f"{PREFIX}/batches/<str:id>/report.xlsx",
        api.BatchReportXlsxView.as_view(),
        name="batch_report_xlsx",
    ),
    path(f"{PREFIX}/webhooks", api.EndpointListView.as_view(), name="webhooks"),
    path(f"{PREFIX}/webhooks/<str:id>", api.EndpointDetailView.as_view(), name="webhook"),
    path(
        f"{PREFIX}/webhooks/<str:id>/deliveries",
        api.EndpointDeliveriesView.as_view(),
        name="webhook_deliveries",
    ),
    path(
        f"{PREFIX}/webhooks/<str:id>/deliveries/<str:delivery_id>/redeliver",
        api.DeliveryRedeliverView.as_view(),
        name="webhook_delivery_redeliver",
    ),
    path(f"{PREFIX}/disputes", api_disputes.DisputeListView.as_view(), name="disputes"),
    path(f"{PREFIX}/disputes/<str:id>", api_disputes.DisputeDetailView.as_view(), name="dispute"),
    path("events", api.EventFeedView.as_view(), name="events"),
]
