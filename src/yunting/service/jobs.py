"""``service_daily`` as a periodic job of ``yunting worker``: each run enqueues the
``service_daily`` task (public notices completed on their 30th day; period reminders, once per
clock and day), which is idempotent, so running it hourly does the daily work on time."""

from yunting.core.periodic import periodic


@periodic(every=3600, setting="YUNTING_SERVICE_DAILY_SECONDS")
def service_daily_job():
    from .tasks import service_daily

    return service_daily.enqueue()
