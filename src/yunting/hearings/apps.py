from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "yunting.hearings"
    label = "hearings"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from yunting.judgments.sources import register_draft_source

        from . import events, jobs, queues  # noqa: F401 - event types, periodic job, queue
        from .draft_sources import hearing_draft_source

        register_draft_source("hearings", hearing_draft_source)
