"""Log in with the mobile number or the email address, whichever the person remembers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .lockout import account_failed, account_held
from .models import normalize_phone


class PhoneOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ):
        if not username or password is None:
            return None
        user_model = get_user_model()
        username = username.strip()
        if account_held(username):  # too many failures from all addresses together
            user_model().set_password(password)
            return None
        if "@" in username:
            user = user_model.objects.filter(email=username.lower()).first()
        else:
            user = user_model.objects.filter(phone=normalize_phone(username)).first()
        if user is None:
            # Spend the same time as a real check so response time does not reveal accounts.
            user_model().set_password(password)
            account_failed(username)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        account_failed(username)
        return None
