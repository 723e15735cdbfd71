from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "yunting.service"
    label = "service"
    verbose_name = _("Service of documents")

    def ready(self) -> None:
        from yunting.documents.signals import document_issued
        from yunting.judgments.sources import register_closing_blocker

        from . import events, jobs, queues  # noqa: F401 - event types, periodic job, queues
        from .receivers import open_tasks_on_issue
        from .selectors import open_tasks_blocking_closing

        document_issued.connect(open_tasks_on_issue, dispatch_uid="yunting-service-open-tasks")
        register_closing_blocker("service", open_tasks_blocking_closing)
