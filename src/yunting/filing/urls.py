from django.urls import path

from . import views, views_batch, views_calculators, views_guided, views_review

app_name = "filing"
urlpatterns = [
    path("", views.filing_list, name="start"),
    path("new/", views.filing_start, name="new"),
    path("causes/", views.cause_options, name="cause_options"),
    path("<uuid:filing_id>/", views.filing_detail, name="detail"),
    path("<uuid:filing_id>/basics/", views.step_basics, name="step_basics"),
    path("<uuid:filing_id>/parties/", views.step_parties, name="step_parties"),
    path(
        "<uuid:filing_id>/parties/<uuid:party_id>/remove/", views.party_remove, name="party_remove"
    ),
    path("<uuid:filing_id>/claims/", views.step_claims, name="step_claims"),
    path(
        "<uuid:filing_id>/claims/<uuid:claim_id>/remove/", views.claim_remove, name="claim_remove"
    ),
    path("<uuid:filing_id>/attachments/", views.step_attachments, name="step_attachments"),
    path(
        "<uuid:filing_id>/attachments/<uuid:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "<uuid:filing_id>/attachments/<uuid:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<uuid:filing_id>/review/", views.step_review, name="step_review"),
    path(
        "calculators/interest/",
        views_calculators.interest_calculator,
        name="interest_calculator",
    ),
    path("calculators/traffic/", views_calculators.traffic_calculator, name="traffic_calculator"),
    path("guided/", views_guided.guided_index, name="guided_index"),
    path("guided/new/<slug:kind>/", views_guided.guided_new, name="guided_new"),
    path("<uuid:filing_id>/guided/<slug:step>/", views_guided.guided_step, name="guided_step"),
    path(
        "<uuid:filing_id>/guided/parties/<uuid:party_id>/remove/",
        views_guided.guided_party_remove,
        name="guided_party_remove",
    ),
    path("review/", views_review.review_queue, name="review_queue"),
    path("review/batch/", views_batch.batch_start, name="batch_start"),
    path("review/batch/<uuid:batch_id>/", views_batch.batch_detail, name="batch"),
    path("review/batch/<uuid:batch_id>/status/", views_batch.batch_status, name="batch_status"),
    path("review/<uuid:filing_id>/", views_review.review_detail, name="review_detail"),
    path("review/<uuid:filing_id>/accept/", views_review.review_accept, name="review_accept"),
    path(
        "review/<uuid:filing_id>/correction/",
        views_review.review_correction,
        name="review_correction",
    ),
    path("review/<uuid:filing_id>/refuse/", views_review.review_refuse, name="review_refuse"),
    path(
        "review/<uuid:filing_id>/parties/<uuid:party_id>/reveal-id/",
        views_review.review_reveal_id,
        name="review_reveal_id",
    ),
]
