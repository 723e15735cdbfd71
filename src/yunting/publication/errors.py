"""Publication error codes, shared by pages and the command line."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError


class PublicationErrorCode(ErrorCode):
    NOT_YOURS = "not_yours", _("This judgment is not yours to publish."), 404, True
    NOT_REVIEWER = (
        "not_reviewer",
        _("Only the case's judge or clerk reviews its judgment for publication."),
        403,
    )
    NOT_EFFECTIVE = (
        "not_effective",
        _("A judgment is published only after it takes effect."),
        409,
    )
    NOT_A_JUDGMENT = "not_a_judgment", _("Only judgments are published here."), 409
    ALREADY_DECIDED = (
        "already_decided",
        _("This judgment was already published or withheld."),
        409,
    )
    STALE = (
        "stale",
        _("%(name)s saved a newer version meanwhile; reload the page and check it."),
        409,
    )
    EMPTY_TEXT = "empty_text", _("The text to publish is empty.")
    STILL_PERSONAL = (
        "still_personal",
        _("The text still contains %(value)s (%(kind)s). Remove it before publishing."),
    )
    BAD_REASON = "bad_reason", _("Choose why the judgment is not published from the list.")
    NOTE_REQUIRED = "note_required", _("Say why the judgment is not published.")


class PublicationError(YuntingError):
    """A refused publication operation."""
