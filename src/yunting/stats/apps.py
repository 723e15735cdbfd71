from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "yunting.stats"
    label = "stats"
    verbose_name = _("Court statistics")

    def ready(self) -> None:
        from . import queues  # noqa: F401 - registers the workbench entry
