from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "yunting.hearings"
    label = "hearings"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from yunting.judgments.sources import register_draft_source

        from . import events, queues  # noqa: F401 - registers event types and the queue
        from .draft_sources import hearing_draft_source

        register_draft_source("hearings", hearing_draft_source)
