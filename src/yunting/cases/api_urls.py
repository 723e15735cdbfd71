from django.urls import path

from . import api

app_name = "cases_api"
urlpatterns = [
    path("cases", api.CaseListView.as_view(), name="cases"),
    path("cases/<str:case_id>", api.CaseDetailView.as_view(), name="case"),
]
