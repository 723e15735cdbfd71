"""iCalendar (RFC 5545) export of a person's hearings and the signed subscription URL."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.utils import timezone

SALT = "hearings.ical"


def subscription_token(user) -> str:
    """A URL-safe token naming the user, signed with the site key: it does not expire, and a
    password change does not revoke it (rotate ``SECRET_KEY`` to revoke all)."""
    return signing.Signer(salt=SALT).sign(str(user.pk))


def token_user_id(token: str) -> str | None:
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


def _esc(text: str) -> str:
    return (
        str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuation lines starting with a space."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return [out[0]] + [" " + rest for rest in out[1:]]


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(hearings, *, name: str, site: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Yunting//Hearings//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_esc(name)}",
    ]
    stamp = _utc(timezone.now())
    for h in hearings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{h.id}@yunting",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(h.starts_at)}",
            f"DTEND:{_utc(h.ends_at)}",
            f"SUMMARY:{_esc(f'{h.case.case_number} {h.get_kind_display()}')}",
            f"LOCATION:{_esc(f'{h.courtroom}' + ('（在线）' if h.online else ''))}",
            f"DESCRIPTION:{_esc(h.case.cause_name)}",
            f"URL:{site}/hearings/{h.id}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"
