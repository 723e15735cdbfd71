"""Error codes for accounts, shared by pages and API, each with a translated message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
