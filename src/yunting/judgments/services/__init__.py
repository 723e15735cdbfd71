"""Writes of the judgments app, split by concern; each runs in a transaction and appends to
the ledger."""

from .appeal import appeal_docket, appeal_file, appeal_transmit
from .drafts import (
    deliberation_record,
    draft_decide,
    draft_flag,
    draft_issue,
    draft_save,
    draft_set_burden,
    draft_sign_off,
    draft_start,
    draft_submit,
    issue_blockers,
    panel_form,
    panel_required,
)
from .limits import (
    extension_decide,
    extension_request,
    limit_reminders_send,
    procedure_convert,
    suspension_end,
    suspension_start,
)
from .outcome import (
    case_close,
    decision_effect_check,
    effect_certificate,
    effects_check_all,
    treated_withdrawn_rule,
    withdrawal_apply,
    withdrawal_decide,
)

__all__ = [
    "appeal_docket",
    "appeal_file",
    "appeal_transmit",
    "case_close",
    "decision_effect_check",
    "deliberation_record",
    "draft_decide",
    "draft_flag",
    "draft_issue",
    "draft_save",
    "draft_set_burden",
    "draft_sign_off",
    "draft_start",
    "draft_submit",
    "effect_certificate",
    "effects_check_all",
    "extension_decide",
    "extension_request",
    "issue_blockers",
    "limit_reminders_send",
    "panel_form",
    "panel_required",
    "procedure_convert",
    "suspension_end",
    "suspension_start",
    "treated_withdrawn_rule",
    "withdrawal_apply",
    "withdrawal_decide",
]
