"""``judgments tick`` as a periodic job of ``yunting worker``: each run enqueues the
``judgments_tick`` task (judgments taking effect; trial-limit reminders, once a day per case
and state), which is idempotent, so running it hourly does the daily work on time."""

from yunting.core.periodic import periodic


@periodic(every=3600, setting="YUNTING_JUDGMENTS_TICK_SECONDS")
def judgments_tick_job():
    from .tasks import judgments_tick

    return judgments_tick.enqueue()
