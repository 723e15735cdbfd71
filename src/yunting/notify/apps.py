from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "yunting.notify"
    verbose_name = _("Notices (e-mail, SMS)")
