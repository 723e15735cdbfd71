"""Load the demo court system and one user per role (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yunting.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load demo courts, departments, courtrooms and one user per role (idempotent)."

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for login in logins:
            self.stdout.write(
                f"  {login.role_label:<28} {login.phone}  {login.name}  ({login.court})"
            )
