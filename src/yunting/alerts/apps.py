from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "yunting.alerts"
    label = "alerts"
    verbose_name = _("Early warnings")

    def ready(self) -> None:
        from . import events, jobs, queues  # noqa: F401 - registers events, the job, the queues
