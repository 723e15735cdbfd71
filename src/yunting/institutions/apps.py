from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "yunting.institutions"
    label = "institutions"
    verbose_name = _("Institution API")

    def ready(self) -> None:
        from . import events, webhooks  # noqa: F401  (event types; the ledger listener)
