from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EfileConfig(AppConfig):
    name = "yunting.efile"
    label = "efile"
    verbose_name = _("Electronic case file")

    def ready(self) -> None:
        from . import events  # noqa: F401 - registers the event types with the ledger
