from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("link/", views.link, name="link"),
    path("cases/<uuid:case_id>/", views.exchange_page, name="case"),
    path("cases/<uuid:case_id>/pleading/", views.pleading, name="pleading"),
    path("cases/<uuid:case_id>/propose/", views.propose, name="propose"),
    path("cases/<uuid:case_id>/consent/", views.consent, name="consent"),
    path("cases/<uuid:case_id>/limit/", views.limit, name="limit"),
    path("cases/<uuid:case_id>/time/", views.time_request, name="time_request"),
    path("cases/<uuid:case_id>/time/<uuid:request_id>/", views.time_decide, name="time_decide"),
    path("cases/<uuid:case_id>/items/", views.item_add, name="item_add"),
    path(
        "cases/<uuid:case_id>/items/<uuid:item_id>/withdraw/",
        views.item_withdraw,
        name="item_withdraw",
    ),
    path("cases/<uuid:case_id>/items/<uuid:item_id>/opinion/", views.opinion, name="opinion"),
    path("cases/<uuid:case_id>/rounds/", views.round_open, name="round_open"),
    path("cases/<uuid:case_id>/points/", views.point_add, name="point_add"),
    path(
        "cases/<uuid:case_id>/points/<uuid:point_id>/comment/",
        views.point_comment,
        name="point_comment",
    ),
    path("cases/<uuid:case_id>/report/", views.report, name="report"),
    path("cases/<uuid:case_id>/proposals/", views.proposal_post, name="proposal_post"),
    path(
        "cases/<uuid:case_id>/proposals/<uuid:proposal_id>/",
        views.proposal_act,
        name="proposal_act",
    ),
    path(
        "cases/<uuid:case_id>/agreements/<uuid:agreement_id>/",
        views.agreement_act,
        name="agreement_act",
    ),
]
