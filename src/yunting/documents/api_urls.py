from django.urls import path

from . import api

app_name = "documents_api"
urlpatterns = [
    path("verify", api.VerifyView.as_view(), name="verify"),
]
