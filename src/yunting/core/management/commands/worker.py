"""``yunting worker``: run background tasks from whichever queue the settings chose."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (database queue, or Redis/RQ when REDIS_URL is set)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args, batch: bool = False, **options) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq"):
            # A batch run works in-process (no fork), as tests and one-off runs need.
            worker_class = "rq.worker.SimpleWorker" if batch else None
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                with_scheduler=not batch,
                burst=batch,
                worker_class=worker_class,
            )
        else:
            call_command("db_worker", batch=batch)
