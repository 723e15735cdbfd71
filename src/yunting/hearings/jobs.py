"""The hearing reminders as a periodic job of ``yunting worker`` (``core.periodic``), so they
need no cron: each run queues the due day-before and hour-before SMS, each once (the hearing
row is stamped), so several workers' runners never send one twice."""

from yunting.core.periodic import periodic


@periodic(every=300, setting="YUNTING_HEARING_REMIND_SECONDS")
def hearing_reminders() -> int:
    from .reminders import reminders_send

    return reminders_send()
