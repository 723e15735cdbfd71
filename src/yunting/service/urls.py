from django.urls import path

from . import views, views_staff

app_name = "service"
urlpatterns = [
    path("mine/", views.my_service, name="my_service"),
    path("mine/case/<uuid:case_id>/addresses/", views.my_addresses, name="my_addresses"),
    path("inbox/<uuid:attempt_id>/read/", views.inbox_read, name="inbox_read"),
    path("notices/", views.notices, name="notices"),
    path("notices/<uuid:notice_id>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("desk/", views_staff.queue, name="queue"),
    path("desk/overdue/", views_staff.queue, {"overdue": True}, name="overdue"),
    path("desk/action/", views_staff.queue_action, name="queue_action"),
    path("desk/dashboard/", views_staff.dashboard, name="dashboard"),
    path("desk/postal-import/", views_staff.postal_import_view, name="postal_import"),
    path("tasks/<uuid:task_id>/", views_staff.task_detail, name="task"),
    path("tasks/<uuid:task_id>/serve/", views_staff.task_serve, name="task_serve"),
    path("tasks/<uuid:task_id>/withdraw/", views_staff.task_withdraw, name="task_withdraw"),
    path("attempts/<uuid:attempt_id>/postal/", views_staff.attempt_postal, name="attempt_postal"),
    path("batches/<uuid:batch_id>/", views_staff.batch_detail, name="batch"),
    path("batches/<uuid:batch_id>/postal.pdf", views_staff.batch_pdf, name="batch_pdf"),
    path("case/<uuid:case_id>/", views_staff.case_service, name="case"),
    path(
        "case/<uuid:case_id>/parties/<uuid:party_id>/addresses/",
        views_staff.party_addresses,
        name="addresses",
    ),
]
