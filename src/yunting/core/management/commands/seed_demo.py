"""Load the demo court system and one user per role (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yunting.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load demo courts, departments, courtrooms and one user per role (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-filings", action="store_true", help="Only courts and people, no demo filings."
        )

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        if not options["no_filings"]:
            from yunting.filing.demo import seed_demo_filings

            created = seed_demo_filings()
            if created:
                self.stdout.write(f"Demo filings and cases created: {created}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for login in logins:
            self.stdout.write(
                f"  {login.role_label:<28} {login.phone}  {login.name}  ({login.court})"
            )
