"""``yunting efile archive "（2026）沪0105民初3号" --out DIR`` and ``yunting efile verify DIR``."""

from __future__ import annotations

from yunting.core.management.jsoncommand import JsonCommand, fail


class Command(JsonCommand):
    help = "Archive a closed case's e-file into a directory, or verify a written archive."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        archive = sub.add_parser("archive", help="Archive (if not yet) and write the files.")
        archive.add_argument("case_number")
        archive.add_argument("--out", required=True)
        verify = sub.add_parser("verify", help="Check a written archive; exit 1 on a mismatch.")
        verify.add_argument("directory")

    def handle(self, *args, **options) -> None:
        if options["action"] == "verify":
            from yunting.efile.verify import verify_dir

            report = verify_dir(options["directory"])
            self.emit(report)
            if not report["valid"]:
                raise SystemExit(1)
            return
        self._archive(options["case_number"], options["out"])

    def _archive(self, case_number: str, out: str) -> None:
        from yunting.cases.models import Case
        from yunting.efile.archive import archive_export, efile_archive
        from yunting.efile.errors import EfileError
        from yunting.efile.models import Archive, EfileStatus

        case = (
            Case.objects.select_related("court", "clerk", "judge")
            .filter(case_number=case_number.strip())
            .first()
        )
        if case is None:
            fail(f"No case numbered {case_number}.")
        try:
            efile = getattr(case, "efile", None)
            if efile is not None and efile.status == EfileStatus.ARCHIVED:
                archive = Archive.objects.filter(efile=efile).first()
            else:
                archive = efile_archive(case=case, actor=None)
            files = archive_export(archive=archive, out_dir=out)
        except EfileError as exc:
            fail(exc.message, code=exc.code)
        except OSError as exc:
            fail(f"Cannot write to {out}: {exc.strerror}")
        self.emit(
            {
                "case_number": case.case_number,
                "archive": str(archive.id),
                "ledger_seq": archive.ledger_seq,
                "files": files,
                "volumes": [files[n] for n in sorted(files) if n.startswith("volume-")],
                "manifest": files.get("manifest.pdf"),
            }
        )
