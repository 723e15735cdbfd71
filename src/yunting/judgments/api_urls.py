from django.urls import path

from . import api

app_name = "judgments_api"
urlpatterns = [
    path("judgments/decisions", api.decisions, name="decisions"),
    path("judgments/cases/<uuid:case_id>", api.case_status, name="case"),
    path("judgments/cases/<uuid:case_id>/appeals", api.appeal_create, name="appeals"),
]
