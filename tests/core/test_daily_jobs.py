"""The daily jobs that cron used to run are periodic jobs of ``yunting worker``: each run
enqueues its task, which the real worker runs (and which is safe to run again)."""

from __future__ import annotations

import pytest

from yunting.core.periodic import JOBS

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed tasks


@pytest.mark.parametrize(
    ("name", "setting", "keys"),
    [
        (
            "yunting.judgments.jobs.judgments_tick_job",
            "YUNTING_JUDGMENTS_TICK_SECONDS",
            {"effective", "reminders"},
        ),
        (
            "yunting.service.jobs.service_daily_job",
            "YUNTING_SERVICE_DAILY_SECONDS",
            {"notices_completed", "reminders"},
        ),
    ],
)
def test_daily_job_enqueues_its_task_and_the_worker_runs_it(demo, run_worker, name, setting, keys):
    job = JOBS[name]
    assert job.setting == setting
    result = job.func()
    run_worker()
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert set(result.return_value) == keys
