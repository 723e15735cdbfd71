from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "yunting.filing"
    label = "filing"
    verbose_name = _("Online filing")

    def ready(self) -> None:
        from . import events, queues  # noqa: F401  (register event types and workbench queues)
