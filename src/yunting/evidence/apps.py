from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Defence, counterclaim and the asynchronous evidence exchange (答辩 · 反诉 · 异步质证)."""

    name = "yunting.evidence"
    label = "evidence"
    verbose_name = _("Defence and evidence exchange")

    def ready(self) -> None:
        from yunting.judgments.sources import register_draft_source

        from . import events  # noqa: F401  (registers the ledger event types)
        from .draft_sources import evidence_draft_source

        register_draft_source("evidence", evidence_draft_source)
