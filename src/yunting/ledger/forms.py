"""Forms of the public verification page and the administrators' event search."""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import LedgerError, LedgerErrorCode
from .events import registered_event_types
from .selectors import parse_hash

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MAX_UPLOAD = 200 * 1024 * 1024  # hashing is streamed; this only bounds the work per request


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    sha256 = forms.CharField(
        label=_("or its SHA-256 hash"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        text = (data.get("sha256") or "").strip()
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 200 MB."))
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            data["hash"] = digest.hexdigest()
        elif text:
            try:
                data["hash"] = parse_hash(text)
            except LedgerError:
                self.add_error("sha256", LedgerErrorCode.BAD_HASH.message)
        else:
            raise forms.ValidationError(LedgerErrorCode.NO_INPUT.message)
        return data


class EventSearchForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label=_("Actor name"), required=False, max_length=60)
    case_id = forms.UUIDField(label=_("Case ID"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All events"))]
        choices += [(v, m.label) for v, m in registered_event_types().items()]
        self.fields["event_type"].choices = choices

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> dict:
        """Search arguments: dates are whole days in Asia/Shanghai, the end day included."""
        d = self.cleaned_data
        start, end = d.get("date_from"), d.get("date_to")
        return {
            "event_type": d.get("event_type") or "",
            "date_from": dt.datetime.combine(start, dt.time(), SHANGHAI) if start else None,
            "date_to": (
                dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), SHANGHAI)
                if end
                else None
            ),
            "actor_name": (d.get("actor") or "").strip(),
            "case_id": d.get("case_id"),
        }
