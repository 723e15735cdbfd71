from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    """Online and pre-litigation mediation (在线调解 · 诉前调解 · 诉非联动)."""

    name = "yunting.mediation"
    label = "mediation"
    verbose_name = _("Online mediation")

    def ready(self) -> None:
        from . import events, queues  # noqa: F401 - registers event types and workbench queues
