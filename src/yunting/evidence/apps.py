from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Defence, counterclaim and the asynchronous evidence exchange (答辩 · 反诉 · 异步质证)."""

    name = "yunting.evidence"
    label = "evidence"
    verbose_name = _("Defence and evidence exchange")

    def ready(self) -> None:
        from yunting.judgments.sources import register_draft_source, register_method_blocker
        from yunting.service.kinds import register_on_served

        from . import events  # noqa: F401  (registers the ledger event types)
        from .draft_sources import evidence_draft_source
        from .services.mediation import (
            STATEMENT_TEMPLATE,
            mediation_closing_blocker,
            statement_served,
        )

        register_draft_source("evidence", evidence_draft_source)
        register_on_served(STATEMENT_TEMPLATE, "evidence", statement_served)
        register_method_blocker("mediation", "evidence", mediation_closing_blocker)
