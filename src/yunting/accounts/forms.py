from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .lockout import account_held
from .models import IdType, User

ACCOUNT_HELD = _(
    "Too many failed log-ins for this account, from several places. It is held for 30 "
    "minutes; if you forgot the password, use “Forgot password”."
)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Mobile phone or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Wrong phone/email or password. Please try again; after 5 failed attempts the "
            "account is locked for 30 minutes."
        ),
        "inactive": _("This account is disabled. Please contact the court."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm copies the model's USERNAME_FIELD length (a phone: 11) onto the
        # field and its maxlength attribute, which would cut an e-mail address in the browser.
        field = self.fields["username"]
        field.max_length = 254
        field.widget.attrs["maxlength"] = "254"

    def clean(self) -> dict:
        if account_held(self.data.get("username", "")):
            raise forms.ValidationError(ACCOUNT_HELD, code="account_held")
        return super().clean()


class RegisterForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["name", "phone", "email", "id_type", "id_number"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_type"].choices = IdType.choices
        self.fields["id_number"].required = True

    def validate_unique(self) -> None:
        """Not here: saying "this phone is registered" would tell anyone who has an account.
        The phone is proved by a code first (accounts.recovery), then the service checks."""

    def _post_clean(self) -> None:
        # The model's unique constraints (e-mail, ID number) would reveal accounts the same
        # way: the form checks fields only; the service checks the rest once the phone is proved.
        instance = self.instance
        instance.validate_constraints = lambda *args, **kwargs: None
        try:
            super()._post_clean()
        finally:
            del instance.validate_constraints

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits of the code you received.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("Mobile phone or email"),
        max_length=254,
        help_text=_("The code goes to the phone or e-mail address you enter here."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "maxlength": "254"}),
    )


class ResetConfirmForm(CodeForm):
    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "email"]


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
