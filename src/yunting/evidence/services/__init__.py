"""Writes of the defence and the evidence exchange (see the modules for the rules of each)."""

from .exchange import (
    consent_give,
    evidence_limit_set,
    exchange_propose,
    item_submit,
    item_withdraw,
    open_round,
    opinion_save,
    opinion_submit,
    party_evidence_due,
    party_leave_until,
    point_comment,
    point_record,
    round_open,
    time_request_decide,
    time_request_make,
)
from .mediation import (
    agreement_sign,
    mediation_statement_issue,
    proposal_answer,
    proposal_post,
    proposal_withdraw,
)
from .pleadings import agent_link, pleading_file
from .report import exchange_rows, report_issue, report_lines

__all__ = [
    "agent_link",
    "agreement_sign",
    "consent_give",
    "evidence_limit_set",
    "exchange_propose",
    "exchange_rows",
    "item_submit",
    "item_withdraw",
    "mediation_statement_issue",
    "open_round",
    "opinion_save",
    "opinion_submit",
    "party_evidence_due",
    "party_leave_until",
    "pleading_file",
    "point_comment",
    "point_record",
    "proposal_answer",
    "proposal_post",
    "proposal_withdraw",
    "report_issue",
    "report_lines",
    "round_open",
    "time_request_decide",
    "time_request_make",
]
