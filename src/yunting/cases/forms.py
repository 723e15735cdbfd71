from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yunting.accounts.models import User
from yunting.accounts.roles import Role

from .models import Case


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name


class ReassignForm(forms.Form):
    judge = JudgeChoiceField(label=_("New judge"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason for reassigning"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = (
            User.objects.filter(
                role_assignments__role=Role.JUDGE,
                role_assignments__department=case.department,
                is_active=True,
            )
            .exclude(pk=case.judge_id)
            .order_by("name")
        )
