"""Test-run isolation that needs a dotted path in the settings (used only when TESTING)."""

from __future__ import annotations

import os

from django_rq.queues import DjangoRQ


class WorkerQueue(DjangoRQ):
    """An RQ queue whose Redis keys carry the pytest-xdist worker id: two workers sharing a
    Redis database each run (and empty) only the jobs they enqueued."""

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    redis_queue_namespace_prefix = f"rq:queue:{_worker}:"
