"""The security screen (担保情况) shared by the two loan questionnaires, and what it adds to
the claims and the facts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .composition import ClaimLine
from .fields import DayField, GuidedForm, display, text_field, yes_no

SECURITY_KINDS = [
    ("none", _("No security")),
    ("joint_guarantee", _("Guarantee, joint and several (连带责任保证)")),
    ("general_guarantee", _("Guarantee, general (一般保证)")),
    ("mortgage", _("Mortgage (抵押)")),
    ("pledge", _("Pledge (质押)")),
]


class SecurityForm(GuidedForm):
    """担保情况: 物的担保合同、担保人与担保物、保证方式; 是否主张担保权利."""

    kind = forms.ChoiceField(label=_("Security for the loan"), choices=SECURITY_KINDS)
    signed_on = DayField(label=_("Date the security was agreed"))
    provider = text_field(_("Guarantor or owner of the security"))
    thing = text_field(_("Property given as security"))
    registered = forms.ChoiceField(
        label=_("Mortgage or pledge registered"), choices=[("", "—"), *yes_no()], required=False
    )
    claim = forms.BooleanField(
        label=_("Also claim against the security"),
        required=False,
        help_text=_("A guarantor you claim against must also be added as a defendant."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind and kind != "none":
            self.require(data, "provider")
        if kind in {"mortgage", "pledge"}:
            self.require(data, "thing")
        if kind == "none" and data.get("claim"):
            self.add_error("claim", _("There is no security to claim against."))
        return data


def security_claims(sec: GuidedForm) -> tuple[list[ClaimLine], str]:
    """The claim against the security, if asked for, and a sentence for the facts."""
    data = sec.cleaned_data
    kind = data["kind"]
    if kind == "none":
        return [], ""
    who, thing = data.get("provider") or "", data.get("thing") or ""
    fact = gettext("%(provider)s provided security for the loan (%(kind)s%(thing)s).") % {
        "provider": who,
        "kind": display(sec.fields["kind"], kind),
        "thing": f"：{thing}" if thing else "",
    }
    if not data.get("claim"):
        return [], fact
    if kind == "joint_guarantee":
        text = gettext("Order %(who)s to be jointly and severally liable for the above debts.")
    elif kind == "general_guarantee":
        text = gettext("Order %(who)s to bear guarantee liability for the above debts.")
    else:
        text = gettext(
            "Declare that the plaintiff has priority to be paid the above debts from the "
            "proceeds of %(thing)s provided by %(who)s."
        )
    return [ClaimLine(text % {"who": who, "thing": thing})], fact
