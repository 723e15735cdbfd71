"""Error codes of the defence and evidence exchange, shared by pages and API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class EvidenceErrorCode(ErrorCode):
    NOT_YOUR_CASE = "not_your_case", _("Not found."), 404, True
    NOT_COURT_STAFF = (
        "not_court_staff",
        _("Only the judge or the judge assistant of this case's court can do this."),
        403,
    )
    NOT_DEFENDANT_SIDE = (
        "not_defendant_side",
        _("Only the defendant or its agent can file a defence or a counterclaim."),
        403,
    )
    NOT_THIRD_PARTY_SIDE = (
        "not_third_party_side",
        _("Only a third party or its agent can file a third party's claim."),
        403,
    )
    NOT_A_PARTY = "not_a_party", _("You act for no party of this case."), 403
    NOT_SERVED = (
        "not_served",
        _("The complaint has not been served on this party yet: its defence period has not begun."),
        409,
    )
    DEFENCE_PERIOD_OVER = (
        "defence_period_over",
        _("The defence period ended on %(due)s."),
        409,
    )
    EMPTY_PLEADING = "empty_pleading", _("Write the text or upload the document."), 400
    AMOUNT_REQUIRED = "amount_required", _("Give the amount the claim is for (0 if none)."), 400
    BAD_UPLOAD = "bad_upload", _("The file was refused: %(reason)s"), 400
    NOT_PROPOSED = "not_proposed", _("The court has not proposed asynchronous exchange yet."), 409
    ALREADY_ANSWERED = (
        "already_answered",
        _("Your side has already answered; the answer is on record and final."),
        409,
    )
    FIELDS_REQUIRED = "fields_required", _("Fill in: %(fields)s."), 400
    NOT_ASYNCHRONOUS = (
        "not_asynchronous",
        _("The exchange is not asynchronous (%(mode)s): this is done at a session."),
        409,
    )
    BAD_DATE = "bad_date", _("Choose a date after today."), 400
    DEADLINE_PASSED = (
        "deadline_passed",
        _("The time limit ended on %(due)s. Apply for leave to submit late."),
        409,
    )
    NO_LIMIT = "no_limit", _("The court has not set the time limit for evidence yet."), 409
    NOT_PENDING = "not_pending", _("This application has already been decided."), 409
    EXTENSION_AFTER_LIMIT = (
        "extension_after_limit",
        _("An extension is asked for before the limit ends; apply for leave instead."),
        409,
    )
    BAD_PAGES = "bad_pages", _("The last page cannot come before the first."), 400
    NO_OPEN_ROUND = (
        "no_open_round",
        _("No round for this is open now (the last one ended on %(due)s)."),
        409,
    )
    OWN_ITEM = (
        "own_item",
        _("A side gives opinions on the other side's evidence, not its own."),
        400,
    )
    NOT_OWN_ITEM = "not_own_item", _("A reply is given by the side that submitted the item."), 400
    ITEM_WITHDRAWN = "item_withdrawn", _("This item was withdrawn by its submitter."), 409
    INCOMPLETE_OPINION = (
        "incomplete_opinion",
        _("Say for each of authenticity, legality, relevance and purpose whether it is admitted."),
        400,
    )
    REASON_REQUIRED = "reason_required", _("Give the reason for disputing %(what)s."), 400
    ALREADY_SUBMITTED = (
        "already_submitted",
        _(
            "This opinion was already submitted (by %(by)s at %(at)s) and is final; "
            "a change is made as a new opinion."
        ),
        409,
    )
    NOT_SUBMITTED = "not_submitted", _("Only a submitted opinion can be replaced."), 409
    BAD_LINK = "bad_link", _("Link only items and opinions of this case."), 400
    PROPOSAL_CLOSED = (
        "proposal_closed",
        _("This proposal is %(status)s and can no longer be answered."),
        409,
    )
    NOT_AUTHOR = "not_author", _("Only whoever posted a proposal can withdraw it."), 403
    COURT_ONLY = (
        "court_only",
        _("A proposal seen by the court only is not put to the parties."),
        409,
    )
    CONFIRM_TERMS = (
        "confirm_terms",
        _("Tick the box to confirm you have read the terms you sign."),
        400,
    )
    CONFIRM_REFUSAL = (
        "confirm_refusal",
        _("Tick the box to confirm that you refuse the mediation statement."),
        400,
    )
    ALREADY_SIGNED = "already_signed", _("Your side has already signed."), 409
    STALE_TERMS = (
        "stale_terms",
        _("The terms changed since you opened the page: read them again before signing."),
        409,
    )
    SIGNER_IDENTITY = (
        "signer_identity",
        _("The last six characters of your ID number do not match: the agreement was not signed."),
        400,
    )
    NOT_ALL_SIGNED = "not_all_signed", _("Every party must sign the agreement first."), 409
    ALREADY_ISSUED = "already_issued", _("The mediation statement was already issued."), 409
    NOT_ISSUED = "not_issued", _("The mediation statement has not been issued yet."), 409
    ALREADY_RECEIVED = (
        "already_received",
        _(
            "Your side received the mediation statement on %(at)s: it can no longer be "
            "refused (CPL Art. 102)."
        ),
        409,
    )
    ALREADY_EFFECTIVE = (
        "already_effective",
        _("The mediation statement took effect on %(on)s and binds every party."),
        409,
    )
    ALREADY_REFUSED = (
        "already_refused",
        _("The mediation statement was already refused by %(name)s on %(at)s."),
        409,
    )
    MEDIATION_NOT_EFFECTIVE = (
        "mediation_not_effective",
        _(
            "The mediation statement has not taken effect: not every party has received it "
            "yet (CPL Art. 100)."
        ),
        409,
    )
    STATEMENT_REFUSED = (
        "statement_refused",
        _(
            "%(name)s refused the mediation statement before receiving it: mediation failed "
            "and the case is to be adjudicated (CPL Art. 102)."
        ),
        409,
    )
    PARTY_ID_MISMATCH = (
        "party_id_mismatch",
        _("No party of that case has this ID number / credit code."),
        400,
    )
    NOT_A_LAWYER = (
        "not_a_lawyer",
        _("Only a lawyer or agent account with its identity on file can link to a case."),
        403,
    )
    LICENCE_REQUIRED = "licence_required", _("Give your practising licence number."), 400
    POA_REQUIRED = "poa_required", _("Upload the power of attorney (授权委托书)."), 400
    ALREADY_AGENT = "already_agent", _("You are already an agent of this party."), 409
    NO_SUCH_CASE = "no_such_case", _("No case has this number."), 400


class EvidenceError(YuntingError):
    """A refused step of the written preparation; ``code`` is an :class:`EvidenceErrorCode`."""
