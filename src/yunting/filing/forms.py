from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.cases.models import PartyKind, PartyRole, Procedure
from yunting.core.formatting import punctuation
from yunting.courts.models import Court

from .models import AttachmentKind
from .services import AgentInput, PartyInput

AMOUNT_ERRORS = {
    "invalid": _("Enter the amount as a number, e.g. 150000 or 150000.50."),
    "min_value": _("The amount cannot be negative."),
    "max_decimal_places": _("Amounts have at most two decimals (fen)."),
    "max_digits": _("The amount is too large."),
}


class CourtChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Court) -> str:
        return f"{obj.name}{punctuation('lparen')}{obj.code}{punctuation('rparen')}"


def court_field(**kwargs) -> CourtChoiceField:
    return CourtChoiceField(
        queryset=Court.objects.filter(is_active=True).order_by("level", "code"),
        label=_("Court"),
        **kwargs,
    )


class NewFilingForm(forms.Form):
    court = court_field(help_text=_("The court with jurisdiction over the case."))


class BasicsForm(forms.Form):
    court = court_field()
    cause_name = forms.CharField(
        label=_("Cause of action"),
        max_length=100,
        help_text=_("Type part of the name, e.g. 借贷, and choose from the list."),
        widget=forms.TextInput(attrs={"list": "cause-options", "autocomplete": "off"}),
    )
    facts = forms.CharField(
        label=_("Facts and reasons"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    kind = forms.ChoiceField(label=_("Natural person or organisation"), choices=PartyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    id_number = forms.CharField(
        label=_("ID number / unified social credit code"),
        max_length=20,
        required=False,
        help_text=_("Required for plaintiffs; for defendants if known."),
    )
    address = forms.CharField(label=_("Address for service"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    representative = forms.CharField(
        label=_("Legal representative (organisations)"), max_length=60, required=False
    )
    abroad = forms.BooleanField(
        label=_("No domicile in China"),
        required=False,
        help_text=_(
            "Tick for a party living or registered outside the mainland: its periods to answer "
            "and to appeal run 30 days."
        ),
    )
    is_self = forms.BooleanField(label=_("This party is me"), required=False)
    agent_is_me = forms.BooleanField(
        label=_("I act for this party as agent (lawyer)"), required=False
    )
    agent_name = forms.CharField(label=_("Agent's name"), max_length=60, required=False)
    agent_law_firm = forms.CharField(label=_("Law firm"), max_length=100, required=False)
    agent_licence = forms.CharField(
        label=_("Practising licence number"), max_length=30, required=False
    )

    IDENTITY = ("name", "id_number", "phone")  # what "this party is me" fills in
    LAWYER_ONLY = ("agent_is_me", "agent_law_firm", "agent_licence")

    @classmethod
    def for_user(cls, user, data=None, initial=None) -> PartyForm:
        """A lawyer filing usually acts as the party's agent: tick that box for them. The
        lawyer's own fields (acting as agent, law firm, licence) are for lawyers only; "this
        party is me" takes the person's name, ID number and phone from their account, also
        when the form comes back with an error."""
        is_lawyer = Role.LAWYER in user.role_assignments.values_list("role", flat=True)
        if data is not None and data.get("is_self"):
            data = data.copy()
            for key, value in cls.identity_of(user).items():
                data[key] = value
        form = cls(data, initial={"agent_is_me": is_lawyer, **(initial or {})})
        form.user = user
        if not is_lawyer:
            for name in cls.LAWYER_ONLY:
                del form.fields[name]
        return form

    @classmethod
    def identity_of(cls, user) -> dict[str, str]:
        return {"name": user.name, "id_number": user.id_number or "", "phone": user.phone or ""}

    def has_input(self) -> bool:
        """Whether the person typed anything into the party form (so 继续 must not drop it)."""
        data = self.data
        return any((data.get(name) or "").strip() for name in ("name", "id_number", "address",
                   "phone", "representative", "agent_name"))  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("is_self") and not (data.get("name") or "").strip():
            self.add_error("name", forms.ValidationError(_("This field is required."), "required"))
        if data.get("is_self") and data.get("kind") not in (None, "", PartyKind.PERSON):
            self.add_error("is_self", _("Only a natural person can be you."))
        return data

    def to_input(self, user) -> PartyInput:
        """The answers as the filing service takes them."""
        data = self.cleaned_data
        agents = []
        if data.get("agent_is_me"):
            agents.append(
                AgentInput(
                    name=user.name,
                    law_firm=data.get("agent_law_firm", ""),
                    licence_number=data.get("agent_licence", ""),
                    phone=user.phone,
                    is_me=True,
                )
            )
        elif data["agent_name"]:
            agents.append(
                AgentInput(
                    name=data["agent_name"],
                    law_firm=data.get("agent_law_firm", ""),
                    licence_number=data.get("agent_licence", ""),
                )
            )
        return PartyInput(
            role=data["role"],
            kind=data["kind"],
            name=data["name"],
            address=data["address"],
            id_number=data["id_number"],
            phone=data["phone"],
            representative=data["representative"],
            is_self=data["is_self"],
            agents=agents,
            abroad=data.get("abroad", False),
        )


class ClaimForm(forms.Form):
    text = forms.CharField(label=_("Claim"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(
        label=_("Amount (yuan), if the claim has one"),
        required=False,
        min_value=Decimal("0"),
        max_digits=16,
        decimal_places=2,
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, up to 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    agent = forms.ChoiceField(label=_("Power of attorney for"), required=False)

    def __init__(self, *args, agents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = [("", "—")] + [(str(a.id), a.name) for a in agents]


COMMON_CORRECTIONS = [
    _("The complaint is not signed or sealed."),
    _("The defendant's address for service is missing or unclear."),
    _("The plaintiff's identity document is missing or unreadable."),
    _("The claims are unclear: state each claim and its amount."),
    _("The power of attorney is missing or does not cover this case."),
    _("Evidence listed in the complaint has not been uploaded."),
]


class CorrectionForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("What must be corrected"),
        required=False,
        choices=[(str(c), c) for c in COMMON_CORRECTIONS],
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(
        label=_("Other corrections (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def all_items(self) -> list[str]:
        lines = [ln.strip() for ln in self.cleaned_data.get("other", "").splitlines()]
        return [*self.cleaned_data.get("items", []), *[ln for ln in lines if ln]]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for not accepting"), widget=forms.Textarea(attrs={"rows": 4})
    )
    confirm = forms.BooleanField(
        label=_("I confirm the filing is not accepted"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class AcceptForm(forms.Form):
    procedure = forms.ChoiceField(
        label=_("Procedure"), choices=Procedure.choices, initial=Procedure.ORDINARY
    )
    confirm = forms.BooleanField(
        label=_("I have checked the filing and accept the case"),
        error_messages={"required": _("Tick the box to confirm the acceptance.")},
    )
