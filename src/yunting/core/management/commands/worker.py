"""``yunting worker``: run background tasks from whichever queue the settings chose, and the
periodic jobs (``core.periodic``: webhook retries) in a thread beside them."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from yunting.core.periodic import Runner


class Command(BaseCommand):
    help = "Run the background task worker (database queue, or Redis/RQ when REDIS_URL is set)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Do not run the periodic jobs (webhook retries) in this worker.",
        )

    def handle(self, *args, batch: bool = False, no_periodic: bool = False, **options) -> None:
        runner = None
        if not batch and not no_periodic:
            runner = Runner()
            runner.start()
        try:
            self._work(batch=batch)
        finally:
            if runner is not None:
                runner.stop()

    def _work(self, *, batch: bool) -> None:
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
