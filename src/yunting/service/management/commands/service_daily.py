"""Daily service work (run from cron): complete public notices whose 30 days have passed and
send the reminders before legal periods end."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", default="", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:
        from yunting.service.tasks import service_daily

        result = service_daily.call(today=options["today"])
        self.stdout.write(f"{result}")
