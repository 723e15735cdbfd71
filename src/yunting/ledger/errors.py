"""Error codes of the ledger, shared by pages, the API and the services (as Saleor does)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class LedgerErrorCode(ErrorCode):
    BAD_HASH = "bad_hash", _("Give a SHA-256 hash as 64 hexadecimal characters.")
    BAD_SIZE = (
        "bad_size",
        _("Give two tree sizes with 0 <= first <= second <= the size of the latest signed head."),
    )
    NOT_FOUND = "not_found", _("No ledger record matches this hash."), 404
    NO_SIGNED_HEAD = (
        "no_signed_head",
        _("The ledger has no signed tree head yet; try again soon."),
    )
    NO_INPUT = "no_input", _("Choose a file or paste its SHA-256 hash.")
    NO_CHECKPOINT = "no_checkpoint", _("No checkpoint of that size was signed."), 404
    BAD_NOTE = (
        "bad_note",
        _("Give a signed note in the C2SP format (body, blank line, signature lines)."),
    )
    UNKNOWN_WITNESS = (
        "unknown_witness",
        _("No active witness has this key name and key id; the court registers witnesses."),
        403,
    )
    BAD_COSIGNATURE = (
        "bad_cosignature",
        _("The cosignature does not verify against this checkpoint and the witness's key."),
    )
    BAD_ALARM = (
        "bad_alarm",
        _("An alarm needs two checkpoints signed by this log's key that cannot both be true."),
    )
    BAD_WITNESS_KEY = "bad_witness_key", _("Give a verifier key name+id+key of type 0x04.")
    BAD_DEPOSIT = "bad_deposit", _("The deposit is not valid: {reason}")
    TOO_MANY = "too_many", _("Send at most {limit} deposits in one batch.")
    BAD_BUNDLE = "bad_bundle", _("The proof bundle is not valid: {reason}")


class LedgerError(YuntingError):
    """A refused ledger request; ``code`` is one of :class:`LedgerErrorCode`."""


class TransactionRequired(Exception):
    """``record`` was called outside ``transaction.atomic()``: the write it documents would not
    be tied to its ledger entry, so it is refused. A programming error, not a user's."""


class LedgerCorrupt(Exception):
    """Stored tree data is missing or inconsistent; run ``yunting ledger verify``."""
