"""Recipient links, kept short for SMS: /s/<key>.<sig>."""

from django.urls import path

from . import views

app_name = "service_link"
urlpatterns = [
    path("<str:token>/", views.link_open, name="open"),
    path("<str:token>/document/", views.link_document, name="document"),
    path("<str:token>/acknowledge/", views.link_acknowledge, name="acknowledge"),
]
