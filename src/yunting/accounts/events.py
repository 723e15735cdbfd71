from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class AccountEvent(EventType):
    REGISTERED = "accounts.registered", _("Account registered")
    PROFILE_UPDATED = "accounts.profile_updated", _("Account details changed")
    PASSWORD_CHANGED = "accounts.password_changed", _("Password changed")
    ROLE_GRANTED = "accounts.role_granted", _("Role granted")
    TOTP_ENABLED = "accounts.totp_enabled", _("Two-factor authentication enabled")
    API_TOKEN_ISSUED = "accounts.api_token_issued", _("API token issued")
