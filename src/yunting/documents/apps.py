from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "yunting.documents"
    label = "documents"
    verbose_name = _("Court documents")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import events  # noqa: F401 - registers the event types with the ledger

        post_migrate.connect(_seed_after_migrate, sender=self, dispatch_uid="yunting-doc-seed")


def _seed_after_migrate(**kwargs) -> None:
    """Load the shipped templates as version 1 so a fresh court can issue at once."""
    from .catalogue import seed_templates

    seed_templates(using=kwargs.get("using", "default"))
