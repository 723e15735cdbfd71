"""The daily digest of early warnings: one row per person and day, so it is sent once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Digest(models.Model):
    """The digest of ``day`` for ``user``: written in the transaction that queues the e-mail,
    so a second run on the same day (another worker, a restart) finds it and sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests"
    )
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("warnings listed"))
    counts = models.JSONField(_("warnings by list"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="alert_digest_once_a_day")
        ]
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
