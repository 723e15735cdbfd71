"""Background work: archiving a closed case, and the daily pass (effect, reminders)."""

from __future__ import annotations

from django_tasks import task


@task()
def archive_closed_case(*, case_id: str) -> str:
    """Closing starts the archive (单套制): built after the closing transaction commits."""
    from yunting.cases.models import Case
    from yunting.efile.archive import efile_archive
    from yunting.efile.models import Efile, EfileStatus

    case = Case.objects.get(pk=case_id)
    if Efile.objects.filter(case=case, status=EfileStatus.ARCHIVED).exists():
        return "already archived"
    archive = efile_archive(case=case, actor=None)
    return str(archive.pk)


@task()
def judgments_tick() -> dict:
    """Run daily (``yunting judgments tick`` from cron, or enqueue this task)."""
    from .services import effects_check_all, limit_reminders_send

    return {"effective": effects_check_all(), "reminders": limit_reminders_send()}
