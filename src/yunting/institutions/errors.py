"""Institution API error codes (keys, idempotency, batches, webhooks, disputes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class InstitutionErrorCode(ErrorCode):
    NOT_INSTITUTION = "not_institution", _("Only an institution user can do this."), 403
    BAD_SCOPE = "bad_scope", _("Choose scopes among read, file and pay.")
    KEY_REVOKED = "key_revoked", _("This key has been revoked."), 409
    OUT_OF_SCOPE = "out_of_scope", _("This key may not %(scope)s."), 403
    IDEMPOTENCY_REUSED = (
        "idempotency_key_reused",
        _("This Idempotency-Key was already used with a different request body."),
        422,
    )
    IDEMPOTENCY_IN_FLIGHT = (
        "idempotency_in_flight",
        _("A request with this Idempotency-Key is still being processed."),
        409,
    )
    BAD_FORMAT = "bad_format", _("Upload JSON Lines (.jsonl), CSV (.csv) or Excel (.xlsx).")
    TOO_MANY_ROWS = "too_many_rows", _("A batch holds at most %(max)d filings.")
    EMPTY_BATCH = "empty_batch", _("The batch holds no filings.")
    TOO_LARGE = "too_large", _("The upload is larger than %(mb)d MB.")
    BAD_ZIP = "bad_zip", _("The attachments are not a readable zip file.")
    NOT_DONE = "not_done", _("The batch is not processed yet (%(status)s)."), 409
    BAD_URL = "bad_url", _("Give an http(s) address.")
    BAD_EVENTS = "bad_events", _("Choose events from the list.")
    BAD_AFTER = "bad_after", _("`after` is the sequence number of the last event you have.")
    BAD_LIMIT = "bad_limit", _("`limit` is a number from 1 to 500.")
    BAD_SIGNATURE = "bad_signature", _("The signature does not match."), 400
    STALE_SIGNATURE = "stale_signature", _("The signature is too old (replay?)."), 400
    BAD_DISPUTES = (
        "bad_disputes",
        _('Send {"disputes": [...]}: a list of 1 to %(max)d disputes.'),
    )
    DUPLICATE_REF = (
        "duplicate_ref",
        _("The reference “%(ref)s” is already used by dispute %(number)s."),
    )
    DUPLICATE_REF_IN_REQUEST = (
        "duplicate_ref_in_request",
        _("The reference “%(ref)s” is also given to item %(index)d of this request."),
    )
    BAD_SINCE = (
        "bad_since",
        _("`updated_since` is an ISO 8601 time, e.g. 2026-12-01T00:00:00+08:00."),
    )
    BAD_STATUS = "bad_status", _("`status` is one of: %(choices)s.")


class InstitutionError(YuntingError):
    code: InstitutionErrorCode
