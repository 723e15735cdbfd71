"""Load the demo court system and one user per role (idempotent)."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand

from yunting.alerts.demo import seed_demo_alerts
from yunting.demo.people import DEMO_PASSWORD, seed_demo
from yunting.demo.throughput import seed_demo_batch
from yunting.efile.demo import seed_demo_efile
from yunting.evidence.demo import seed_demo_evidence
from yunting.filing.demo import demo_pdf, seed_demo_filings
from yunting.hearings.demo import seed_demo_exchange_hearing, seed_demo_hearings
from yunting.institutions.demo import seed_demo_institutions
from yunting.judgments.demo import seed_demo_judgments
from yunting.ledger.demo import seed_demo_chain
from yunting.mediation.demo import seed_demo_mediation
from yunting.publication.demo import seed_demo_publication
from yunting.service.demo import seed_demo_service


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: Chinese characters (wide, full-width) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def pad(text: str, width: int) -> str:
    return str(text) + " " * max(0, width - display_width(text))


class Command(BaseCommand):
    help = "Load demo courts, departments, courtrooms and one user per role (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-filings", action="store_true", help="Only courts and people, no demo filings."
        )

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        if not options["no_filings"]:
            created = seed_demo_filings()
            seed_demo_efile()
            seed_demo_service()
            judged = seed_demo_judgments(DEMO_PASSWORD)
            if judged:
                self.stdout.write(
                    "Demo judgments (drafting, signed, effective, archived, appeal): "
                    + ", ".join(judged)
                )
            published = seed_demo_publication()
            if published:
                self.stdout.write("Demo judgments published online: " + ", ".join(published))
            seed_demo_hearings()
            seed_demo_evidence()
            seed_demo_exchange_hearing()
            seed_demo_mediation(DEMO_PASSWORD)
            created += seed_demo_batch()
            seed_demo_institutions(demo_pdf)
            seed_demo_chain(demo_pdf)
            created += seed_demo_alerts()
            if created:
                self.stdout.write(f"Demo filings and cases created: {created}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Logins (password for all: {DEMO_PASSWORD}):")
        )
        from yunting.judgments.people import ensure_judgment_people

        rows = [
            (login.role_label, login.phone, login.email, login.name, login.court)
            for login in logins
        ] + [
            (label, phone, f"{phone}@demo.yunting.invalid", name, court)
            for label, phone, name, court in ensure_judgment_people(DEMO_PASSWORD)
        ]
        widths = [max(display_width(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [pad(cell, width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[4]]))
