from django.urls import path

from . import views, views_room, views_witness

app_name = "hearings"
urlpatterns = [
    path("", views.my_hearings, name="my_hearings"),
    path("calendar/", views.calendar, name="calendar"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical"),
    path("case/<uuid:case_id>/new/", views.schedule, name="schedule"),
    path("w/<str:token>/", views_room.witness_link, name="witness"),
    path("<uuid:hearing_id>/", views.detail, name="detail"),
    path("<uuid:hearing_id>/answer/", views.answer, name="answer"),
    path("<uuid:hearing_id>/fix/", views.fix, name="fix"),
    path("<uuid:hearing_id>/witnesses/apply/", views_witness.apply, name="witness_apply"),
    path(
        "<uuid:hearing_id>/witnesses/<uuid:application_id>/",
        views_witness.application,
        name="witness_application",
    ),
    path(
        "<uuid:hearing_id>/witnesses/<uuid:application_id>/<slug:action>/",
        views_witness.application_action,
        name="witness_application_action",
    ),
    path("<uuid:hearing_id>/identity/", views_room.identity, name="identity"),
    path("<uuid:hearing_id>/prepare/", views_room.prepare, name="prepare"),
    path("<uuid:hearing_id>/room/", views_room.room_page, name="room"),
    path("<uuid:hearing_id>/recording/start/", views_room.recording_start, name="recording_start"),
    path(
        "<uuid:hearing_id>/recording/<uuid:recording_id>/",
        views_room.recording_chunk,
        name="recording_chunk",
    ),
    path("<uuid:hearing_id>/transcript/", views_room.transcript_page, name="transcript"),
    path("<uuid:hearing_id>/transcript/save/", views_room.transcript_save, name="transcript_save"),
    path(
        "<uuid:hearing_id>/transcript/<slug:action>/",
        views_room.transcript_action,
        name="transcript_action",
    ),
]
