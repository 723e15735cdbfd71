from django.urls import path

from . import api

app_name = "service_api"
urlpatterns = [
    path("service/inbox/", api.InboxView.as_view(), name="inbox"),
    path(
        "service/inbox/<uuid:attempt_id>/acknowledge/",
        api.AcknowledgeView.as_view(),
        name="acknowledge",
    ),
]
