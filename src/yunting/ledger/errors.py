"""Error codes of the ledger, shared by pages, the API and the services (as Saleor does)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class LedgerErrorCode:
    BAD_HASH = "bad_hash"
    BAD_SIZE = "bad_size"
    NOT_FOUND = "not_found"
    NO_SIGNED_HEAD = "no_signed_head"
    NO_INPUT = "no_input"


MESSAGES = {
    LedgerErrorCode.BAD_HASH: _("Give a SHA-256 hash as 64 hexadecimal characters."),
    LedgerErrorCode.BAD_SIZE: _(
        "Give two tree sizes with 0 <= first <= second <= the size of the latest signed head."
    ),
    LedgerErrorCode.NOT_FOUND: _("No ledger record matches this hash."),
    LedgerErrorCode.NO_SIGNED_HEAD: _("The ledger has no signed tree head yet; try again soon."),
    LedgerErrorCode.NO_INPUT: _("Choose a file or paste its SHA-256 hash."),
}


class LedgerError(Exception):
    """Base class of errors raised by the ledger's services."""


class TransactionRequired(LedgerError):
    """``record`` was called outside ``transaction.atomic()``: the write it documents would not
    be tied to its ledger entry, so it is refused."""


class LedgerCorrupt(LedgerError):
    """Stored tree data is missing or inconsistent; run ``yunting ledger verify``."""


class BadParameter(LedgerError):
    """A public request parameter is malformed; ``code`` is one of :class:`LedgerErrorCode`."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(str(MESSAGES[code]))
