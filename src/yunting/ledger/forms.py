"""Forms of the public verification page and the administrators' event search."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from . import bundle, export_upload, note
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


MAX_BUNDLE = 2 * 1024 * 1024  # a bundle is a few KiB per entry; anything near this is not one


def _key_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class BundleVerifyForm(forms.Form):
    """A proof bundle or a whole log export from another court, and the keys the reader trusts.

    The keys come from the reader, never from the bundle: a bundle naming its own key would
    prove nothing. ``?own=1`` fills in this court's published keys for checking its own."""

    bundle = forms.FileField(
        label=_("Proof bundle (JSON) or a whole log export (ZIP or tar.gz of its folder)")
    )
    log_keys = forms.CharField(
        label=_("Trusted log verifier keys, one per line"),
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "class": "mono"}),
    )
    witness_keys = forms.CharField(
        label=_("Trusted witness verifier keys, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "class": "mono"}),
    )
    quorum = forms.IntegerField(label=_("Witness cosignatures needed"), min_value=0, initial=1)

    def _keys(self, field: str) -> list[str]:
        lines = _key_lines(self.cleaned_data.get(field, ""))
        for n, line in enumerate(lines, start=1):
            try:
                note.parse_verifier_key(line)
            except note.NoteError:
                raise forms.ValidationError(
                    _("Line %(n)s is not a verifier key (name+id+key)."), params={"n": n}
                ) from None
        return lines

    def clean_log_keys(self) -> list[str]:
        return self._keys("log_keys")

    def clean_witness_keys(self) -> list[str]:
        return self._keys("witness_keys")

    def clean_bundle(self) -> dict:
        """A bundle as its parsed JSON, or ``{"export": upload}`` for an export archive."""
        upload = self.cleaned_data["bundle"]
        upload.seek(0)
        head = upload.read(512)
        upload.seek(0)
        if export_upload.is_archive(head):
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 200 MB."))
            return {"export": upload}
        if upload.size > MAX_BUNDLE:
            raise forms.ValidationError(_("The file is larger than 2 MB: not a proof bundle."))
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError(_("The file is not JSON: not a proof bundle.")) from None
        if not isinstance(data, dict) or data.get("format") != bundle.FORMAT:
            raise forms.ValidationError(
                _("The file is not a proof bundle (%(format)s)."), params={"format": bundle.FORMAT}
            )
        return data
