"""Error codes of the judgments app, shared by pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class JudgmentErrorCode(ErrorCode):
    NOT_YOURS = "not_yours", _("No such case."), 404, True
    NOT_THE_JUDGE = "not_the_judge", _("Only the judge handling the case may do this."), 403
    NOT_STAFF = "not_staff", _("Only staff of the case's court may do this."), 403
    CASE_NOT_OPEN = "case_not_open", _("The case is no longer open."), 409
    DRAFT_EXISTS = "draft_exists", _("A %(kind)s is already being drafted for this case."), 409
    BAD_KIND = "bad_kind", _("Choose a judgment or a ruling.")
    EDIT_CONFLICT = (
        "edit_conflict",
        _(
            "%(name)s saved version %(version)s while you were editing version %(base)s: "
            "reload the draft, compare, and apply your changes again."
        ),
        409,
    )
    DRAFT_NOT_EDITABLE = "draft_not_editable", _("This draft can no longer be changed."), 409
    UNKNOWN_SECTION = "unknown_section", _("Unknown section “%(name)s”.")
    SECTION_REQUIRED = "section_required", _("Fill in the section “%(name)s” before issuing.")
    UNKNOWN_BASIS = (
        "unknown_basis",
        _("“%(key)s” is not in the list of legal bases for this cause."),
    )
    NEEDS_APPROVAL = (
        "needs_approval",
        _("This case is flagged for the division head's approval: it cannot be issued before."),
        409,
    )
    NEEDS_PANEL = (
        "needs_panel",
        _(
            "A case tried under the ordinary procedure, and an appeal, is decided by a panel "
            "of three: form it first."
        ),
        409,
    )
    PANEL_NOT_SIGNED = (
        "panel_not_signed",
        _("Every member of the panel must sign off the current version first: %(names)s."),
        409,
    )
    BAD_PANEL = (
        "bad_panel",
        _("A panel is a presiding judge and two other judges of this court, all different."),
    )
    NOT_PANEL_MEMBER = "not_panel_member", _("Only a member of the panel may sign off."), 403
    NOT_DIVISION_HEAD = (
        "not_division_head",
        _("Only the head of the case's division may approve it."),
        403,
    )
    NOT_AWAITING = "not_awaiting", _("This draft is not waiting for approval."), 409
    BAD_STATE = "bad_state", _("A draft in status “%(current)s” cannot become “%(target)s”."), 409
    NOT_EFFECTIVE = "not_effective", _("The judgment is not effective yet."), 409
    RULING_NOT_EFFECTIVE = (
        "ruling_not_effective",
        _("The ruling is not effective yet: the parties' appeal periods are still running."),
        409,
    )
    CLOSE_BLOCKED = (
        "close_blocked",
        _("The case cannot be closed yet: resolve the items listed."),
        409,
    )
    ALREADY_CLOSED = "already_closed", _("The case is already closed."), 409
    BAD_METHOD = "bad_method", _("Choose how the case closes.")
    NO_DECISION = "no_decision", _("Closing by %(method)s needs the document that closed it."), 409
    NOT_PLAINTIFF = "not_plaintiff", _("Only a plaintiff (or their agent) may withdraw."), 403
    WITHDRAWAL_PENDING = (
        "withdrawal_pending",
        _("A withdrawal is already waiting for decision."),
        409,
    )
    NOT_PENDING = "not_pending", _("This application was already decided."), 409
    NOT_A_PARTY = "not_a_party", _("Only a party to the case (or their agent) may appeal."), 403
    NO_APPEALABLE_DECISION = (
        "no_appealable_decision",
        _("There is no judgment or ruling served on this party to appeal against."),
        409,
    )
    APPEAL_LATE = (
        "appeal_late",
        _("The appeal period ended on %(deadline)s: an appeal can no longer be lodged."),
        409,
    )
    ALREADY_APPEALED = "already_appealed", _("This party has already appealed."), 409
    APPEAL_AMOUNT = (
        "appeal_amount",
        _("The amount appealed must be between 0 and the amount at stake (%(limit)s)."),
    )
    REQUIRED = "required", _("This field is required.")
    BAD_RECEIVING_COURT = (
        "bad_receiving_court",
        _("“%(name)s” is not a court the case can be transferred to: choose another court."),
    )
    NO_COURT_OF_APPEAL = (
        "no_court_of_appeal",
        _("This court has no superior court to appeal to."),
        409,
    )
    BAD_APPEAL_STATE = "bad_appeal_state", _("The appeal is “%(current)s”: not possible now."), 409
    SUSPENSION_ORDER = (
        "suspension_order",
        _("A period cannot end (%(end)s) before it starts (%(start)s)."),
    )
    SUSPENSION_BEFORE_FILING = (
        "suspension_before_filing",
        _("An excluded period starts on or after the day of filing."),
    )
    SUSPENSION_OPEN = (
        "suspension_open",
        _("Another period of this case is still open: end it first."),
        409,
    )
    BAD_SUSPENSION_KIND = "bad_suspension_kind", _("Choose the kind of period the law excludes.")
    SUSPENSION_CLOSED = "suspension_closed", _("This period has already ended."), 409
    EXTENSION_TOO_LONG = (
        "extension_too_long",
        _("The procedure allows at most %(max)s in extensions; %(asked)s asked in all."),
    )
    NOT_PRESIDENT = "not_president", _("Only the court's president may approve an extension."), 403
    BAD_CONVERSION = "bad_conversion", _("This change of procedure is not possible: %(why)s"), 409


class JudgmentError(YuntingError):
    """A refused operation of the judgments app."""
