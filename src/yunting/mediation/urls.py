from django.urls import path

from . import stats_views, views

app_name = "mediation"
urlpatterns = [
    path("mine/", views.my_disputes, name="my"),
    path("register/", views.register, name="register"),
    path("d/<uuid:dispute_id>/", views.dispute_detail, name="dispute"),
    path("d/<uuid:dispute_id>/answer/", views.answer, name="answer"),
    path("d/<uuid:dispute_id>/choose/", views.choose, name="choose"),
    path("d/<uuid:dispute_id>/post/", views.post_joint, name="post"),
    path("d/<uuid:dispute_id>/side/<uuid:party_id>/post/", views.post_side, name="post_side"),
    path("d/<uuid:dispute_id>/evidence/", views.evidence, name="evidence"),
    path("d/<uuid:dispute_id>/address/", views.address, name="address"),
    path("d/<uuid:dispute_id>/sign/<uuid:agreement_id>/", views.sign, name="sign"),
    path("d/<uuid:dispute_id>/apply/", views.apply_confirmation, name="apply"),
    path("d/<uuid:dispute_id>/withdraw/", views.withdraw, name="withdraw"),
    path("d/<uuid:dispute_id>/convert/", views.convert, name="convert"),
    path("desk/", views.queue, name="queue"),
    path("desk/mine/", views.mine, name="mine"),
    path("desk/confirmations/", views.confirmations, name="confirmations"),
    path("desk/network/", views.network, name="network"),
    path("desk/statistics/", stats_views.statistics_page, name="statistics"),
    path("desk/statistics.csv", stats_views.statistics_csv, name="statistics_csv"),
    path("desk/d/<uuid:dispute_id>/", views.staff_dispute, name="staff_dispute"),
    path("desk/d/<uuid:dispute_id>/assign/", views.assign, name="assign"),
    path("desk/d/<uuid:dispute_id>/facts/", views.facts, name="facts"),
    path("desk/d/<uuid:dispute_id>/extend/", views.extend, name="extend"),
    path("desk/d/<uuid:dispute_id>/agreement/", views.draft, name="draft"),
    path("desk/d/<uuid:dispute_id>/rule/", views.rule, name="rule"),
    path("desk/refer/<uuid:filing_id>/", views.refer, name="refer"),
]
