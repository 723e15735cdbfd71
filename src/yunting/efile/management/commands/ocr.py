"""``yunting ocr FILE``: the text of each page of a PDF, PNG, JPEG or TIFF as one JSON object
``{"pages": [{"page": 1, "text": "…"}, …]}``, one line per text line, in reading order."""

from __future__ import annotations

import json

from yunting.core.management.jsoncommand import JsonCommand, fail


class Command(JsonCommand):
    help = "Recognise the text of a PDF, PNG, JPEG or TIFF file and print it as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        from yunting.efile.ocr import UnreadableFile, read_file

        try:
            with open(options["file"], "rb") as fh:
                data = fh.read()
        except OSError as exc:
            fail(f"Cannot read {options['file']}: {exc.strerror}")
        if not data:
            fail("The file is empty.")
        try:
            pages = read_file(data)
        except UnreadableFile as exc:
            fail(f"Not a readable PDF, PNG, JPEG or TIFF file ({exc}).")
        self.stdout.write(json.dumps({"pages": pages}, ensure_ascii=False))
