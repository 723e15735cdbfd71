from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "yunting.fees"
    label = "fees"
    verbose_name = _("Court fees")

    def ready(self) -> None:
        from . import events, queues  # noqa: F401  (register event types and workbench queues)
