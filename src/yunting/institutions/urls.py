from django.urls import path

from . import views

app_name = "institutions"
urlpatterns = [
    path("", views.home, name="home"),
    path("keys/new/", views.key_create, name="key_create"),
    path("keys/<uuid:key_id>/", views.key_log, name="key_log"),
    path("keys/<uuid:key_id>/rotate/", views.key_rotate, name="key_rotate"),
    path("keys/<uuid:key_id>/revoke/", views.key_revoke, name="key_revoke"),
    path("webhooks/new/", views.endpoint_create, name="endpoint_create"),
    path("webhooks/<uuid:endpoint_id>/", views.endpoint, name="endpoint"),
    path("webhooks/<uuid:endpoint_id>/remove/", views.endpoint_remove, name="endpoint_remove"),
    path("deliveries/<uuid:delivery_id>/redeliver/", views.redeliver, name="redeliver"),
]
