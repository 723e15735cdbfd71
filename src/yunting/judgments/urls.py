from django.urls import path

from . import views

app_name = "judgments"
urlpatterns = [
    path("case/<uuid:case_id>/", views.case_page, name="case"),
    path("draft/<uuid:draft_id>/", views.draft_page, name="draft"),
    path("limits/", views.limits, name="limits"),
    path("appeals/out/", views.appeals_out, name="appeals_out"),
    path("appeals/in/", views.appeals_in, name="appeals_in"),
    path("my/<uuid:case_id>/", views.my_case, name="my_case"),
    path("decision/<uuid:decision_id>/certificate/", views.certificate, name="certificate"),
    path(
        "withdrawal/<uuid:withdrawal_id>/decide/", views.withdrawal_decide, name="withdrawal_decide"
    ),
]
