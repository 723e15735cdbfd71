from django.urls import path

from . import views, views_requests

app_name = "documents"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("case/<uuid:case_id>/", views.case_documents, name="case"),
    path("<uuid:document_id>/download/", views.download, name="download"),
    path("templates/", views.templates, name="templates"),
    path("templates/<slug:code>/", views.template_edit, name="template_edit"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<uuid:batch_id>/", views.batch_detail, name="batch"),
    path("batches/<uuid:batch_id>/status/", views.batch_status, name="batch_status"),
    path("requests/<uuid:request_id>/retry/", views_requests.request_retry, name="request_retry"),
]
