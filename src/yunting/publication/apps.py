from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "yunting.publication"
    label = "publication"
    verbose_name = _("Publication of judgments")

    def ready(self) -> None:
        from . import events, queues  # noqa: F401 - registers event types and workbench queues
