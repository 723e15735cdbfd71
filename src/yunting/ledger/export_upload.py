"""A log export uploaded on the verification page: unpacked safely, then checked whole.

``yunting ledger export --out DIR`` writes a folder; a person sends it as a ZIP or a
tar(.gz) of that folder. Only the export's own data files are taken out of the archive, by
their base name (a folder around them is fine, paths never reach the disk), with a bound on
what they unpack to, so an archive cannot write outside the scratch folder or fill the disk.
The check itself is ``export_check.check``, the same code the command line and the
standalone ``check_export.py`` run.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import export_check

DATA_FILES = ("entries.jsonl", "heads.jsonl", "keys.json", "chain.json", "checkpoints.jsonl")
REQUIRED = ("entries.jsonl", "heads.jsonl", "keys.json")
MAX_UNPACKED = 1024 * 1024 * 1024  # 1 GiB of data files: a million entries is about half


class ExportUnreadable(ValueError):
    """The upload is not a readable export archive; the message says why, for the reader."""


def is_archive(head: bytes) -> bool:
    """ZIP, gzip or an uncompressed tar, from the first bytes of the upload."""
    return head[:4] == b"PK\x03\x04" or head[:2] == b"\x1f\x8b" or head[257:262] == b"ustar"


def _members(fileobj) -> list[tuple[str, object]]:
    """(base name, opener) of each regular file in the archive."""
    fileobj.seek(0)
    if fileobj.read(4) == b"PK\x03\x04":
        fileobj.seek(0)
        archive = zipfile.ZipFile(fileobj)
        return [
            (info.filename.rsplit("/", 1)[-1], lambda i=info: archive.open(i))
            for info in archive.infolist()
            if not info.is_dir()
        ]
    fileobj.seek(0)
    tar = tarfile.open(fileobj=fileobj, mode="r:*")  # noqa: SIM115 - read below; the upload owns the file
    return [(m.name.rsplit("/", 1)[-1], lambda m=m: tar.extractfile(m)) for m in tar if m.isfile()]


def unpack(fileobj, into: Path) -> None:
    """Write the export's data files from the archive into ``into``, or raise
    :class:`ExportUnreadable`."""
    try:
        members = _members(fileobj)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError):
        raise ExportUnreadable(_("The file is not a readable ZIP or tar archive.")) from None
    taken: set[str] = set()
    left = MAX_UNPACKED
    for name, opener in members:
        if name not in DATA_FILES:
            continue  # merkle.py, check_export.py, anything else: not data
        if name in taken:
            raise ExportUnreadable(_("The archive holds %(name)s twice.") % {"name": name})
        taken.add(name)
        with opener() as src, open(into / name, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                left -= len(chunk)
                if left < 0:
                    raise ExportUnreadable(_("The export unpacks to more than 1 GB."))
                dst.write(chunk)
    missing = [n for n in REQUIRED if n not in taken]
    if missing:
        raise ExportUnreadable(
            _("This is not a ledger export: %(name)s is missing.") % {"name": missing[0]}
        )


def check_upload(fileobj, *, log_keys: list[str], witnesses: list[str] | None, quorum: int):
    """Unpack and check an uploaded export against the keys the reader trusts."""
    scratch = Path(tempfile.mkdtemp(prefix="yunting-export-check-"))
    try:
        unpack(fileobj, scratch)
        try:
            return export_check.check(
                scratch, witnesses=witnesses, quorum=quorum, log_keys=log_keys
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise ExportUnreadable(
                _("The export's files are damaged: a line is not in the export format.")
            ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
