from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgmentsConfig(AppConfig):
    name = "yunting.judgments"
    label = "judgments"
    verbose_name = _("Judgments, closing, time limits and appeal")

    def ready(self) -> None:
        from . import events, queues, sources  # noqa: F401  (event types, queues, hooks)

        sources.register_defaults()
