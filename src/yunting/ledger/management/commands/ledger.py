"""``yunting ledger verify|export|sign|rotate-key|status``: operating the tamper-evident log."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, transaction

from yunting.ledger import audit, keys, services
from yunting.ledger.events import ledger_exported
from yunting.ledger.selectors import current_size, latest_signed_head


class Command(BaseCommand):
    help = "Verify, export, sign or re-key the ledger (司法链存证)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Recompute the tree; exit 1 naming the first bad entry."
        )
        verify.add_argument(
            "--export",
            help="Verify an export directory instead (this court's or another court's log).",
        )
        verify.add_argument(
            "--witness",
            action="append",
            help="Trust only these witness verifier keys (repeatable); default: the export's.",
        )
        verify.add_argument(
            "--quorum", type=int, help="Cosignatures a head needs (default: the export's)."
        )
        verify.add_argument("--bundle", help="Verify a proof bundle from another court's log.")
        verify.add_argument("--log-key", action="append", help="Trusted log verifier key.")
        proof = sub.add_parser("proof", help="Write the proof bundle of a document hash.")
        proof.add_argument("--hash", required=True)
        wadd = sub.add_parser("witness-add", help="Register a witness by its verifier key.")
        wadd.add_argument("vkey")
        wadd.add_argument("--organisation", default="")
        wret = sub.add_parser("witness-retire", help="Stop counting a witness's cosignatures.")
        wret.add_argument("name")
        sub.add_parser("witnesses", help="Print the witnesses, the quorum and the latest heads.")
        sub.add_parser("vkey", help="Print this log's verifier key (what witnesses pin).")
        export = sub.add_parser("export", help="Write entries, heads and public keys.")
        export.add_argument("--out", required=True, help="Directory to write into.")
        sign = sub.add_parser("sign", help="Sign a tree head if the log grew.")
        sign.add_argument(
            "--every",
            type=float,
            default=0,
            help="Keep running, signing every this many seconds (60 in production).",
        )
        sub.add_parser("rotate-key", help="Start signing with a new key; old heads stay valid.")
        sub.add_parser("status", help="Print size, latest signed head and keys.")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, "do_" + action.replace("-", "_"))(**options)

    def _print(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True))

    def do_verify(self, *, export: str | None = None, witness=None, quorum=None, **options):
        if options.get("bundle"):
            from yunting.ledger.bundle import verify_bundle

            data = json.loads(Path(options["bundle"]).read_text(encoding="utf-8"))
            result = verify_bundle(
                data,
                log_keys=options.get("log_key") or [],
                witness_keys=witness or [],
                quorum=quorum if quorum is not None else 1,
            )
            self._print(result)
            if not result["ok"]:
                raise SystemExit(1)
            return
        if export:
            from yunting.ledger import export_check

            summary = export_check.check(export, witnesses=witness, quorum=quorum)
            self._print(summary)
            if not summary["ok"]:
                raise SystemExit(1)
            return
        report = audit.verify_ledger()
        self._print(report.as_dict())
        if not report.ok:
            raise SystemExit(1)

    def do_export(self, *, out: str, **options) -> None:
        services.sign_tree_head()
        result = audit.export_ledger(Path(out))
        with transaction.atomic():
            services.record_event(ledger_exported(tree_size=result["tree_size"]))
        self._print(result)

    def do_sign(self, *, every: float = 0, **options) -> None:
        if not every:
            sth = services.sign_tree_head()
            self._print({"tree_size": sth.tree_size if sth else 0})
            return
        # SIGTERM (a supervisor, `yunting demo` stopping) and SIGINT (Ctrl-C) wake the wait at
        # once: the signer never sleeps through a stop.
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        while not stop.is_set():
            close_old_connections()
            try:
                services.sign_tree_head()
            except Exception as exc:  # keep the signer alive through a database restart
                self.stderr.write(f"ledger sign: {exc}")
            stop.wait(every)

    def do_rotate_key(self, **options) -> None:
        old, new = services.signing_key_rotate()
        services.sign_tree_head()
        self._print({"old_key_id": old, "new_key_id": new})

    def do_status(self, **options) -> None:
        sth = latest_signed_head()
        self._print(
            {
                "size": current_size(),
                "signed_size": sth.tree_size if sth else 0,
                "active_key_id": keys.active_key_id(),
                "key_ids": sorted(keys.public_keys()),
            }
        )

    def do_witness_add(self, *, vkey: str, organisation: str = "", **options) -> None:
        from yunting.ledger.witnessing import witness_add

        w = witness_add(name="", vkey=vkey, organisation=organisation)
        self._print({"name": w.name, "vkey": w.vkey, "active": w.active})

    def do_witness_retire(self, *, name: str, **options) -> None:
        from yunting.ledger.witnessing import witness_retire

        w = witness_retire(name=name)
        self._print({"name": w.name, "active": w.active})

    def do_witnesses(self, **options) -> None:
        from yunting.ledger.selectors import chain_status

        data = chain_status()
        data.pop("alarms")
        self._print(data)

    def do_vkey(self, **options) -> None:
        from yunting.ledger.witnessing import log_vkey

        services.sign_tree_head()
        keys.signing_key()
        self.stdout.write(log_vkey() or "")

    def do_proof(self, *, hash: str, **options) -> None:
        from yunting.ledger.bundle import make_bundle
        from yunting.ledger.selectors import parse_hash

        bundle = make_bundle(parse_hash(hash))
        if bundle is None:
            raise SystemExit("No ledger record matches this hash.")
        self._print(bundle)
