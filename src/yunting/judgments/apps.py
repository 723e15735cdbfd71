from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgmentsConfig(AppConfig):
    name = "yunting.judgments"
    label = "judgments"
    verbose_name = _("Judgments, closing, time limits and appeal")

    def ready(self) -> None:
        from . import events, jobs, queues, sources  # noqa: F401  (events, job, queues, hooks)

        sources.register_defaults()
