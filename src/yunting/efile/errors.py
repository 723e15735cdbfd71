"""Error codes of the e-file app, shared by pages, the API and the command line."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class EfileErrorCode:
    NOT_COURT_STAFF = "not_court_staff"
    ARCHIVED = "archived"
    STALE = "stale"
    BAD_ORDER = "bad_order"
    BAD_KIND = "bad_kind"
    CANNOT_SPLIT = "cannot_split"
    BAD_SPLIT_PAGE = "bad_split_page"
    CANNOT_MERGE = "cannot_merge"
    NOT_CLOSED = "not_closed"
    NOTHING_TO_ARCHIVE = "nothing_to_archive"
    STORAGE_MISSING = "storage_missing"
    STORAGE_CORRUPT = "storage_corrupt"
    BAD_UPLOAD = "bad_upload"
    NOT_ARCHIVED = "not_archived"
    NOT_APPROVER = "not_approver"
    BAD_BORROW_STATE = "bad_borrow_state"
    NO_QUERY = "no_query"


MESSAGES = {
    EfileErrorCode.NOT_COURT_STAFF: _("Only staff of the case's court can change its e-file."),
    EfileErrorCode.ARCHIVED: _(
        "The e-file is archived and read-only. Borrow it back (调卷) with approval to change it."
    ),
    EfileErrorCode.STALE: _(
        "Someone else changed this volume a moment ago. Reload the catalogue and try again."
    ),
    EfileErrorCode.BAD_ORDER: _("The new order must list every item of the volume exactly once."),
    EfileErrorCode.BAD_KIND: _("Choose a kind of item from the list."),
    EfileErrorCode.CANNOT_SPLIT: _("Only an item of two or more pages can be split."),
    EfileErrorCode.BAD_SPLIT_PAGE: _("Split after a page between 1 and %(last)s."),
    EfileErrorCode.CANNOT_MERGE: _("Choose two different items of the same volume to merge."),
    EfileErrorCode.NOT_CLOSED: _("Only a closed case can be archived."),
    EfileErrorCode.NOTHING_TO_ARCHIVE: _("The e-file has no items to archive."),
    EfileErrorCode.STORAGE_MISSING: _(
        "The file of “%(title)s” is missing from storage. The incident is recorded; restore it "
        "from backup."
    ),
    EfileErrorCode.STORAGE_CORRUPT: _(
        "The file of “%(title)s” in storage does not match its recorded hash (damaged or "
        "altered). The incident is recorded; restore it from backup."
    ),
    EfileErrorCode.BAD_UPLOAD: _("The file cannot be added: %(reason)s"),
    EfileErrorCode.NOT_ARCHIVED: _("Only an archived e-file can be borrowed back."),
    EfileErrorCode.NOT_APPROVER: _("Only the head of division or the case's judge may approve."),
    EfileErrorCode.BAD_BORROW_STATE: _("This borrowing request cannot do that now."),
    EfileErrorCode.NO_QUERY: _("Type a word to search for."),
}


class EfileError(Exception):
    """A refused e-file operation; ``code`` is one of :class:`EfileErrorCode`."""

    status = 400

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(MESSAGES[self.code])
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message
