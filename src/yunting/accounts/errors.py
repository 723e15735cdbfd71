"""Error codes for accounts, shared by pages and API, each with a translated message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.core.errors import ErrorCode, YuntingError

# Failure codes of yunting.rules.identity, shown to people in their language.
ID_CHECK_MESSAGES = {
    "wrong_length": _("The ID number must have 18 characters."),
    "bad_characters": _("The ID number may contain only digits and, at the end, the letter X."),
    "bad_region": _("The first digits of the ID number are not a valid region code."),
    "impossible_birth_date": _("The birth date in the ID number is not a real date."),
    "bad_check_digit": _("The last character of the ID number does not match: please check it."),
}
OTHER_ID_MESSAGE = _("Enter the document number as printed (5 to 20 letters or digits).")
PHONE_MESSAGE = _("Enter an 11-digit mainland mobile number, such as 13800138000.")
USCC_CHECK_MESSAGES = {
    "wrong_length": _("A unified social credit code has 18 characters."),
    "bad_characters": _(
        "The credit code uses only digits and capital letters except I, O, Z, S, V."
    ),
    "bad_check_digit": _("The last character of the credit code does not match: please check it."),
}


class AccountErrorCode(ErrorCode):
    # the same words as the login page, so both say the same
    INVALID_CREDENTIALS = (
        "invalid_credentials",
        _(
            "Wrong phone/email or password. Please try again; after 5 failed attempts the "
            "account is locked for 30 minutes."
        ),
    )
    LOCKED_OUT = (
        "locked_out",
        _(
            "Too many wrong passwords. For your safety this account is locked for 30 minutes. "
            "Try again later, or contact the court's litigation service centre."
        ),
        403,
    )
    INACTIVE = "inactive", _("This account is disabled. Please contact the court.")
    OTP_REQUIRED = (
        "otp_required",
        _("Court staff with two-factor authentication must also send the 6-digit code (otp)."),
    )
    OTP_INVALID = "otp_invalid", _("That code is not right. Check the time on your phone.")
    OTP_SETUP_REQUIRED = (
        "otp_setup_required",
        _("Set up two-factor authentication in the workbench before using the API."),
        403,
    )
    ACCOUNT_EXISTS = "account_exists", _("An account with this phone, email or ID already exists.")
    # codes sent by SMS or e-mail (recovery.py): the same words whether or not an account exists
    WRONG_CODE = (
        "wrong_code",
        _("The code is wrong or has expired. Check the latest message, or ask for a new code."),
    )
    TOO_MANY_TRIES = "too_many_tries", _("Too many wrong codes. Ask for a new code."), 429
    RATE_LIMITED = (
        "rate_limited",
        _("Too many codes were asked for. Please wait an hour and try again."),
        429,
    )


class AccountError(YuntingError):
    """A refused account operation; ``code`` is one of :class:`AccountErrorCode`."""
