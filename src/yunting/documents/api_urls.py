from django.urls import path

from . import api

app_name = "documents_api"
urlpatterns = [
    path("documents/verify", api.VerifyView.as_view(), name="verify"),
]
