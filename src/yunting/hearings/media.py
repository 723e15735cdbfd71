"""Where the media goes: ICE servers for peer-to-peer rooms (STUN, and TURN with coturn's
time-limited REST credentials), and the signed join URL of an external SFU (LiveKit)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from django.conf import settings

from .models import MediaMode, Participant, ParticipantRole

TURN_TTL = 6 * 3600


def ice_servers(*, participant: Participant, now: float | None = None) -> list[dict]:
    """``YUNTING_STUN_URLS`` / ``YUNTING_TURN_URLS`` (space-separated). With
    ``YUNTING_TURN_SECRET`` (coturn ``static-auth-secret``) each participant gets a username
    ``<expiry>:<participant>`` and the credential base64(HMAC-SHA1(secret, username))."""
    servers: list[dict] = []
    stun = settings.YUNTING_STUN_URLS
    if stun:
        servers.append({"urls": list(stun)})
    turn = settings.YUNTING_TURN_URLS
    if turn and settings.YUNTING_TURN_SECRET:
        username = f"{int((now or time.time()) + TURN_TTL)}:{participant.id}"
        digest = hmac.new(
            settings.YUNTING_TURN_SECRET.encode(), username.encode(), hashlib.sha1
        ).digest()
        servers.append(
            {
                "urls": list(turn),
                "username": username,
                "credential": base64.b64encode(digest).decode(),
            }
        )
    return servers


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def livekit_token(*, participant: Participant, ttl: int = 3600, now: float | None = None) -> str:
    """A LiveKit access token (JWT, HS256, key ``YUNTING_LIVEKIT_KEY`` / secret
    ``YUNTING_LIVEKIT_SECRET``) for room ``hearing-<id>``. A witness's token subscribes to
    nothing until the judge admits them (a new token is issued at admission)."""
    issued = int(now or time.time())
    may_see = participant.role != ParticipantRole.WITNESS or participant.admitted_at is not None
    claims = {
        "iss": settings.YUNTING_LIVEKIT_KEY,
        "sub": str(participant.id),
        "name": participant.name,
        "nbf": issued,
        "exp": issued + ttl,
        "video": {
            "room": f"hearing-{participant.hearing_id}",
            "roomJoin": True,
            "canPublish": may_see,
            "canSubscribe": may_see,
            "roomAdmin": participant.role == ParticipantRole.JUDGE,
        },
        "metadata": json.dumps({"role": participant.role}),
    }
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    signing_input = f"{header}.{body}".encode()
    sig = hmac.new(settings.YUNTING_LIVEKIT_SECRET.encode(), signing_input, hashlib.sha256)
    return f"{header}.{body}.{_b64(sig.digest())}"


def sfu_join_url(*, participant: Participant) -> str | None:
    """``<sfu_url>?access_token=<jwt>`` when the courtroom uses an SFU, else None."""
    media = getattr(participant.hearing.courtroom, "media", None)
    if media is None or media.mode != MediaMode.SFU or not media.sfu_url:
        return None
    return f"{media.sfu_url}?access_token={livekit_token(participant=participant)}"
