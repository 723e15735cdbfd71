"""``yunting anonymize``: a judgment's text anonymized for publication, as one JSON object.

    yunting anonymize FILE.txt [--cause 离婚纠纷] [--date YYYY-MM-DD]

Prints ``{"text": "…", "replacements": [{"kind", "original", "replacement"}, …]}``.
``--cause`` is an official cause name (《民事案件案由规定》); a cause under 婚姻家庭、继承纠纷
hides the names of the parties who are natural persons. ``--date`` is the judgment's date
(minors are under 18 on it; default: the last date written in the text). ``-`` reads
standard input. Bad input exits 2 with ``{"error": "…"}``. Computed by
``yunting.rules.anonymization``, the same function as the publication review page.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from yunting.core.management.jsoncommand import JsonCommand, fail
from yunting.rules.anonymization import anonymize
from yunting.rules.errors import RuleError


class Command(JsonCommand):
    help = "Anonymize a judgment's text for publication, as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="UTF-8 text of the judgment, or - for standard input")
        parser.add_argument("--cause", default="", help="official cause name, e.g. 离婚纠纷")
        parser.add_argument("--date", default=None, help="the judgment's date, YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        name = options["file"]
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            fail(f"cannot read {name}: {exc.strerror or exc}")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            fail(f"{name} is not UTF-8 text")
        decided_on = None
        if options["date"]:
            try:
                decided_on = dt.date.fromisoformat(options["date"])
            except ValueError:
                fail(f"--date must be a real date YYYY-MM-DD, not {options['date']!r}")
        try:
            result = anonymize(
                text.replace("\r\n", "\n"), cause=options["cause"] or None, decided_on=decided_on
            )
        except RuleError as exc:
            fail(exc.message, code=exc.code)
        self.emit(result.as_dict())
