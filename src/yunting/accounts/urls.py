from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_recovery

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views_recovery.register, name="register"),
    path("register/confirm/", views_recovery.register_confirm, name="register_confirm"),
    path("password/reset/", views_recovery.password_reset, name="password_reset"),
    path(
        "password/reset/confirm/",
        views_recovery.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
]
