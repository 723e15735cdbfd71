"""Periodic jobs run by the worker itself: ``yunting worker`` starts a :class:`Runner` thread
beside the task queue, which calls every registered job at its interval, so work that falls
due with time (webhook retries) happens without cron or anyone calling it.

A job registers with ``@periodic(every=<seconds>, setting=<name>)``; the setting, when the
settings define it, overrides the interval. A job must be safe to run in several workers at
once (each ``yunting worker`` process runs its own runner) and should be quick: it enqueues
tasks rather than doing the work itself. The daily jobs (``judgments tick``, ``service_daily``,
the early-warning digest) run hourly and are idempotent per day; docs/operations.md lists
them all."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    every: float
    setting: str = ""

    def interval(self) -> float:
        return float(getattr(settings, self.setting, self.every) if self.setting else self.every)


JOBS: dict[str, Job] = {}


def periodic(*, every: float, setting: str = "") -> Callable:
    def register(func: Callable) -> Callable:
        name = f"{func.__module__}.{func.__qualname__}"
        JOBS[name] = Job(name=name, func=func, every=every, setting=setting)
        return func

    return register


def run_job(job: Job) -> None:
    """One run, its failure logged (the next run tries again), its connection closed."""
    try:
        job.func()
    except Exception:
        logger.exception("Periodic job %s failed", job.name)
    finally:
        connection.close()


class Runner(threading.Thread):
    """Calls each job at once on start, then every ``job.interval()`` seconds, until stopped."""

    def __init__(self, jobs: list[Job] | None = None) -> None:
        super().__init__(name="yunting-periodic", daemon=True)
        self.jobs = list(JOBS.values()) if jobs is None else jobs
        self.stopping = threading.Event()

    def run(self) -> None:
        due = dict.fromkeys((job.name for job in self.jobs), 0.0)
        while not self.stopping.is_set() and self.jobs:
            for job in self.jobs:
                if time.monotonic() >= due[job.name]:
                    run_job(job)
                    due[job.name] = time.monotonic() + job.interval()
            self.stopping.wait(max(0.05, min(due.values()) - time.monotonic()))

    def stop(self) -> None:
        self.stopping.set()
