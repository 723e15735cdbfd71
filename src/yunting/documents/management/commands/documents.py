"""``yunting documents verify FILE.pdf``: the public verification, from the command line;
``yunting documents requests [--run]``: the documents waiting to be made after acceptance.

Prints one JSON object (``signature_valid``, ``signer``, ``unmodified``, ``ledger_sequence``,
…) and exits 0 only when the document is valid; 1 when it is not; 2 for bad input."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from yunting.core.management.jsoncommand import JsonCommand, fail
from yunting.documents.errors import DocumentError
from yunting.documents.verification import MAX_BYTES, verify_pdf


class Command(JsonCommand):
    help = "Verify a court document (PDF): signature, integrity and its ledger record."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify FILE.pdf; exit 1 when not valid.")
        verify.add_argument("file", help="The PDF to check.")
        requests = sub.add_parser(
            "requests", help="Count the documents waiting to be made; --run makes them here."
        )
        requests.add_argument("--run", action="store_true", help="Make the pending ones now.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "requests":
            self._requests(run=options["run"])
            return
        path = Path(options["file"])
        if not path.is_file():
            fail(f"No such file: {path}")
        if path.stat().st_size > MAX_BYTES:
            fail(f"The file is larger than {MAX_BYTES // 2**20} MB; no court document is.")
        try:
            report = verify_pdf(path.read_bytes())
        except DocumentError as exc:
            fail(exc.detail, code=exc.code)
        self.emit(report.as_dict())
        if not report.valid:
            raise SystemExit(1)

    def _requests(self, *, run: bool) -> None:
        """Acceptance notices waiting for a worker (or failed): counts, and with --run, made
        in this process — for a queue that lost its jobs."""
        from django.db.models import Count

        from yunting.documents.models import DocumentRequest
        from yunting.documents.requests import document_requests_run_pending

        issued = document_requests_run_pending() if run else 0
        counts = dict(
            DocumentRequest.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        self.emit({"issued_now": issued, "by_status": counts})
