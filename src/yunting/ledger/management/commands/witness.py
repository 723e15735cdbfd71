"""``yunting witness init|run|status``: a witness node for another court's ledger (见证节点).

    yunting witness init --dir DIR --name court-b.example/witness \\
        --log-key <the log's verifier key> --log http://court-a.example
    yunting witness run --dir DIR [--every 30] [--once]

``init`` prints the witness's verifier key for the court to register
(``yunting ledger witness-add``). ``run`` cosigns each new checkpoint that is consistent with
the last one it cosigned, and raises a split-view alarm otherwise (``ledger/witness_node.py``).
It touches no database.
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunting.ledger import note, witness_node


class Command(BaseCommand):
    help = "Run a witness that cosigns another log's checkpoints (C2SP tlog-cosignature)."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="Make the witness key and configuration.")
        init.add_argument("--dir", required=True)
        init.add_argument("--name", required=True, help="Key name, e.g. court-b.example/w1")
        init.add_argument("--log-key", required=True, help="The log's verifier key (pinned).")
        init.add_argument("--log", action="append", required=True, help="Log URL (repeatable).")
        run = sub.add_parser("run", help="Cosign new checkpoints.")
        run.add_argument("--dir", required=True)
        run.add_argument("--every", type=float, default=30.0, help="Seconds between rounds.")
        run.add_argument("--once", action="store_true", help="One round, then exit.")
        status = sub.add_parser("status", help="Print the last cosigned head and alarms.")
        status.add_argument("--dir", required=True)

    def _print(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
        self.stdout.flush()

    def handle(self, *args, action: str, **options) -> None:
        directory = Path(options["dir"])
        if action == "init":
            try:
                vkey = witness_node.init(
                    directory,
                    name=options["name"],
                    log_vkey=options["log_key"],
                    logs=options["log"],
                )
            except note.NoteError as exc:
                raise CommandError(str(exc)) from exc
            self._print({"vkey": vkey, "dir": str(directory)})
            return
        witness = witness_node.Witness(directory)
        if action == "status":
            alarms = directory / "alarms.jsonl"
            count = len(alarms.read_text().splitlines()) if alarms.exists() else 0
            self._print({"name": witness.name, "tree_size": witness.last_size, "alarms": count})
            return
        self._print({"event": "start", "name": witness.name, "resume_from": witness.last_size})
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        while True:
            for outcome in witness.round():
                self._print(
                    {
                        "event": outcome.action,
                        "source": outcome.source,
                        "tree_size": outcome.tree_size,
                        "detail": outcome.detail,
                    }
                )
            if options["once"] or stop.wait(options["every"]):
                break
