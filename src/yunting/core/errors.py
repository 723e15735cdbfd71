"""One error type for every refused operation, and the base of every app's error-code enum.

Each app declares its codes once, in its ``errors.py``, with the message people read and the
HTTP status the API answers with::

    class FilingErrorCode(ErrorCode):
        NOT_EDITABLE = "not_editable", _("This filing can no longer be changed."), 409

    class FilingError(YuntingError):
        code: FilingErrorCode

and its services raise ``FilingError(FilingErrorCode.NOT_EDITABLE)``. Pages show
``exc.messages``; the API's exception handler answers
``{"detail": exc.detail, "code": exc.code, "errors": exc.field_errors()}`` with
``exc.http_status``. A :class:`YuntingError` is a Django ``ValidationError``, so forms and
views that already catch ``ValidationError`` (from ``full_clean``) catch it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NON_FIELD = "non_field_errors"


class ErrorCode(StrEnum):
    """Base of each app's error codes: ``NAME = "code", message[, http_status[, conceal]]``.

    The member *is* the stable code string (``FilingErrorCode.NOT_EDITABLE == "not_editable"``);
    ``message`` may hold ``%(name)s`` placeholders filled from the error's params; the status is
    400 unless given (404: not found; 409: the object is in a state that does not allow this;
    403: refused). ``conceal`` (with 404) marks "this is not yours": the API answers it exactly
    like something that does not exist, so nobody learns that it does.
    """

    def __new__(
        cls, value: str, message: Any = "", http_status: int = 400, conceal: bool = False
    ) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.message = message
        member.http_status = http_status
        member.conceal = conceal
        return member


class YuntingError(ValidationError):
    """A refused operation: a stable ``code`` (an :class:`ErrorCode`), a message people can
    act on, the HTTP status, and optionally messages by field.

    ``YuntingError(code, **params)`` uses the code's message with ``params`` filled in;
    ``message=`` replaces it (e.g. a form's own text), ``messages=`` gives several
    (everything missing from a filing at once), ``field=`` names the field at fault and
    ``errors=`` gives messages for several fields; ``http_status=`` overrides the code's
    status where the same code means something else in one place.
    """

    def __init__(
        self,
        code: ErrorCode,
        /,
        *,
        message: Any = None,
        messages: Iterable[Any] | None = None,
        field: str | None = None,
        errors: Mapping[str, Iterable[Any]] | None = None,
        http_status: int | None = None,
        **params: Any,
    ) -> None:
        if not isinstance(code, ErrorCode):
            raise TypeError(f"{code!r} is not an ErrorCode: declare it in the app's errors.py")
        text = code.message if message is None else message
        if params:
            text = text % params
        self.error_code = code
        self.status_override = http_status
        if errors is not None:
            super().__init__(
                {
                    name: [ValidationError(m, code=code.value) for m in msgs]
                    for name, msgs in errors.items()
                }
            )
            text = next((m for msgs in self.message_dict.values() for m in msgs), text)
        elif messages is not None:
            super().__init__([ValidationError(m, code=code.value) for m in messages])
            text = next(iter(self.messages), text)
        elif field is not None:
            super().__init__({field: [ValidationError(text, code=code.value)]})
        else:
            super().__init__(text, code=code.value)
        self.code = code.value
        self._detail = text

    @property
    def detail(self) -> str:
        """The first message, for people, in the language active now."""
        return str(self._detail)

    @property
    def http_status(self) -> int:
        return self.status_override or self.error_code.http_status

    def field_errors(self) -> dict[str, list[str]]:
        """Messages by field, ``non_field_errors`` for the operation as a whole."""
        if hasattr(self, "error_dict"):
            return {
                (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in self.message_dict.items()
            }
        return {NON_FIELD: [str(m) for m in self.messages]}

    def __str__(self) -> str:
        return self.detail

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.error_code, self.detail))


def _rebuild(cls: type[YuntingError], code: ErrorCode, message: str) -> YuntingError:
    return cls(code, message=message)


# --- core's own codes: the upload check (core/files.py) -------------------------------------


class FileErrorCode(ErrorCode):
    """Why an uploaded file is refused (``core.files.check_upload``, ``read_upload``). The
    values are the verdicts of ``core/filecheck.py`` where the child process decides."""

    EMPTY = "empty", _("The file is empty.")
    TOO_LARGE = (
        "too_large",
        _("The file is larger than %(mb)d MB. Split it or scan at a lower resolution."),
    )
    BAD_TYPE = "bad_type", _("This file is not a %(allowed)s file (whatever its name says).")
    TOO_MANY_PAGES = (
        "too_many_pages",
        _("The PDF has more than %(max)d pages. Split it into several files."),
    )
    DAMAGED = "damaged", _("The PDF is damaged and cannot be opened.")
    ENCRYPTED = "encrypted", _("The PDF is password-protected. Upload it without a password.")
    NO_PAGES = "no_pages", _("The PDF has no pages.")
    TOO_COMPLEX = (
        "too_complex",
        _(
            "The file expands to far more than its size when opened (a compression bomb or an "
            "over-complex document), so it cannot be checked safely. Print or scan it to a new "
            "PDF and upload that."
        ),
    )
    ACTIVE_CONTENT = (
        "active_content",
        _(
            "The PDF contains active content (scripts, automatic actions, launch commands or "
            "embedded files), which the court does not accept. Print it to a new PDF without "
            "attachments and upload that."
        ),
    )
    TOO_MANY_PIXELS = (
        "too_many_pixels",
        _(
            "The image has more than %(mp)d million pixels. Scan or photograph it at a lower "
            "resolution."
        ),
    )
    TIMEOUT = (
        "timeout",
        _("The file took too long to check. Print or scan it to a new file and upload that."),
    )


class FileError(YuntingError):
    """A refused upload; ``code`` is one of :class:`FileErrorCode`."""
