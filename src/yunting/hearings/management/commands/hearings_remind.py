"""``yunting hearings_remind``: queue the due day-before and hour-before hearing reminders."""

from django.core.management.base import BaseCommand

from yunting.hearings.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the due hearing reminders (the day before, an hour before) by SMS."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{reminders_send()} reminders queued")
