from django.urls import path

from . import api

app_name = "accounts_api"
urlpatterns = [
    path("me", api.MeView.as_view(), name="me"),
    path("auth/token", api.TokenObtainView.as_view(), name="auth_token"),
]
